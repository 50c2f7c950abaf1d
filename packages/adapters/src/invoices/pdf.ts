import { formatCny, type Fen, type InvoiceLine } from '@chargeflow/core';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

/** What an issued invoice's PDF shows (INV-3). */
export interface InvoicePdfContent {
  readonly invoiceNo: string;
  readonly orderNo: string;
  readonly invoiceNumber: string;
  readonly invoiceCode: string;
  readonly serialNo: string;
  readonly issuedAt: number;
  readonly seller: { readonly name: string; readonly taxpayerId: string };
  readonly buyer: { readonly title: string; readonly taxpayerId: string; readonly email: string };
  readonly lines: readonly InvoiceLine[];
  readonly amount: Fen;
}

/**
 * The PDF's text in the standard Helvetica font (WinAnsi): no CJK font is shipped offline, so any
 * character outside printable ASCII is written as `?` (docs/invoices.md: limitation). Titles and
 * names are stored unchanged; only their rendering is reduced.
 */
export const pdfSafe = (text: string): string => text.replace(/[^\x20-\x7e]/g, '?');

const KIND = { ENERGY: 'Energy (electricity)', SERVICE: 'Charging service' } as const;
const percent = (rate: string): string => {
  const [whole = '0', frac = ''] = rate.split('.');
  const scaled = `${whole}${frac.padEnd(2, '0')}`;
  const int = scaled.slice(0, whole.length + 2).replace(/^0+(?=\d)/, '');
  const rest = scaled.slice(whole.length + 2);
  return `${int}${rest === '' ? '' : `.${rest}`}%`;
};

/**
 * INV-3: renders an issued invoice from its lines (energy and service with their tax rates, codes,
 * net and tax amounts) with pdf-lib. The invoice no., number and code are also written into the
 * document information as plain strings (`/InvoiceNo`, …), so a reader can find them without a text
 * extractor. Deterministic for the same content.
 */
export async function renderInvoicePdf(content: InvoicePdfContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const info = doc.context.obj({});
  doc.context.trailerInfo.Info = doc.context.register(info);
  info.set(PDFName.of('Title'), PDFString.of(`Invoice ${content.invoiceNo}`));
  info.set(PDFName.of('InvoiceNo'), PDFString.of(content.invoiceNo));
  info.set(PDFName.of('InvoiceNumber'), PDFString.of(content.invoiceNumber));
  info.set(PDFName.of('InvoiceCode'), PDFString.of(content.invoiceCode));
  info.set(PDFName.of('Producer'), PDFString.of('chargeflow'));
  const page = doc.addPage([595, 420]); // A5 landscape, in points
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let y = 390;
  const text = (value: string, x: number, size = 9, f = font) =>
    page.drawText(pdfSafe(value), { x, y, size, font: f });
  const row = (cells: readonly (readonly [string, number])[], size = 9, f = font) => {
    for (const [value, x] of cells) text(value, x, size, f);
    y -= size + 6;
  };
  row([['VAT ELECTRONIC INVOICE (FAPIAO)', 150]], 14, bold);
  y -= 4;
  row([
    [`Invoice no. ${content.invoiceNo}`, 30],
    [`Number ${content.invoiceNumber}`, 300],
  ]);
  row([
    [`Code ${content.invoiceCode}`, 30],
    [`Serial ${content.serialNo}`, 300],
  ]);
  row([
    [`Order ${content.orderNo}`, 30],
    [`Issued ${new Date(content.issuedAt).toISOString()}`, 300],
  ]);
  y -= 6;
  row(
    [
      ['Buyer', 30],
      ['Seller', 300],
    ],
    10,
    bold,
  );
  row([
    [content.buyer.title, 30],
    [content.seller.name, 300],
  ]);
  row([
    [`Taxpayer id ${content.buyer.taxpayerId}`, 30],
    [`Taxpayer id ${content.seller.taxpayerId}`, 300],
  ]);
  row([[content.buyer.email, 30]]);
  y -= 6;
  const columns = [30, 160, 300, 370, 440, 500] as const;
  const cells = (values: readonly string[]) => values.map((v, i) => [v, columns[i] ?? 0] as const);
  row(cells(['Item', 'Tax code', 'Amount', 'Net', 'Rate', 'Tax']), 9, bold);
  for (const line of content.lines) {
    row(
      cells([
        KIND[line.kind],
        line.taxCode,
        formatCny(line.amount),
        formatCny(line.net),
        percent(line.rate),
        formatCny(line.tax),
      ]),
    );
  }
  y -= 4;
  const net = content.lines.reduce((sum, l) => sum + l.net, 0n) as Fen;
  const tax = content.lines.reduce((sum, l) => sum + l.tax, 0n) as Fen;
  row(
    cells(['Total (CNY, tax included)', '', formatCny(content.amount), formatCny(net), '', formatCny(tax)]),
    9,
    bold,
  );
  return doc.save({ useObjectStreams: false });
}
