import { fen, invoiceLines } from '@chargeflow/core';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { pdfSafe, renderInvoicePdf } from './pdf.js';

const config = {
  merchantNo: 'M1',
  sellerName: 'Seller Ltd',
  sellerTaxpayerId: '91350100M000100Y43',
  energy: { rate: '0.13', taxCode: '1100101020000000000' },
  service: { rate: '0.06', taxCode: '3040802000000000000' },
};

const content = () => ({
  invoiceNo: 'CH20260311000001-IAB12CD',
  orderNo: 'CH20260311000001',
  invoiceNumber: '12345678',
  invoiceCode: '031002600111',
  serialNo: 'SBX00FF',
  issuedAt: Date.parse('2026-03-11T04:00:00Z'),
  seller: { name: 'Seller Ltd', taxpayerId: '91350100M000100Y43' },
  buyer: { title: '上海 ACME Ltd', taxpayerId: '91110000600037341L', email: 'a@b.cn' },
  // energy 12.34 at 13 %, service 5.00 at 6 %
  lines: invoiceLines({ energy: fen(1234n), service: fen(500n) }, config),
  amount: fen(1734n),
});

describe('invoice PDF (INV-3)', () => {
  it('INV-3 lines of energy 12.34 at 13 % and service 5.00 at 6 %: tax 1.42 and 0.28 (by hand)', () => {
    // 1234 × 13/113 = 141.96… → 142 fen; 500 × 6/106 = 28.30… → 28 fen (half-up, once per line).
    const lines = content().lines;
    expect(lines.map((l) => [l.kind, l.amount, l.net, l.tax, l.rate, l.taxCode])).toEqual([
      ['ENERGY', 1234n, 1092n, 142n, '0.13', '1100101020000000000'],
      ['SERVICE', 500n, 472n, 28n, '0.06', '3040802000000000000'],
    ]);
  });

  it('INV-3 the PDF is a PDF naming the invoice no., number, code and the hand-computed totals', async () => {
    const pdf = await renderInvoicePdf(content());
    const bytes = Buffer.from(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('/InvoiceNo (CH20260311000001-IAB12CD)');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const { text } = await parser.getText();
    await parser.destroy();
    for (const expected of [
      'Invoice no. CH20260311000001-IAB12CD',
      'Number 12345678',
      'Code 031002600111',
      'Serial SBX00FF',
      '1100101020000000000',
      '12.34',
      '10.92',
      '1.42',
      '5.00',
      '4.72',
      '0.28',
      '13%',
      '6%',
      '17.34',
      '15.64',
      '1.70',
      '?? ACME Ltd',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('INV-3 text outside printable ASCII is rendered as ? (no CJK font offline), the rest kept', () => {
    expect(pdfSafe('上海 ACME (2026) Ltd.')).toBe('?? ACME (2026) Ltd.');
  });
});
