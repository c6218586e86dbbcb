import { createI18n } from '@turnero/ui';
import { en } from './en.js';
import { es } from './es.js';
import { ht } from './ht.js';

const resources = { es: { translation: es }, en: { translation: en }, ht: { translation: ht } };

/** The waiting-room screen shows Spanish only by default; the kiosk offers Haitian Creole too. */
export const createDisplayI18n = () => createI18n(resources, { supportedLngs: ['es', 'en'] });
export const createKioskI18n = () => createI18n(resources, { supportedLngs: ['es', 'en', 'ht'] });
