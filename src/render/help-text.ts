import type { Lang } from './aging-report.ts';

/**
 * The help and commander's own messages in the reader's language. The program is described in English
 * in src/cli.ts; `HELP_FR` gives each text in French (a test checks that none is missing).
 */

/** Texts asked for in French that have no translation (read by the tests). */
export const UNTRANSLATED = new Set<string>();

/** The translator of the help's texts; the French table is loaded only for a French reader. */
export async function helpTranslator(lang: Lang): Promise<(text: string) => string> {
  if (lang !== 'fr') return (text) => text;
  const { HELP_FR } = await import('./help-fr.ts');
  return (text) => {
    const t = HELP_FR[text];
    if (t === undefined) {
      UNTRANSLATED.add(text);
      return text;
    }
    return t;
  };
}

/** What commander adds to a description: its default and its choices. */
export function helpTranslated(text: string, lang: Lang): string {
  if (lang !== 'fr') return text;
  return text.replace(/([(,] )?default: /, (_, before: string | undefined) => `${before ?? ''}par défaut : `).replace('(choices: ', '(valeurs : ');
}

/** commander's error messages (`error: unknown option '--x'`…), said in French when the reader reads French. */
export function commanderError(text: string, lang: Lang): string {
  if (lang !== 'fr') return text;
  const rules: [RegExp, (...m: string[]) => string][] = [
    [/^error: unknown option '([^']*)'/, (_, o) => `erreur : option inconnue « ${o} »`],
    [/^error: unknown command '([^']*)'/, (_, c) => `erreur : commande inconnue « ${c} »`],
    [/^error: missing required argument '([^']*)'/, (_, a) => `erreur : argument obligatoire manquant « ${a} »`],
    [/^error: option '([^']*)' argument missing/, (_, o) => `erreur : l'option « ${o} » attend une valeur`],
    [/^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\./, (_, o, v, c) => `erreur : option « ${o} » : « ${v} » n'est pas une valeur permise (${c})`],
    [/^error: too many arguments for '([^']*)'\. Expected (\d+) arguments? but got (\d+)\./, (_, c, e, g) => `erreur : trop d'arguments pour « ${c} » : ${e} attendu(s), ${g} donné(s)`],
    [/^error: too many arguments\. Expected (\d+) arguments? but got (\d+)\./, (_, e, g) => `erreur : trop d'arguments : ${e} attendu(s), ${g} donné(s)`],
    [/\(Did you mean ([^)]*)\?\)/, (_, x) => `(Vouliez-vous dire ${x} ?)`],
  ];
  let out = text;
  for (const [re, f] of rules) out = out.replace(re, (...m: string[]) => f(...m));
  return out;
}
