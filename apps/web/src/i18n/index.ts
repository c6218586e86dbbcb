import { createI18n } from '@turnero/ui';
import { en } from './en.js';
import { es } from './es.js';

export const i18n = createI18n({ es: { translation: es }, en: { translation: en } }, { fallbackLng: 'es', supportedLngs: ['es', 'en'] });
