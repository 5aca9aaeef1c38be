import type { CustomerType } from '../core/charges.ts';
import type { Country } from '../core/interest.ts';
import type { Language } from '../core/types.ts';

/**
 * The sentences of law the reminders and the registered letter say, in one place, by country, type of
 * customer and language. Each is read against its text in docs/reminders.md; a template shows them
 * as they are (`{{ legal.charges }}`), so that a firm's own wording cannot drop or bend the law.
 * They say only what the law allows: no cost beyond the fixed indemnity except on proof, no charge to
 * a consumer beyond what the law lets be claimed, no fee of amicable collection.
 */

export interface LegalContext {
  readonly country: Country;
  readonly type: CustomerType;
  readonly lang: Language;
  /** The current rate, formatted (`12,15 %`); empty when none is quoted. */
  readonly rate: string;
  /** The day of the formal notice, formatted, for a consumer's interest (FR) or the last notice. */
  readonly noticeDate: string | null;
  /** The day of the free first reminder (BE consumer), formatted. */
  readonly firstReminderDate: string | null;
  /** BE consumer: the contract provides damages; the most they can be on what is owed, formatted. */
  readonly consumerDamages: string | null;
  /** The total of this letter, formatted. */
  readonly total: string;
  readonly deadlineDays: number | null;
}

