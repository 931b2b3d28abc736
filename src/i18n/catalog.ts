import type { Locale } from '../config.js';
import { de } from './de.js';
import { en, type Messages } from './en.js';
import { fr } from './fr.js';
import { it } from './it.js';

export type { DayDate, Messages, WindowWords } from './en.js';

/** Every locale's messages; each catalog is typed against the English one. */
export const CATALOGS: Readonly<Record<Locale, Messages>> = Object.freeze({ en, fr, de, it });

/** The messages of one locale. */
export function getMessages(locale: Locale): Messages {
  return CATALOGS[locale];
}
