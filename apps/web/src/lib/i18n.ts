import i18next, { type Resource } from 'i18next';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { vi } from '../locales/vi.ts';
import type { Language } from './api-client.ts';

export const languages: readonly Language[] = ['vi', 'en'];
const storageKey = 'danso.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}

function isLanguage(value: unknown): value is Language {
  return value === 'vi' || value === 'en';
}

/** The language chosen earlier on this device; Vietnamese otherwise. */
export function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(storageKey);
    return isLanguage(value) ? value : 'vi';
  } catch {
    return 'vi';
  }
}

/**
 * English is fetched when it is first chosen: most phones never show it, and the first load (the login page
 * on a slow network) should not carry a second copy of every message.
 */
async function englishMessages() {
  return (await import('../locales/en.ts')).en;
}

/** Makes sure the messages of `language` are loaded (the service worker keeps them for offline use too). */
export async function loadLanguage(language: Language): Promise<void> {
  if (language === 'en' && !i18next.hasResourceBundle('en', 'translation')) {
    i18next.addResourceBundle('en', 'translation', await englishMessages());
  }
}

export async function initI18n(language: Language): Promise<typeof i18next> {
  document.documentElement.lang = language;
  const resources: Resource =
    language === 'en'
      ? { vi: { translation: vi }, en: { translation: await englishMessages() } }
      : { vi: { translation: vi } };
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'vi',
    resources,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  i18next.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
  return i18next;
}

/** The language the user reads now, and a way to change it (remembered on this device). */
export function useLanguage(): [Language, (next: Language) => void] {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'vi';
  const change = useCallback(
    (next: Language) => {
      try {
        window.localStorage.setItem(storageKey, next);
      } catch {
        // Private browsing can refuse storage; the choice then lasts for this page only.
      }
      void loadLanguage(next).then(() => i18n.changeLanguage(next));
    },
    [i18n],
  );
  return [language, change];
}
