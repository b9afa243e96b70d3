import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

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

/**
 * Each catalogue is its own chunk, fetched when its language is first used: the first load carries one
 * language, not three. The catalogues hold the same keys (a test checks), so no fallback language is needed.
 */
const CATALOGUES: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./locales/en.json'),
  es: () => import('./locales/es.json'),
  fr: () => import('./locales/fr.json'),
};

async function load(code: Language): Promise<void> {
  if (i18n.hasResourceBundle(code, 'translation')) return;
  i18n.addResourceBundle(code, 'translation', (await CATALOGUES[code]()).default);
}

/** Switches to a language once its catalogue is loaded. */
async function switchTo(code: Language): Promise<void> {
  await load(code);
  await i18n.changeLanguage(code);
}

/** Starts i18n in the device's language; resolves when its catalogue is loaded, before the first render. */
export async function startI18n(): Promise<void> {
  const lng = initialLanguage();
  await i18n.use(initReactI18next).init({
    resources: {},
    lng,
    fallbackLng: false,
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
  });
  await switchTo(lng);
}

/** Follows the language of the user's profile unless a language was chosen on this device. */
export function adoptProfileLanguage(code: Language): void {
  if (!localStorage.getItem(STORAGE_KEY) && i18n.language !== code) void switchTo(code);
}

/** Switches the interface language and remembers it on this device. */
export function setLanguage(code: Language): void {
  localStorage.setItem(STORAGE_KEY, code);
  void switchTo(code);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

export default i18n;
