/**
 * The firm, as the config describes it (all optional but the name). What the law asks every letter
 * and e-mail of a firm to say of itself: FR Code de commerce R123-237 and R123-238 (name, legal form
 * and capital, registered office, SIREN and "RCS" with the registry's town); BE Code des sociétés et
 * des associations 2:20 and Code de droit économique III.25 (name, legal form, seat, enterprise
 * number (BCE/KBO), "RPM/RPR" with the court's seat).
 */
export interface Firm {
  readonly name: string;
  readonly legalForm?: string;
  readonly capital?: string;
  readonly address?: string;
  /** The town the letter is written in ("Fait à Lyon"); else the last part of the address. */
  readonly city?: string;
  readonly siren?: string;
  /** The trade registry: `Lyon` (written "RCS Lyon"). */
  readonly rcs?: string;
  /** The Belgian enterprise number (BCE/KBO): `0123.456.789`. */
  readonly bce?: string;
  /** The Belgian register of legal entities and its court: `Bruxelles` (written "RPM Bruxelles"). */
  readonly rpm?: string;
  readonly vat?: string;
  readonly iban?: string;
  readonly bic?: string;
  /** The holder of the account (default: the firm's name). */
  readonly accountHolder?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly signature?: string;
}
