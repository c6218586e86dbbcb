import { useEffect } from 'react';

/** The tab's title names the page first (screen readers announce it on navigation). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Turnero`;
  }, [title]);
}
