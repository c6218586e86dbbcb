import { createKioskI18n } from '../i18n/index.js';
import { renderPage } from '../render-page.js';
import { KioskPage } from './kiosk-page.js';

renderPage(createKioskI18n(), <KioskPage />);