/** `1 jour`, `8 jours`; `1 day`, `8 days`; `1 dag`, `8 dagen`. */
export function daysText(n: number, lang: Language): string {
  if (lang === 'fr') return `${n} jour${Math.abs(n) >= 2 ? 's' : ''}`;
  if (lang === 'nl') return `${n} ${n === 1 ? 'dag' : 'dagen'}`;
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

/** The legal basis of the charges a formal notice or a last notice claims (level 3 and 4). */
export function chargesSentence(c: LegalContext, level: number): string {
  const { country, type, lang, rate } = c;
  if (country === 'FR' && type === 'consumer') {
    const from =
      level >= 4 && c.noticeDate
        ? { fr: `à compter de notre mise en demeure du ${c.noticeDate}`, en: `from our formal notice of ${c.noticeDate}`, nl: `vanaf onze ingebrekestelling van ${c.noticeDate}` }
        : { fr: 'à compter de la présente mise en demeure', en: 'from this formal notice', nl: 'vanaf deze ingebrekestelling' };
    return {
      fr: `Conformément à l'article 1231-6 du Code civil, les sommes dues portent intérêt au taux de l'intérêt légal (${rate} l'an pour le semestre en cours) ${from.fr}.`,
      en: `Under article 1231-6 of the French Civil Code, the sums due bear interest at the legal interest rate (${rate} a year for the current half-year) ${from.en}.`,
      nl: `Overeenkomstig artikel 1231-6 van het Franse Burgerlijk Wetboek brengen de verschuldigde bedragen interest op tegen de wettelijke rentevoet (${rate} per jaar voor het lopende halfjaar) ${from.nl}.`,
    }[lang];
  }
  if (country === 'FR' && type === 'public') {
    return {
      fr: `Conformément aux articles L2192-13, R2192-31 et D2192-35 du Code de la commande publique, le dépassement du délai de paiement fait courir de plein droit des intérêts moratoires, au taux de refinancement de la Banque centrale européenne en vigueur au premier jour du semestre au cours duquel ils ont commencé à courir, majoré de 8 points (${rate} l'an), ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 EUR par facture.`,
      en: `Under articles L2192-13, R2192-31 and D2192-35 of the French Public Procurement Code, late payment gives rise by law to late-payment interest, at the European Central Bank's refinancing rate in force on the first day of the half-year in which it began to run plus 8 points (${rate} a year), and to a fixed indemnity for recovery costs of EUR 40 per invoice.`,
      nl: `Overeenkomstig de artikelen L2192-13, R2192-31 en D2192-35 van het Franse wetboek overheidsopdrachten doet de overschrijding van de betalingstermijn van rechtswege verwijlinteresten lopen, tegen de herfinancieringsrente van de Europese Centrale Bank die gold op de eerste dag van het halfjaar waarin ze begonnen te lopen, verhoogd met 8 punten (${rate} per jaar), evenals een forfaitaire vergoeding voor invorderingskosten van 40 EUR per factuur.`,
    }[lang];
  }
  if (country === 'FR') {
    return {
      fr: `Conformément aux articles L441-10 et D441-5 du Code de commerce, des pénalités de retard sont dues de plein droit, sans qu'un rappel soit nécessaire, à compter du jour suivant la date d'échéance, au taux de refinancement de la Banque centrale européenne majoré de 10 points, fixé pour chaque semestre (${rate} l'an pour le semestre en cours), ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 EUR par facture payée en retard.`,
      en: `Under articles L441-10 and D441-5 of the French Commercial Code, late-payment interest is due by law, without any reminder being needed, from the day after the due date, at the European Central Bank's refinancing rate plus 10 points, set for each half-year (${rate} a year for the current half-year), together with a fixed indemnity for recovery costs of EUR 40 per invoice paid late.`,
      nl: `Overeenkomstig de artikelen L441-10 en D441-5 van het Franse Wetboek van Koophandel is van rechtswege, zonder dat een herinnering nodig is, vanaf de dag na de vervaldag een verwijlinterest verschuldigd tegen de herfinancieringsrente van de Europese Centrale Bank verhoogd met 10 punten, vastgesteld per halfjaar (${rate} per jaar voor het lopende halfjaar), evenals een forfaitaire vergoeding voor invorderingskosten van 40 EUR per te laat betaalde factuur.`,
    }[lang];
  }
  if (type === 'consumer') {
    const damages = c.consumerDamages
      ? {
          fr: `, ainsi que l'indemnité forfaitaire prévue par nos conditions générales, dans les limites fixées par le livre XIX du Code de droit économique (${c.consumerDamages} au total pour cette lettre)`,
          en: `, together with the fixed indemnity our terms provide, within the limits set by Book XIX of the Belgian Code of Economic Law (${c.consumerDamages} in total for this letter)`,
          nl: `, evenals de forfaitaire schadevergoeding die onze algemene voorwaarden bepalen, binnen de grenzen van boek XIX van het Wetboek van economisch recht (${c.consumerDamages} in totaal voor deze brief)`,
        }[lang]
      : '';
    const since = c.firstReminderDate ?? '';
    return {
      fr: `Conformément au livre XIX du Code de droit économique, le délai de 14 jours qui suivait notre premier rappel gratuit du ${since} étant expiré, des intérêts de retard au taux d'intérêt légal (${rate} l'an) courent depuis son expiration${damages}.`,
      en: `Under Book XIX of the Belgian Code of Economic Law, the 14 days that followed our free first reminder of ${since} having expired, late interest at the legal interest rate (${rate} a year) runs from their expiry${damages}.`,
      nl: `Overeenkomstig boek XIX van het Wetboek van economisch recht loopt, nu de termijn van 14 dagen na onze eerste kosteloze herinnering van ${since} verstreken is, sinds het verstrijken ervan een verwijlinterest tegen de wettelijke rentevoet (${rate} per jaar)${damages}.`,
    }[lang];
  }
  return {
    fr: `Conformément à la loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les transactions commerciales, des intérêts de retard sont dus de plein droit et sans mise en demeure à compter du jour suivant l'échéance, au taux d'intérêt de référence fixé pour chaque semestre (${rate} pour le semestre en cours), ainsi qu'une indemnité forfaitaire de 40 EUR par facture.`,
    en: `Under the Belgian law of 2 August 2002 on combating late payment in commercial transactions, late interest is due by law and without formal notice from the day after the due date, at the reference rate set for each half-year (${rate} for the current half-year), together with a fixed indemnity of EUR 40 per invoice.`,
    nl: `Overeenkomstig de wet van 2 augustus 2002 betreffende de bestrijding van de betalingsachterstand bij handelstransacties is van rechtswege en zonder ingebrekestelling vanaf de dag na de vervaldag een interest verschuldigd tegen de referentie-interestvoet die per halfjaar wordt vastgesteld (${rate} voor het lopende halfjaar), evenals een forfaitaire schadevergoeding van 40 EUR per factuur.`,
  }[lang];
}

/** Costs beyond the fixed indemnity: claimable only on proof, and only from a business; nothing is said to a consumer. */
export function furtherCostsSentence(c: LegalContext): string {
  if (c.type === 'consumer') return '';
  if (c.country === 'FR') {
    return {
      fr: "Les frais de recouvrement exposés au-delà de l'indemnité forfaitaire ne pourront vous être demandés que sur justification.",
      en: 'Recovery costs incurred beyond the fixed indemnity may be claimed from you only on proof.',
      nl: 'Invorderingskosten boven de forfaitaire vergoeding kunnen slechts op bewijs van u gevorderd worden.',
    }[c.lang];
  }
  return {
    fr: "Les autres frais de recouvrement exposés au-delà de l'indemnité forfaitaire ne pourront vous être demandés que sur justification, dans la mesure où ils sont raisonnables (loi du 2 août 2002, article 6).",
    en: 'Other recovery costs incurred beyond the fixed indemnity may be claimed from you only on proof, and only as far as they are reasonable (law of 2 August 2002, article 6).',
    nl: 'Andere invorderingskosten boven de forfaitaire schadevergoeding kunnen slechts op bewijs en voor zover redelijk van u gevorderd worden (wet van 2 augustus 2002, artikel 6).',
  }[c.lang];
}

/** What follows the last notice if it remains unpaid. */
export function nextStepSentence(c: LegalContext): string {
  const days = c.deadlineDays === null ? null : daysText(c.deadlineDays, c.lang);
  if (c.country === 'FR') {
    return {
      fr: `Sans règlement ${days ? `dans un délai de ${days} à compter de la réception de ce courrier` : 'de votre part'}, nous engagerons sans autre avis une procédure judiciaire de recouvrement (injonction de payer).`,
      en: `Failing payment ${days ? `within ${days} of receiving this letter` : 'from you'}, we will start court proceedings for recovery (injonction de payer) without further notice.`,
      nl: `Zonder betaling ${days ? `binnen ${days} na ontvangst van deze brief` : 'van uw kant'} starten wij zonder verder bericht een gerechtelijke invorderingsprocedure (injonction de payer).`,
    }[c.lang];
  }
  const procedure =
    c.type === 'consumer'
      ? { fr: 'une procédure judiciaire de recouvrement', en: 'court proceedings for recovery', nl: 'een gerechtelijke invorderingsprocedure' }
      : {
          fr: 'la procédure de recouvrement des dettes d’argent non contestées ou une procédure judiciaire',
          en: 'the procedure for the recovery of uncontested debts or court proceedings',
          nl: 'de procedure tot invordering van onbetwiste geldschulden of een gerechtelijke procedure',
        };
  return {
    fr: `Sans règlement ${days ? `dans un délai de ${days} à compter de la réception de ce courrier` : 'de votre part'}, nous engagerons sans autre avis ${procedure.fr}.`,
    en: `Failing payment ${days ? `within ${days} of receiving this letter` : 'from you'}, we will start ${procedure.en} without further notice.`,
    nl: `Zonder betaling ${days ? `binnen ${days} na ontvangst van deze brief` : 'van uw kant'} starten wij zonder verder bericht ${procedure.nl}.`,
  }[c.lang];
}

/** The formal notice itself (level 3): the sum and the deadline. */
export function formalNoticeSentence(c: LegalContext): string {
  const days = daysText(c.deadlineDays ?? 8, c.lang);
  return {
    fr: `Par la présente, nous vous mettons en demeure de nous régler la somme de ${c.total} dans un délai de ${days} à compter de la réception de ce courrier.`,
    en: `We hereby give you formal notice to pay us ${c.total} within ${days} of receiving this letter.`,
    nl: `Hierbij stellen wij u in gebreke om ons het bedrag van ${c.total} te betalen binnen ${days} na ontvangst van deze brief.`,
  }[c.lang];
}

/**
 * A Belgian consumer's first reminder is free and gives 14 days (Book XIX): it says so, and what may
 * be claimed after them.
 */
export function freeReminderSentence(c: LegalContext): string {
  if (!(c.country === 'BE' && c.type === 'consumer')) return '';
  const days = daysText(c.deadlineDays ?? 14, c.lang);
  const damages = c.consumerDamages
    ? {
        fr: ` et l'indemnité forfaitaire prévue par nos conditions générales (${c.consumerDamages} au plus)`,
        en: ` and the fixed indemnity our terms provide (at most ${c.consumerDamages})`,
        nl: ` en de forfaitaire schadevergoeding die onze algemene voorwaarden bepalen (ten hoogste ${c.consumerDamages})`,
      }[c.lang]
    : '';
  return {
    fr: `Ce premier rappel est gratuit. Vous disposez d'un délai de ${days} calendrier, à compter du jour qui suit l'envoi de ce message, pour payer ${c.total}. Passé ce délai, des intérêts de retard au taux d'intérêt légal (${c.rate} l'an)${damages} pourront vous être réclamés, conformément au livre XIX du Code de droit économique.`,
    en: `This first reminder is free of charge. You have ${days}, from the day after this message was sent, to pay ${c.total}. After that, late interest at the legal interest rate (${c.rate} a year)${damages} may be claimed from you, under Book XIX of the Belgian Code of Economic Law.`,
    nl: `Deze eerste herinnering is kosteloos. U beschikt over een termijn van ${days}, te rekenen vanaf de dag na de verzending van dit bericht, om ${c.total} te betalen. Na die termijn kunnen u een verwijlinterest tegen de wettelijke rentevoet (${c.rate} per jaar)${damages} aangerekend worden, overeenkomstig boek XIX van het Wetboek van economisch recht.`,
  }[c.lang];
}
