import i18next, { type i18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

/** Where the chosen language is kept between visits (per browser, so per kiosk). */
export const LANGUAGE_STORAGE_KEY = 'turnero.language';

export interface I18nOptions {
  /** The default and the fallback for missing keys: Spanish, the offices' language. */
  fallbackLng?: string;
  /** Languages offered; default: those of `resources`. */
  supportedLngs?: readonly string[];
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // storage blocked (private mode, kiosk policy): Spanish
  }
}

/**
 * An i18next instance for one app, ready before the first render (resources are bundled, so
 * init is synchronous). The language starts as the stored choice, else Spanish (not the browser's:
 * public-office screens and kiosks are shared); each change is stored and set on `<html lang>`.
 */
export function createI18n(resources: Resource, options: I18nOptions = {}): i18n {
  const fallbackLng = options.fallbackLng ?? 'es';
  const supportedLngs = [...(options.supportedLngs ?? Object.keys(resources))];
  const stored = storedLanguage();
  const instance = i18next.createInstance();
  instance.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // not kept: the next visit starts in Spanish
    }
  });
  void instance.use(initReactI18next).init({
    resources,
    lng: stored && supportedLngs.includes(stored) ? stored : fallbackLng,
    fallbackLng,
    supportedLngs,
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  return instance;
}

/** The Intl locale of an app language: Chilean Spanish for `es` (dates, 24-hour clock). */
export function intlLocale(language: string): string {
  return language === 'es' ? 'es-CL' : language === 'en' ? 'en-US' : language;
}
