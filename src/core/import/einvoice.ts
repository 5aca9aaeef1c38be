import { referenceKey } from '../compare.ts';
import { dayFromYmd, isValidYmd, type Day } from '../dates.ts';
import { cents as toCents, currencyCode, type Cents, type Currency } from '../money.ts';
import { DEFAULT_TERMS, dueDateFromTerms, parseTerms, type EndOfMonthRule, type Terms } from '../terms.ts';
import type { Invoice, Payment, Problem } from '../types.ts';
import type { ImportCount, ImportResult, TermsLookup } from './ledger.ts';
import type { XmlElement } from './xml.ts';

/**
 * E-invoices (UBL 2.1 Invoice/CreditNote, UN/CEFACT CII CrossIndustryInvoice, the CII inside a
 * Factur-X PDF) and French lifecycle messages (CDAR), mapped to invoices, payments and problems.
 * Pure: `src/io/read-einvoice.ts` reads the files and parses the XML into `XmlNode`s; this module
 * only reads those trees, so that the mapping is tested without files.
 */

/**
 * An XML element as the mappers see it: its local name (`name`), the name as written (`qname`, in
 * messages), its namespace, attributes, child elements, text.
 */
export type XmlNode = XmlElement;

const NS = {
  ublInvoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  ublCreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cii: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  cdar: 'urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
} as const;

/**
 * The namespaces the prefixes of the mappers' paths stand for (`cac:Party`): an element matches a step
 * only in that namespace, whatever prefix the file binds to it. `rsm` is the document's own (CII or CDAR).
 */
const PATH_NS: Readonly<Record<string, readonly string[]>> = Object.assign(Object.create(null) as Record<string, readonly string[]>, {
  cac: [NS.cac],
  cbc: [NS.cbc],
  ram: [NS.ram],
  udt: [NS.udt],
  rsm: [NS.cii, NS.cdar],
});

export type DocumentKind = 'ubl' | 'cii' | 'cdar';

/**
 * What a parsed XML document is: a UBL invoice or credit note, a CII invoice, a CDAR lifecycle
 * message; or why it is none (ZUGFeRD 1.0 is named, being the usual old Factur-X predecessor).
 */
function documentKind(root: XmlNode): { kind: DocumentKind } | { error: 'zugferd1' | 'not_einvoice'; params: Record<string, string> } {
  const local = root.name;
  const ns = root.ns;
  if ((local === 'Invoice' && ns === NS.ublInvoice) || (local === 'CreditNote' && ns === NS.ublCreditNote)) return { kind: 'ubl' };
  if (local === 'CrossIndustryInvoice' && ns === NS.cii) return { kind: 'cii' };
  if (local === 'CrossDomainAcknowledgementAndResponse' && ns === NS.cdar) return { kind: 'cdar' };
  if (local === 'CrossIndustryDocument') return { error: 'zugferd1', params: {} };
  return { error: 'not_einvoice', params: { root: root.qname, namespace: ns } };
}

// ── Reading a tree ────────────────────────────────────────────────────────────────────────────────

function childrenNamed(n: XmlNode, local: string, ns: readonly string[]): XmlNode[] {
  return n.children.filter((c) => c.name === local && ns.includes(c.ns));
}

/**
 * Every element at a path (`cac:A/cbc:B`): each step matches by local name and by the namespace its
 * prefix stands for (`PATH_NS`), whatever prefix the file uses; an element of another namespace never
 * matches.
 */
function all(n: XmlNode, path: string): XmlNode[] {
  let level: XmlNode[] = [n];
  for (const step of path.split('/')) {
    const i = step.indexOf(':');
    const ns = PATH_NS[step.slice(0, i)];
    if (i < 0 || ns === undefined) throw new Error(`the path step "${step}" has no known prefix`);
    const local = step.slice(i + 1);
    level = level.flatMap((x) => childrenNamed(x, local, ns));
    if (level.length === 0) break;
  }
  return level;
}

function first(n: XmlNode, path: string): XmlNode | null {
  return all(n, path)[0] ?? null;
}

function textOf(n: XmlNode | null): string | null {
  return n === null || n.text === '' ? null : n.text;
}

/** The first non-empty text at a path. */
function textAt(n: XmlNode, path: string): string | null {
  for (const x of all(n, path)) if (x.text !== '') return x.text;
  return null;
}

