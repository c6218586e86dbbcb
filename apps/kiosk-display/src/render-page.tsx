import '@turnero/ui/tokens.css';
import type { i18n } from 'i18next';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';

/** Mounts one of this app's pages in #root with its i18n instance. */
export function renderPage(instance: i18n, page: ReactNode): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nextProvider i18n={instance}>{page}</I18nextProvider>
    </StrictMode>,
  );
}
