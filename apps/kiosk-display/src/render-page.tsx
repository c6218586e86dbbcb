import '@turnero/ui/tokens.css';
import type { i18n } from 'i18next';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { serverClock } from './server-clock.js';

/**
 * Mounts one of this app's pages in #root with its i18n instance, once the server's clock is known
 * (at most 3 s; it keeps refreshing itself), so the office's time shows from the first paint.
 */
export function renderPage(instance: i18n, page: ReactNode): void {
  void serverClock.ready().finally(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <I18nextProvider i18n={instance}>{page}</I18nextProvider>
      </StrictMode>,
    ),
  );
}