/**
 * Cents from an `xs:decimal` amount (`1656.25`, `-233.47`, `160.0000`, `25`), exactly: no float.
 * More than two decimals is an error unless the extra ones are zeros.
 * @example centsFromDecimal("1656.25") → { ok: true, value: 165625 }
 */
export function centsFromDecimal(text: string): { ok: true; value: Cents } | { ok: false; error: 'not_an_amount' | 'too_many_decimals' | 'too_large' } {
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return { ok: false, error: 'not_an_amount' };
  const whole = (m[2] ?? '').replace(/^0+(?=\d)/, '');
  const frac = m[3] ?? '';
  if (frac.length > 2 && /[^0]/.test(frac.slice(2))) return { ok: false, error: 'too_many_decimals' };
  if (whole.length > 13) return { ok: false, error: 'too_large' };
  const cents = Number(whole === '' ? '0' : whole) * 100 + Number(`${frac}00`.slice(0, 2));
  return { ok: true, value: toCents(m[1] === '-' && cents !== 0 ? -cents : cents) };
}

/**
 * A calendar day from an e-invoice date: UBL `xs:date` (`2017-11-13`, a zone suffix ignored) or a
 * CII/CDAR `DateTimeString` with its format (102 `20171113`, 203 `YYYYMMDDHHMM`, 204 `YYYYMMDDHHMMSS`:
 * the day only). Null when it is not a real date.
 */
export function dayFromXmlDate(text: string, format: string | null = null): Day | null {
  const t = text.trim();
  let m: RegExpExecArray | null;
  if (format === null || format === '') {
    m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[TZ+-])/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  } else if (format === '102') {
    m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  } else if (format === '203' || format === '204') {
    m = /^(\d{4})(\d{2})(\d{2})\d{4}(\d{2})?$/.exec(t);
  } else {
    return null;
  }
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : null;
}

// ── The buyer: which identifier becomes the customer id ─────────────────────────────────────────

/** One identifier of the buyer as the document gives it. */
export interface PartyId {
  readonly value: string;
  readonly scheme: string | null;
}

/** ICD / EAS codes that carry a French SIREN or SIRET (0002 SIRENE, 0009 SIRET, 0225 French CTC address). */
const FR_SIRENE = new Set(['0002', '0009', '0225']);

/**
 * A French SIREN or a Belgian enterprise number (KBO/BCE) from a VAT number: `FR12812345678` →
 * `812345678`, `BE0123456789` → `0123456789`; null for other countries.
 */
function legalIdFromVat(vat: string): string | null {
  const v = vat.toUpperCase().replace(/[\s.-]/g, '');
  const fr = /^FR[0-9A-Z]{2}(\d{9})$/.exec(v);
  if (fr) return fr[1]!;
  const be = /^BE([01]?\d{9})$/.exec(v);
  if (be) return be[1]!.padStart(10, '0');
  return null;
}

function normalizeId(id: PartyId, kind: 'legal' | 'vat' | 'endpoint' | 'identifier'): string {
  const raw = id.value.replace(/\s+/g, '');
  const digits = raw.replace(/[^0-9]/g, '');
  if (id.scheme !== null && FR_SIRENE.has(id.scheme) && /^\d{9}/.test(raw.replace(/[\s.]/g, ''))) {
    // A SIRET is an establishment: what is owed is owed by the company, its SIREN (first 9 digits).
    return raw.replace(/[\s.]/g, '').slice(0, 9);
  }
  if (id.scheme === '0208' && (digits.length === 10 || digits.length === 9)) return digits.padStart(10, '0');
  if (kind === 'vat' || id.scheme === '9925' || id.scheme === '9957') {
    return legalIdFromVat(raw) ?? raw.toUpperCase().replace(/[.-]/g, '');
  }
  if (kind === 'endpoint' && id.scheme !== null) return `${id.scheme}:${raw}`;
  return raw;
}

/**
 * The customer id of a buyer, in this documented order: its legal registration id (BT-47: SIREN,
 * SIRET cut to its SIREN, KBO/BCE, …), else its VAT number (BT-48; a French or Belgian one is
 * turned into the SIREN or KBO number it contains, so that one firm gets one id however its
 * invoices name it), else its electronic address (BT-49, the Peppol endpoint, as `scheme:value`
 * unless it carries a SIREN, SIRET or KBO number), else the identifier the seller gave it (BT-46,
 * often the customer code of the seller's books), else its name. Null when there is none.
 *
 * @example customerIdOf({ legal: [], vat: [{ value: 'FR19787878784', scheme: null }], endpoint: [], identifier: [], name: null }) === '787878784'
 */
