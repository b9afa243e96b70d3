import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';

/** The languages of the interface. */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
  { code: 'fr', name: 'Français' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'atalaya.lang';

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  const candidates = [stored, ...navigator.languages.map((l) => l.slice(0, 2))];
  return (candidates.find((c) => LANGUAGES.some((l) => l.code === c)) as Language | undefined) ?? 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, es: { translation: es }, fr: { translation: fr } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

/** Follows the language of the user's profile unless a language was chosen on this device. */
export function adoptProfileLanguage(code: Language): void {
  if (!localStorage.getItem(STORAGE_KEY) && i18n.language !== code) void i18n.changeLanguage(code);
}

/** Switches the interface language and remembers it on this device. */
export function setLanguage(code: Language): void {
  localStorage.setItem(STORAGE_KEY, code);
  void i18n.changeLanguage(code);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

export default i18n;
