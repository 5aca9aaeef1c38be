import { input } from '@inquirer/prompts';
import type { Cents } from '../core/money.ts';
import type { Rate } from '../core/rational.ts';
import { UsageError } from '../errors.ts';
import { message as catalogueMessage } from '../render/messages.ts';
import type { Lang } from '../model/lang.ts';
import { cliAmount } from './impact.ts';
import { checkRate } from './rates.ts';

/**
 * Asks, on a terminal, for the values `ar impact` misses, with the config's values as defaults.
 * Loaded only when a prompt is needed (inquirer costs start-up time).
 */
export async function askImpactValues(
  known: { unpaid: Cents | null; revenue: Cents | null; margin: Rate | null },
  defaults: { revenue: Cents | null; margin: Rate | null },
  lang: Lang,
): Promise<{ unpaid: Cents; revenue: Cents; margin: Rate }> {
  const fr = lang === 'fr';
  const amount = async (message: string, preset: Cents | null = null): Promise<Cents> => {
    const v = await input({
      message,
      // A refused answer is cleared, not kept for the next one to be typed after it.
      theme: { validationFailureMode: 'clear' },
      ...(preset !== null ? { default: (preset / 100).toFixed(2) } : {}),
      validate: (s) => {
        try {
          return cliAmount('', s) > 0 || (fr ? 'un montant positif' : 'a positive amount');
        } catch (e) {
          if (e instanceof UsageError && e.code === 'ambiguous_amount') return catalogueMessage(e.code, e.params, lang).replace(/^ : |^: /, '');
          return fr ? 'un montant, par ex. 12000, 12 000,50 ou 1 234,56 €' : 'an amount, e.g. 12000, 12,000.50 or €1,234.56';
        }
      },
    });
    return cliAmount('', v);
  };
  const unpaid = known.unpaid ?? (await amount(fr ? 'Montant impayé (TTC) :' : 'Unpaid amount (incl. VAT):'));
  const revenue = known.revenue ?? (await amount(fr ? 'Chiffre d’affaires annuel (HT) :' : 'Annual revenue (excl. VAT):', defaults.revenue));
  let margin = known.margin;
  if (margin === null) {
    const v = await input({
      theme: { validationFailureMode: 'clear' },
      message: fr ? 'Marge nette (par ex. 5 %) :' : 'Net margin (e.g. 5%):',
      ...(defaults.margin !== null ? { default: `${Number(((Number(defaults.margin.num) / Number(defaults.margin.den)) * 100).toPrecision(12))}%` } : {}),
      // The same rule and range as --margin, and the same message.
      validate: (s) => {
        const c = checkRate('--margin', s, 'margin');
        return c.ok || catalogueMessage(c.code, c.params, lang);
      },
    });
    const c = checkRate('--margin', v, 'margin');
    if (!c.ok) throw new Error('unreachable: the prompt validated the margin');
    margin = c.rate;
  }
  return { unpaid, revenue, margin };
}
