import { useTranslation } from 'react-i18next';
import type { Language } from '../lib/api-client.ts';
import { languages, useLanguage } from '../lib/i18n.ts';

const names: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English' };

/** Two buttons, VI and EN; each names its language in that language, as language pickers should. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const [language, setLanguage] = useLanguage();
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('header.language')}</legend>
      {languages.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          title={names[option]}
          aria-label={names[option]}
          aria-pressed={option === language}
          className={option === language ? 'active' : undefined}
          onClick={() => setLanguage(option)}
        >
          {option.toUpperCase()}
        </button>
      ))}
    </fieldset>
  );
}