export function customerIdOf(buyer: { legal: readonly PartyId[]; vat: readonly PartyId[]; endpoint: readonly PartyId[]; identifier: readonly PartyId[]; name: string | null }): string | null {
  for (const [kind, ids] of [
    ['legal', buyer.legal],
    ['vat', buyer.vat],
    ['endpoint', buyer.endpoint],
    ['identifier', buyer.identifier],
  ] as const) {
    for (const id of ids) {
      if (id.value.trim() === '') continue;
      const v = normalizeId(id, kind);
      if (v !== '') return v;
    }
  }
  return buyer.name;
}

function partyIds(nodes: readonly XmlNode[]): PartyId[] {
  return nodes.filter((n) => n.text !== '').map((n) => ({ value: n.text, scheme: n.attrs.schemeID?.trim() || null }));
}

// ── Mapping one document ────────────────────────────────────────────────────────────────────────

/** UNTDID 1001 codes of credit notes (EN 16931 code list): a document of these types credits the buyer. */
const CREDIT_NOTE_TYPES = new Set(['81', '83', '261', '262', '296', '308', '381', '396', '420', '458', '532']);

/** What an e-invoice says, before it becomes an `Invoice` (due date not yet derived). */
export interface EInvoiceDocument {
  readonly file: string;
  readonly format: 'UBL' | 'CII';
  /** The document type code (UNTDID 1001): 380 invoice, 381 credit note, 384 corrected invoice… */
  readonly typeCode: string;
  readonly number: string;
  readonly issueDate: Day;
  readonly dueDate: Day | null;
  readonly termsText: string | null;
  readonly customerId: string;
  readonly customerName: string | null;
  /** Signed as in the receivable: negative for a credit note (a CreditNote's positive amount included). */
  readonly amount: Cents;
  readonly currency: Currency;
  readonly isCreditNote: boolean;
  readonly creditedInvoice: string | null;
  readonly paymentReference: string | null;
}

/** A French lifecycle status (CDV, AFNOR XP Z12-012) about one invoice, from a CDAR message. */
export interface LifecycleStatus {
  readonly file: string;
  /** Where it is in the file, for messages. */
  readonly element: string;
  readonly invoiceNumber: string;
  /** 200–228: 207 in dispute, 210 refused, 212 cashed (encaissée)… */
  readonly code: string;
  readonly date: Day | null;
  /** For 212: the amount cashed (`SpecifiedDocumentCharacteristic` of type MEN). */
  readonly amount: Cents | null;
  readonly currency: string | null;
}

/** One file, mapped: an e-invoice, a lifecycle message, or a rejection. Problems name file and element. */
export type MappedFile =
  | { readonly kind: 'invoice'; readonly file: string; readonly doc: EInvoiceDocument | null; readonly amount: { cents: Cents; currency: string } | null; readonly problems: Problem[] }
  | { readonly kind: 'lifecycle'; readonly file: string; readonly statuses: LifecycleStatus[]; readonly problems: Problem[] }
  | { readonly kind: 'rejected'; readonly file: string; readonly problems: Problem[] }
  | { readonly kind: 'ignored'; readonly file: string; readonly problems: Problem[] };

/** Collects the problems of one document, each named by file and element path. */
class DocReader {
  readonly problems: Problem[] = [];
  readonly file: string;
  readonly root: XmlNode;
  constructor(file: string, root: XmlNode) {
    this.file = file;
    this.root = root;
  }
  where(path: string): string {
    return path === '' ? this.root.qname : `${this.root.qname}/${path}`;
  }
  fail(path: string, code: string, value?: string | null, params?: Record<string, string | number>): void {
    this.say('error', path, code, value, params);
  }
  warn(path: string, code: string, value?: string | null, params?: Record<string, string | number>): void {
    this.say('warning', path, code, value, params);
  }
  private say(severity: 'error' | 'warning', path: string, code: string, value?: string | null, params?: Record<string, string | number>): void {
    this.problems.push({
      severity,
      code,
      file: this.file,
      line: 0,
      element: this.where(path),
      ...(value !== undefined && value !== null ? { value } : {}),
      ...(params ? { params } : {}),
    });
  }
  required(node: XmlNode, path: string, base = ''): string | null {
    const t = textAt(node, path);
    if (t === null) this.fail(base === '' ? path : `${base}/${path}`, first(node, path) ? 'required' : 'element_missing');
    return t;
  }
  date(node: XmlNode | null, path: string, required: boolean): Day | null {
    if (node === null) {
      if (required) this.fail(path, 'element_missing');
      return null;
    }
    const format = node.attrs.format ?? null;
    if (node.text === '') {
      if (required) this.fail(path, 'required');
      return null;
    }
    const d = dayFromXmlDate(node.text, format);
    if (d === null) this.fail(path, 'not_a_date', node.text);
    return d;
  }
  amount(node: XmlNode | null, path: string): Cents | null {
    if (node === null) {
      this.fail(path, 'element_missing');
      return null;
    }
    if (node.text === '') {
      this.fail(path, 'required');
      return null;
    }
    const r = centsFromDecimal(node.text);
    if (!r.ok) {
      this.fail(path, r.error, node.text);
      return null;
    }
    return r.value;
  }
  currency(text: string | null, path: string): string | null {
    if (text === null) return null;
    const c = text.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(c)) {
      this.fail(path, 'not_a_currency', text);
      return null;
    }
    return c;
  }
}

