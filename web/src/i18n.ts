// The interface language: Danish by default, English on request, remembered in localStorage.
// Text lives next to its translation — `tr('Leverandører', 'Vendors')` — so a page never shows
// a key instead of words and a missing English text is a type error, not a blank.
import type { Lang } from './charts/common.ts';

const STORAGE_KEY = 'handlefrihed.lang';

function stored(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'da';
  } catch {
    return 'da';
  }
}

let current: Lang = typeof localStorage === 'undefined' ? 'da' : stored();

export const lang = (): Lang => current;

/** The Danish or the English text, by the chosen language. */
export const tr = (da: string, en: string): string => (current === 'en' ? en : da);

/** Chooses the language, remembers it and sets `<html lang>`; the caller re-renders. */
export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
}
