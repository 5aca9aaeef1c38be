/** The language of what `ar` prints for people (its help, tables, messages, reports). */
export type Lang = 'fr' | 'en';