interface Fields {
  typeCode: string;
  number: string | null;
  issueDate: Day | null;
  dueDate: Day | null;
  termsText: string | null;
  buyer: Parameters<typeof customerIdOf>[0];
  buyerPath: string;
  amount: Cents | null;
  amountCurrency: string | null;
  amountPath: string;
  currency: string | null;
  currencyPath: string;
  forceCreditNote: boolean;
  creditedInvoice: string | null;
  paymentReference: string | null;
}

function mapUbl(r: DocReader): Fields {
  const root = r.root;
  const isCreditNoteDoc = root.name === 'CreditNote';
  const typePath = isCreditNoteDoc ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode';
  const party = first(root, 'cac:AccountingCustomerParty/cac:Party');
  const vat = party
    ? all(party, 'cac:PartyTaxScheme')
        .filter((s) => {
          const scheme = textAt(s, 'cac:TaxScheme/cbc:ID');
          return scheme === null || scheme.toUpperCase() === 'VAT';
        })
        .flatMap((s) => all(s, 'cbc:CompanyID'))
    : [];
  const totalPath = 'cac:LegalMonetaryTotal/cbc:PayableAmount';
  const payable = first(root, totalPath);
  const creditedRefs = all(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID');
  // UBL 2.1: Invoice/DueDate; a CreditNote has none at its root, and Peppol puts BT-9 in PaymentMeans.
  const dueNode = first(root, 'cbc:DueDate') ?? first(root, 'cac:PaymentMeans/cbc:PaymentDueDate');
  const duePath = first(root, 'cbc:DueDate') ? 'cbc:DueDate' : 'cac:PaymentMeans/cbc:PaymentDueDate';
  const notes = all(root, 'cac:PaymentTerms/cbc:Note')
    .map((n) => n.text)
    .filter((t) => t !== '');
  return {
    typeCode: textAt(root, typePath) ?? (isCreditNoteDoc ? '381' : '380'),
    number: r.required(root, 'cbc:ID'),
    issueDate: r.date(first(root, 'cbc:IssueDate'), 'cbc:IssueDate', true),
    dueDate: r.date(dueNode, duePath, false),
    termsText: notes.length > 0 ? notes.join(' ') : null,
    buyer: {
      legal: partyIds(party ? all(party, 'cac:PartyLegalEntity/cbc:CompanyID') : []),
      vat: partyIds(vat),
      endpoint: partyIds(party ? all(party, 'cbc:EndpointID') : []),
      identifier: partyIds(party ? all(party, 'cac:PartyIdentification/cbc:ID') : []),
      name: party ? (textAt(party, 'cac:PartyLegalEntity/cbc:RegistrationName') ?? textAt(party, 'cac:PartyName/cbc:Name')) : null,
    },
    buyerPath: 'cac:AccountingCustomerParty/cac:Party',
    amount: r.amount(payable, totalPath),
    amountCurrency: payable?.attrs.currencyID ?? null,
    amountPath: totalPath,
    currency: r.currency(textAt(root, 'cbc:DocumentCurrencyCode'), 'cbc:DocumentCurrencyCode'),
    currencyPath: 'cbc:DocumentCurrencyCode',
    forceCreditNote: isCreditNoteDoc,
    creditedInvoice: textOf(creditedRefs.find((n) => n.text !== '') ?? null),
    paymentReference: textAt(root, 'cac:PaymentMeans/cbc:PaymentID'),
  };
}

function mapCii(r: DocReader): Fields {
  const root = r.root;
  const doc = first(root, 'rsm:ExchangedDocument');
  const tx = 'rsm:SupplyChainTradeTransaction';
  const buyerPath = `${tx}/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty`;
  const settlementPath = `${tx}/ram:ApplicableHeaderTradeSettlement`;
  const buyer = first(root, buyerPath);
  const settlement = first(root, settlementPath);
  const totalPath = `${settlementPath}/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount`;
  const payable = first(root, totalPath);
  const terms = settlement ? all(settlement, 'ram:SpecifiedTradePaymentTerms') : [];
  const dueTerm = terms.find((t) => first(t, 'ram:DueDateDateTime/udt:DateTimeString') !== null);
  const duePath = `${settlementPath}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString`;
  const descriptions = terms
    .flatMap((t) => all(t, 'ram:Description'))
    .map((n) => n.text)
    .filter((t) => t !== '');
  const vat = buyer ? all(buyer, 'ram:SpecifiedTaxRegistration/ram:ID').filter((n) => (n.attrs.schemeID ?? 'VA').toUpperCase() === 'VA') : [];
  const issuePath = 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString';
  return {
    typeCode: (doc && textAt(doc, 'ram:TypeCode')) ?? '380',
    number: doc ? r.required(doc, 'ram:ID', 'rsm:ExchangedDocument') : (r.fail('rsm:ExchangedDocument/ram:ID', 'element_missing'), null),
    issueDate: r.date(first(root, issuePath), issuePath, true),
    dueDate: dueTerm ? r.date(first(dueTerm, 'ram:DueDateDateTime/udt:DateTimeString'), duePath, false) : null,
    termsText: descriptions.length > 0 ? descriptions.join(' ') : null,
    buyer: {
      legal: partyIds(buyer ? all(buyer, 'ram:SpecifiedLegalOrganization/ram:ID') : []),
      vat: partyIds(vat),
      endpoint: partyIds(buyer ? all(buyer, 'ram:URIUniversalCommunication/ram:URIID') : []),
      identifier: partyIds(buyer ? [...all(buyer, 'ram:ID'), ...all(buyer, 'ram:GlobalID')] : []),
      name: buyer ? (textAt(buyer, 'ram:Name') ?? textAt(buyer, 'ram:SpecifiedLegalOrganization/ram:TradingBusinessName')) : null,
    },
    buyerPath,
    amount: r.amount(payable, totalPath),
    amountCurrency: payable?.attrs.currencyID ?? null,
    amountPath: totalPath,
    currency: r.currency(settlement ? textAt(settlement, 'ram:InvoiceCurrencyCode') : null, `${settlementPath}/ram:InvoiceCurrencyCode`),
    currencyPath: `${settlementPath}/ram:InvoiceCurrencyCode`,
    forceCreditNote: false,
    creditedInvoice: settlement ? textAt(settlement, 'ram:InvoiceReferencedDocument/ram:IssuerAssignedID') : null,
    paymentReference: settlement ? textAt(settlement, 'ram:PaymentReference') : null,
  };
}

function mapCdar(r: DocReader): LifecycleStatus[] {
  const root = r.root;
  const out: LifecycleStatus[] = [];
  const headerDate = first(root, 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString');
  const acks = all(root, 'rsm:AcknowledgementDocument');
  if (acks.length === 0) r.fail('rsm:AcknowledgementDocument', 'element_missing');
  acks.forEach((ack, a) => {
    const ackDate = first(ack, 'ram:IssueDateTime/udt:DateTimeString');
    const refs = all(ack, 'ram:ReferenceReferencedDocument');
    if (refs.length === 0) r.fail('rsm:AcknowledgementDocument/ram:ReferenceReferencedDocument', 'element_missing');
    refs.forEach((ref, i) => {
      const base = `rsm:AcknowledgementDocument[${a + 1}]/ram:ReferenceReferencedDocument[${i + 1}]`;
      const number = r.required(ref, 'ram:IssuerAssignedID', base);
      // XP Z12-012 puts the status (MDT-105) on the referenced document; some writers put it in its status block.
      const code = textAt(ref, 'ram:ProcessConditionCode') ?? textAt(ref, 'ram:SpecifiedDocumentStatus/ram:ProcessConditionCode');
      if (code === null) r.fail(`${base}/ram:ProcessConditionCode`, 'element_missing');
      const statusDate = first(ref, 'ram:SpecifiedDocumentStatus/ram:ReferenceDateTime/udt:DateTimeString');
      const dateNode = statusDate ?? ackDate ?? headerDate;
      const datePath = statusDate
        ? `${base}/ram:SpecifiedDocumentStatus/ram:ReferenceDateTime/udt:DateTimeString`
        : ackDate
          ? `rsm:AcknowledgementDocument[${a + 1}]/ram:IssueDateTime/udt:DateTimeString`
          : 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString';
      const date = r.date(dateNode, datePath, code === '212');
      let amount: Cents | null = null;
      let currency: string | null = null;
      if (code === '212') {
        const men = all(ref, 'ram:SpecifiedDocumentStatus/ram:SpecifiedDocumentCharacteristic').find((c) => textAt(c, 'ram:TypeCode') === 'MEN');
        const amountPath = `${base}/ram:SpecifiedDocumentStatus/ram:SpecifiedDocumentCharacteristic[MEN]/ram:ValueAmount`;
        const node = men ? first(men, 'ram:ValueAmount') : null;
        amount = r.amount(node, amountPath);
        currency = node?.attrs.currencyID ? r.currency(node.attrs.currencyID, amountPath) : null;
      }
      if (number !== null && code !== null) {
        out.push({ file: r.file, element: r.where(base), invoiceNumber: number, code, date, amount, currency });
      }
    });
  });
  return out;
}

/**
 * Maps one parsed XML document: an e-invoice (UBL or CII) to an `EInvoiceDocument`, a CDAR message
 * to its lifecycle statuses, anything else to a rejection naming the file. Every problem names the
 * file and the element (`Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount`).
 */
export function mapEInvoiceFile(root: XmlNode, file: string): MappedFile {
  const kind = documentKind(root);
  if ('error' in kind) {
    return { kind: 'rejected', file, problems: [{ severity: 'error', code: kind.error, file, line: 0, params: kind.params }] };
  }
  const r = new DocReader(file, root);
  if (kind.kind === 'cdar') return { kind: 'lifecycle', file, statuses: mapCdar(r), problems: r.problems };

  const f = kind.kind === 'ubl' ? mapUbl(r) : mapCii(r);
  const customerId = customerIdOf(f.buyer);
  if (customerId === null) r.fail(f.buyerPath, 'buyer_without_id');
  let currency = f.currency;
  if (f.amountCurrency !== null) {
    const c = r.currency(f.amountCurrency, `${f.amountPath}/@currencyID`);
    if (c !== null && currency !== null && c !== currency) r.fail(`${f.amountPath}/@currencyID`, 'currency_mismatch', c, { currency });
    currency ??= c;
  }
  if (currency === null && !r.problems.some((p) => p.severity === 'error' && p.element === r.where(f.currencyPath))) {
    r.fail(f.currencyPath, 'element_missing');
  }
  const isCreditNote = f.forceCreditNote || CREDIT_NOTE_TYPES.has(f.typeCode) || (f.amount !== null && f.amount < 0);
  // A credit note may be a CreditNote / type 381 with a positive amount, or an invoice with a negative one.
  const signed = f.amount === null ? null : toCents(isCreditNote ? -Math.abs(f.amount) : f.amount);
  const amount = signed !== null && currency !== null ? { cents: signed, currency } : null;
  const errors = r.problems.some((p) => p.severity === 'error');
  if (errors || f.number === null || f.issueDate === null || signed === null || currency === null || customerId === null) {
    return { kind: 'invoice', file, doc: null, amount, problems: r.problems };
  }
  return {
    kind: 'invoice',
    file,
    amount,
    problems: r.problems,
    doc: {
      file,
      format: kind.kind === 'ubl' ? 'UBL' : 'CII',
      typeCode: f.typeCode,
      number: f.number,
      issueDate: f.issueDate,
      dueDate: f.dueDate,
      termsText: f.termsText,
      customerId,
      customerName: f.buyer.name,
      amount: signed,
      currency: currencyCode(currency),
      isCreditNote,
      creditedInvoice: isCreditNote ? f.creditedInvoice : null,
      paymentReference: f.paymentReference,
    },
  };
}

// ── Putting the files together ──────────────────────────────────────────────────────────────────

export interface EInvoiceImportOptions {
  readonly defaultTerms?: Terms;
  readonly endOfMonthRule?: EndOfMonthRule;
  /** The customer's terms from the customers file. */
  readonly termsOf?: TermsLookup;
}

function newCount(file: string): ImportCount {
  return { file, read: 0, used: 0, rejected: 0, ignored: 0, amounts: { read: {}, used: {}, rejected: {} } };
}

function addTo(sums: Record<string, Cents>, currency: string, amount: number): void {
  sums[currency] = toCents((sums[currency] ?? 0) + amount);
}

/** Lifecycle codes that decide whether an invoice is in dispute: the latest of them wins. */
const PROCESSING = new Set(['204', '205', '206', '207', '208', '209', '210', '211', '214']);
const DISPUTING = new Set(['207', '210']);

function sameDocument(a: EInvoiceDocument, b: EInvoiceDocument): boolean {
  return a.number === b.number && a.typeCode === b.typeCode && a.issueDate === b.issueDate && a.amount === b.amount && a.currency === b.currency && a.customerId === b.customerId;
}

/**
 * Turns the mapped files of one import (a folder, or the files given) into invoices and credit
 * notes, and the lifecycle statuses into disputes and payments. Reconciles: files read = used +
 * rejected + ignored, and amounts read = used + rejected (signed, credit notes negative) per currency.
 *
 * - Due date: the document's, else its payment terms text (`parseTerms`), else the customer's
 *   terms, else the default terms; `dueDateDerived` says so.
 * - Duplicates: a number is unique per kind (invoice / credit note) and document type code, so a
 *   credit note may carry the number of the invoice it credits; the same document met twice (the
 *   XML beside its Factur-X PDF) is ignored with a warning, a different one with the same number is rejected.
 * - Lifecycle (CDAR): 207 (en litige) or 210 (refusée) as the latest processing status of an invoice
 *   puts it in dispute; 212 (encaissée) is a payment of its amount, on its date, naming the invoice.
 */
export function importEInvoices(source: string, files: readonly MappedFile[], options: EInvoiceImportOptions = {}): ImportResult<Invoice> & { payments: Payment[]; paymentsCount: ImportCount | null } {
  const problems: Problem[] = [];
  const count = newCount(source);
  const docs: EInvoiceDocument[] = [];
  const statuses: LifecycleStatus[] = [];
  const seen = new Map<string, EInvoiceDocument>();

  for (const m of files) {
    count.read++;
    if (m.kind === 'ignored') {
      count.ignored++;
      problems.push(...m.problems);
      continue;
    }
    if (m.kind === 'rejected') {
      count.rejected++;
      problems.push(...m.problems);
      continue;
    }
    if (m.kind === 'lifecycle') {
      problems.push(...m.problems);
      if (m.problems.some((p) => p.severity === 'error')) count.rejected++;
      else {
        count.used++;
        statuses.push(...m.statuses);
      }
      continue;
    }
    const errors = [...m.problems];
    let doc = m.doc;
    if (doc !== null) {
      const key = `${doc.isCreditNote ? 'C' : 'I'}:${doc.typeCode}:${referenceKey(doc.number)}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        if (sameDocument(earlier, doc)) {
          // Like a total row of a ledger: counted as ignored, its amount not summed (it is the first one's).
          count.ignored++;
          problems.push(...errors, { severity: 'warning', code: 'same_document_ignored', file: m.file, line: 0, value: doc.number, params: { first: earlier.file } });
          continue;
        }
        errors.push({ severity: 'error', code: 'duplicate_document', file: m.file, line: 0, element: doc.format === 'UBL' ? 'cbc:ID' : 'ram:ID', value: doc.number, params: { first: earlier.file } });
        doc = null;
      } else {
        seen.set(key, doc);
      }
    }
    problems.push(...errors);
    if (m.amount) addTo(count.amounts.read, m.amount.currency, m.amount.cents);
    if (doc === null) {
      count.rejected++;
      if (m.amount) addTo(count.amounts.rejected, m.amount.currency, m.amount.cents);
      continue;
    }
    count.used++;
    addTo(count.amounts.used, doc.currency, doc.amount);
    docs.push(doc);
  }

  const records: Invoice[] = docs.map((d) => {
    let dueDate = d.dueDate;
    let derived = false;
    if (dueDate === null) {
      let terms: Terms | null = null;
      if (d.termsText !== null) {
        terms = parseTerms(d.termsText);
        if (terms === null) problems.push({ severity: 'warning', code: 'terms_text_not_understood', file: d.file, line: 0, value: d.termsText });
      }
      terms ??= options.termsOf?.(d.customerId) ?? options.defaultTerms ?? DEFAULT_TERMS;
      dueDate = dueDateFromTerms(d.issueDate, terms, options.endOfMonthRule);
      derived = true;
    }
    return {
      number: d.number,
      customerId: d.customerId,
      customerName: d.customerName,
      issueDate: d.issueDate,
      dueDate,
      dueDateDerived: derived,
      amount: d.amount,
      currency: d.currency,
      isCreditNote: d.isCreditNote,
      creditedInvoice: d.creditedInvoice,
      status: 'normal',
      file: d.file,
      line: 0,
      paymentReference: d.paymentReference,
    };
  });

  const { payments, paymentsCount } = applyLifecycle(source, records, statuses, problems);
  return { records, count, problems, payments, paymentsCount };
}

function applyLifecycle(source: string, records: Invoice[], statuses: readonly LifecycleStatus[], problems: Problem[]): { payments: Payment[]; paymentsCount: ImportCount | null } {
  if (statuses.length === 0) return { payments: [], paymentsCount: null };
  const byNumber = new Map<string, number>();
  records.forEach((inv, i) => {
    if (!inv.isCreditNote) byNumber.set(referenceKey(inv.number), i);
  });
  // Statuses by date (a status without a date counts as the oldest), then in file order.
  const ordered = statuses.map((s, i) => ({ s, i })).sort((a, b) => (a.s.date ?? -Infinity) - (b.s.date ?? -Infinity) || a.i - b.i);
  const latest = new Map<number, string>();
  const payments: Payment[] = [];
  const paymentsCount = newCount(`${source} (CDV 212)`);
  let n = 0;
  for (const { s } of ordered) {
    const index = byNumber.get(referenceKey(s.invoiceNumber));
    const inv = index === undefined ? null : records[index]!;
    if (s.code === '212') {
      n++;
      paymentsCount.read++;
      const currency = s.currency ?? inv?.currency ?? null;
      if (currency !== null && s.amount !== null) addTo(paymentsCount.amounts.read, currency, s.amount);
      if (inv === null || s.date === null || s.amount === null) {
        paymentsCount.rejected++;
        if (currency !== null && s.amount !== null) addTo(paymentsCount.amounts.rejected, currency, s.amount);
        problems.push({ severity: 'error', code: 'lifecycle_unknown_invoice', file: s.file, line: 0, element: s.element, value: s.invoiceNumber, params: { code: s.code } });
        continue;
      }
      paymentsCount.used++;
      addTo(paymentsCount.amounts.used, currency!, s.amount);
      payments.push({
        id: `CDV212-${n}`,
        customerId: inv.customerId,
        date: s.date,
        amount: s.amount,
        currency: currencyCode(currency!),
        refs: [inv.number],
        method: 'CDV 212',
        file: s.file,
        line: 0,
      });
      continue;
    }
    if (!PROCESSING.has(s.code)) continue;
    if (index === undefined) {
      problems.push({ severity: 'warning', code: 'lifecycle_unknown_invoice', file: s.file, line: 0, element: s.element, value: s.invoiceNumber, params: { code: s.code } });
      continue;
    }
    latest.set(index, s.code);
  }
  for (const [index, code] of latest) {
    if (DISPUTING.has(code)) records[index] = { ...records[index]!, status: 'disputed' };
  }
  return { payments, paymentsCount };
}

/**
 * A lifecycle status 212 (cashed) says that money came in; a payments ledger or a bank statement says
 * it too. When both name the same invoice, both are counted — they may be two instalments — but it is
 * most often the same money twice: each such pair is a warning, so that the balance is never silently
 * short. Returns one warning per payment of the other source that names an invoice a 212 names.
 * @example cashedTwice([cdv('FA-1')], [pay('P1', ['FA-1'])]) → [{ code: 'cashed_twice', value: 'FA-1', … }]
 */
export function cashedTwice(lifecycle: readonly Payment[], others: readonly Payment[]): Problem[] {
  const cashed = new Map<string, Payment>();
  for (const p of lifecycle) for (const r of p.refs) cashed.set(referenceKey(r), p);
  if (cashed.size === 0) return [];
  const out: Problem[] = [];
  for (const p of others) {
    for (const r of p.refs) {
      const c = cashed.get(referenceKey(r));
      if (c === undefined || (p.customerId !== null && p.customerId !== c.customerId)) continue;
      out.push({ severity: 'warning', code: 'cashed_twice', file: p.file, line: p.line, value: r, params: { lifecycle: c.file } });
      break;
    }
  }
  return out;
}
