import { describe, expect, it } from 'vitest';
import { camtStatement, NotAStatementError } from '../../src/core/import/camt.ts';
import { InputError } from '../../src/errors.ts';
import { parseXml } from '../../src/io/read-xml.ts';
import { d } from '../helpers/build.ts';

const doc = (version: string, entries: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>1</MsgId><CreDtTm>2026-11-01T08:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>1</Id>
      <Acct><Id><IBAN>BE68539007547034</IBAN></Id><Ccy>EUR</Ccy></Acct>
${entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;

describe('CAMT.053', () => {
  it('reads version .08: Sts/Cd, Dbtr/Pty/Nm, a date-time, structured references and referred documents', () => {
    const xml = doc(
      '08',
      `      <Ntry>
        <Amt Ccy="EUR">1234.5</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><DtTm>2026-10-31T23:30:00-05:00</DtTm></BookgDt>
        <AcctSvcrRef>E1</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Pty><Nm>Dupont &amp; Fils</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>BE68 5390 0754 7034</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf>
            <Ustrd>Factures &#233;t&#xE9;</Ustrd>
            <Strd><RfrdDocInf><Nb>FA-1</Nb></RfrdDocInf><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd>
          </RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`,
    );
    const s = camtStatement(parseXml('c.xml', xml), 'c.xml');
    expect(s.problems).toEqual([]);
    expect(s.transactions).toEqual([
      {
        id: 'E1',
        date: d('2026-10-31'),
        amount: 123450,
        currency: 'EUR',
        booked: true,
        reversal: false,
        text: 'Factures été',
        references: ['RF18539007547034'],
        documents: ['FA-1'],
        counterparty: 'Dupont & Fils',
        iban: 'BE68539007547034',
        file: 'c.xml',
        line: 8,
        col: 7,
      },
    ]);
  });

  it('splits a batch entry into its transactions, and marks debits, pending entries and reversals', () => {
    const xml = doc(
      '02',
      `      <Ntry><Amt Ccy="EUR">30.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-01</Dt></BookgDt>
        <NtryDtls>
          <TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">10.00</Amt></TxAmt></AmtDtls><RmtInf><Ustrd>A</Ustrd></RmtInf></TxDtls>
          <TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">20.00</Amt></TxAmt></AmtDtls><RmtInf><Ustrd>B</Ustrd></RmtInf></TxDtls>
        </NtryDtls></Ntry>
      <Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><ValDt><Dt>2026-10-02</Dt></ValDt></Ntry>
      <Ntry><Amt Ccy="EUR">6.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts><BookgDt><Dt>2026-10-03</Dt></BookgDt></Ntry>
      <Ntry><Amt Ccy="EUR">7.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-04</Dt></BookgDt></Ntry>`,
    );
    const s = camtStatement(parseXml('c.xml', xml), 'c.xml');
    expect(s.transactions.map((t) => [t.amount, t.text, t.booked, t.reversal, t.line])).toEqual([
      [1000, 'A', true, false, 10],
      [2000, 'B', true, false, 11],
      [-500, '', true, false, 13],
      [600, '', false, false, 14],
      [700, '', true, true, 15],
    ]);
  });

  it('rejects an entry it cannot read, naming its line, column and element, and reads the others', () => {
    const xml = doc(
      '02',
      `      <Ntry><Amt Ccy="EUR">12,50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-01</Dt></BookgDt></Ntry>
      <Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-02-30</Dt></BookgDt></Ntry>
      <Ntry><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-01</Dt></BookgDt></Ntry>
      <Ntry><Amt Ccy="EUR">2.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-10-01</Dt></BookgDt></Ntry>`,
    );
    const s = camtStatement(parseXml('c.xml', xml), 'c.xml');
    expect(s.problems).toEqual([
      { severity: 'error', code: 'not_an_amount', file: 'c.xml', line: 8, col: 13, column: 'Amt', value: '12,50' },
      { severity: 'error', code: 'not_a_date', file: 'c.xml', line: 9, col: 89, column: 'Dt', value: '2026-02-30' },
      { severity: 'error', code: 'xml_element_missing', file: 'c.xml', line: 10, col: 7, column: 'Ntry', value: 'Amt' },
    ]);
    expect(s).toMatchObject({ rejected: 3, rejectedAmounts: { EUR: 100 } });
    expect(s.transactions.map((t) => t.amount)).toEqual([200]);
  });

  it('reads a document whose elements carry a namespace prefix', () => {
    const xml = doc('02', '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-01</Dt></BookgDt></Ntry>')
      .replace('<Document xmlns=', '<c:Document xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:c=')
      .replace(/<(\/?)(?!\?|c:Document)([A-Za-z])/g, '<$1c:$2')
      .replace('</Document>', '</c:Document>');
    const s = camtStatement(parseXml('p.xml', xml), 'p.xml');
    expect(s.problems).toEqual([]);
    expect(s.transactions.map((t) => t.amount)).toEqual([100]);
  });

  it('reads an unknown version with a warning, and refuses what is not a statement', () => {
    const s = camtStatement(parseXml('c.xml', doc('12', '')), 'c.xml');
    expect(s.problems).toEqual([expect.objectContaining({ severity: 'warning', code: 'camt_version', value: 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.12' })]);
    const notification = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn/></Document>';
    expect(() => camtStatement(parseXml('n.xml', notification), 'n.xml')).toThrow(NotAStatementError);
  });
});

describe('the XML reader', () => {
  const error = (f: () => unknown): InputError => {
    try {
      f();
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('refuses a DOCTYPE before parsing, so no entity is ever expanded', () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Document>&x;</Document>';
    expect(error(() => parseXml('x.xml', xxe))).toMatchObject({ code: 'xml_doctype', params: { file: 'x.xml', line: 2, col: 1 } });
    const bomb = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><d>&b;</d>';
    expect(error(() => parseXml('b.xml', bomb))).toMatchObject({ code: 'xml_doctype' });
  });

  it('refuses an undeclared entity, naming it (XML declares none without a DTD), and decodes the five and character references', () => {
    expect(error(() => parseXml('e.xml', '<d>\n<t>a &x; b</t></d>'))).toMatchObject({
      code: 'xml_syntax',
      params: { file: 'e.xml', line: 2, col: 6, detail: 'entity "&x;" is not declared (ar knows only &lt; &gt; &amp; &quot; &apos;)' },
    });
    expect(parseXml('e.xml', '<d><t>a &lt;&#x41;&#66;&apos;&quot; &amp; c</t></d>').children[0]!.text).toBe('a <AB\'" & c');
  });

  it('names the line and column of malformed XML', () => {
    expect(error(() => parseXml('m.xml', '<Document>\n  <Ntry>\n</Document>'))).toMatchObject({ code: 'xml_syntax', params: { file: 'm.xml', line: 3 } });
  });
});
