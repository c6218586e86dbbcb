import { useEffect } from 'react';

/** The tab's title follows the page (screen readers announce it on navigation). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    const previous = document.title;
    document.title = `${title} · Turnero`;
    return () => {
      document.title = previous;
    };
  }, [title]);
}
