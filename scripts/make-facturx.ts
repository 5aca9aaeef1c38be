/**
 * Writes the Factur-X fixture `fixtures/einvoices/FA-2026-0104-facturx.pdf`: a one-page PDF with its
 * CII invoice attached as `factur-x.xml` (AFRelationship /Alternative, listed in the catalog's /AF and
 * /Names /EmbeddedFiles, as Factur-X 1.0 asks), plus the Factur-X XMP metadata. Built with pdf-lib
 * (a development dependency only: `ar` reads the attachment with its own small reader), with fixed
 * dates so that the file comes out the same every time.
 *
 *   node scripts/make-facturx.ts [out.pdf] [--no-object-streams]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AFRelationship, PDFDocument, PDFName, StandardFonts } from 'pdf-lib';

/** A CII invoice, Factur-X BASIC WL profile: no due date and no terms (the default terms apply), a prepayment. */
export const FACTURX_XML = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:factur-x.eu:1p0:basicwl</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>FA-2026-0104</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20261020</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:SellerTradeParty>
        <ram:Name>Atelier Durand SARL</ram:Name>
        <ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">900000002</ram:ID></ram:SpecifiedLegalOrganization>
        <ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:Name>Brasserie Dubois SRL</ram:Name>
        <ram:PostalTradeAddress><ram:CountryID>BE</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">BE 0456 789 012</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:PaymentReference>+++090/9337/55594+++</ram:PaymentReference>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>600.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>600.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">126.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>726.00</ram:GrandTotalAmount>
        <ram:TotalPrepaidAmount>126.00</ram:TotalPrepaidAmount>
        <ram:DuePayableAmount>600.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;

const XMP = `<?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
  <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
   <fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
   <fx:Version>1.0</fx:Version><fx:ConformanceLevel>BASIC WL</fx:ConformanceLevel>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

/** The Factur-X PDF's bytes. */
export async function makeFacturX(options: { objectStreams?: boolean; xml?: string; attachmentName?: string; title?: string; lines?: readonly string[]; when?: Date } = {}): Promise<Uint8Array> {
  const when = options.when ?? new Date(Date.UTC(2026, 9, 20, 9, 0, 0));
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(options.title ?? 'Facture FA-2026-0104');
  doc.setProducer('ar scripts/make-facturx.ts');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const lines = options.lines ?? [
    'Atelier Durand SARL - Facture FA-2026-0104 du 20/10/2026',
    'Client : Brasserie Dubois SRL (TVA BE0456789012)',
    'Total TTC 726,00 EUR - acompte versé 126,00 EUR - net à payer 600,00 EUR',
  ];
  lines.forEach((text, i) => page.drawText(text, { x: 50, y: 780 - i * 20, size: 11, font }));
  await doc.attach(new TextEncoder().encode(options.xml ?? FACTURX_XML), options.attachmentName ?? 'factur-x.xml', {
    mimeType: 'text/xml',
    description: 'Factur-X invoice',
    creationDate: when,
    modificationDate: when,
    afRelationship: AFRelationship.Alternative,
  });
  const metadata = doc.context.stream(XMP, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(metadata));
  return doc.save({ useObjectStreams: options.objectStreams ?? true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const out = resolve(args.find((a) => !a.startsWith('--')) ?? 'fixtures/einvoices/FA-2026-0104-facturx.pdf');
  const bytes = await makeFacturX({ objectStreams: !args.includes('--no-object-streams') });
  writeFileSync(out, bytes);
  process.stdout.write(`${out}: ${bytes.length} bytes\n`);
}
