import { useTranslation } from 'react-i18next';

/** Each language's name in that language, so a reader finds their own without reading the others. */
export const LANGUAGE_NAMES: Record<string, string> = { es: 'Español', en: 'English', ht: 'Kreyòl ayisyen' };

export interface LanguageSwitcherProps {
  /** Languages offered; default: the i18n instance's supported languages. */
  languages?: readonly string[];
  /** The group's accessible name, in the app's words (e.g. t('language')). */
  label: string;
  className?: string;
}

/** One button per language (large touch targets on kiosks); the current one is pressed. */
export function LanguageSwitcher({ languages, label, className }: LanguageSwitcherProps) {
  const { i18n } = useTranslation();
  const supported = i18n.options.supportedLngs;
  const offered = languages ?? (Array.isArray(supported) ? supported.filter((l: string) => l !== 'cimode') : ['es']);
  return (
    <div role="group" aria-label={label} className={['t-language-switcher', className].filter(Boolean).join(' ')}>
      {offered.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={i18n.resolvedLanguage === language}
          onClick={() => void i18n.changeLanguage(language)}
        >
          {LANGUAGE_NAMES[language] ?? language}
        </button>
      ))}
    </div>
  );
}
