import { createDisplayI18n } from '../i18n/index.js';
import { renderPage } from '../render-page.js';
import { DisplayPage } from './display-page.js';

renderPage(createDisplayI18n(), <DisplayPage />);
