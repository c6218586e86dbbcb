import '@turnero/ui/tokens.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './app.js';
import { i18n } from './i18n/index.js';
import { serverClock } from './server-clock.js';

// "Today" is the office's, by the server's clock: learn it first (one small request, at most 3 s).
void serverClock.ready().finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </I18nextProvider>
    </StrictMode>,
  ),
);
