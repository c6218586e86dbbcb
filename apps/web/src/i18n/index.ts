import { createI18n } from '@turnero/ui';
import { en as applicantEn } from '../applicant/i18n/en.js';
import { es as applicantEs } from '../applicant/i18n/es.js';
import { en } from './en.js';
import { es } from './es.js';

/**
 * The web app's one i18next instance. Namespaces per area, so that each team edits its own files:
 * `translation` (the shell), `applicant` (bundled: the public pages load first), and `staff`,
 * which the lazily loaded console adds itself (staff/i18n/index.ts, addResourceBundle).
 */
export const i18n = createI18n(
  { es: { translation: es, applicant: applicantEs }, en: { translation: en, applicant: applicantEn } },
  { fallbackLng: 'es', supportedLngs: ['es', 'en'] },
);
