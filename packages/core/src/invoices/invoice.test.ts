import { describe, expect, it } from 'vitest';
import type { Bill } from '../billing/bill.js';
import type { Fen } from '../money/fen.js';
import { pairsOf, verifyStep } from '../lifecycle/table.js';
import {
  INVOICE_LIFECYCLE,
  requestInvoice,
  transitionInvoice,
  type Invoice,
  type InvoiceEvent,
  type InvoiceEventKind,
  type InvoiceStatus,
} from './invoice.js';
import { feeParts, invoiceLines, type StationInvoiceConfig } from './lines.js';
import { splitTaxIncluded } from './tax.js';
import { validateTaxpayerId } from './uscc.js';

const f = (n: number) => BigInt(n) as Fen;
const config: StationInvoiceConfig = {
  merchantNo: 'M1',
  sellerName: 'Seller',
  sellerTaxpayerId: '91350100M000100Y43',
  energy: { rate: '0.13', taxCode: '1100101020000000000' },
  service: { rate: '0.06', taxCode: '3040802000000000000' },
};
const buyer = { title: 'ACME Ltd', taxpayerId: '91110000600037341L', email: 'a@b.cn' };
const input = {
  invoiceId: 'I1',
  orderNo: 'O1',
  order: { status: 'COMPLETED', fee: f(1234) },
  parts: { energy: f(800), service: f(434) },
  config,
  buyer,
  existing: [] as Invoice[],
  at: 10,
};

describe('taxpayer id (INV-1, GB 32100-2015)', () => {
  it.each(['91350100M000100Y43', '91110000600037341L', '9144030071526726xg'])(
    'INV-1 accepts a valid code %s',
    (code) => {
      expect(validateTaxpayerId(code).ok).toBe(true);
    },
  );
  it.each(['91350100M000100Y44', '91350100M000100Y4', '91350100M000100I43', ''])(
    'INV-1 rejects %s with TAXPAYER_ID_INVALID',
    (code) => {
      const result = validateTaxpayerId(code);
      expect(!result.ok && result.error.code).toBe('TAXPAYER_ID_INVALID');
    },
  );
});

describe('invoice lines and tax (INV-3)', () => {
  it.each([
    [11300, '0.13', 1300n],
    [100, '0.13', 12n], // 11.504… → 12
    [106, '0.06', 6n],
    [1, '0.06', 0n],
  ])('INV-3 %i fen incl. tax at %s: tax = amount × rate/(1+rate) half-up = %i', (amount, rate, tax) => {
    const split = splitTaxIncluded(f(amount), rate);
    expect(split.tax).toBe(tax);
    expect(split.net + split.tax).toBe(BigInt(amount));
  });

  it('INV-3 energy and service lines carry the station rates and codes', () => {
    const lines = invoiceLines({ energy: f(800), service: f(434) }, config);
    expect(lines.map((l) => [l.kind, l.amount, l.rate, l.taxCode])).toEqual([
      ['ENERGY', 800n, '0.13', config.energy.taxCode],
      ['SERVICE', 434n, '0.06', config.service.taxCode],
    ]);
  });

  it('INV-3 fee parts follow the bill and shrink in proportion when the fee was capped', () => {
    const line = (kind: string, amount: number) => ({
      kind,
      label: kind,
      quantity: { value: '1', unit: 'kWh' },
      unitPrice: '1',
      preciseAmount: '1',
      amount: f(amount),
    });
    const bill: Bill = {
      tariff: { tariffId: 't', version: 1 },
      lines: [line('ENERGY', 600), line('SERVICE', 400)],
      uncappedTotal: f(1000),
      total: f(500),
    };
    expect(feeParts(bill, f(1000))).toEqual({ energy: 600n, service: 400n });
    expect(feeParts(bill, f(501))).toEqual({ energy: 301n, service: 200n });
  });
});

describe('invoice request (INV-1, INV-2)', () => {
  it('INV-1 an eligible order with valid fields becomes ISSUING and is submitted', () => {
    const result = requestInvoice(input);
    expect(result.ok && result.value.state).toMatchObject({ status: 'ISSUING', amount: 1234n });
    expect(result.ok && result.value.effects).toEqual([
      { type: 'SUBMIT_TO_PROVIDER', invoiceId: 'I1', attempt: 1 },
    ]);
  });

  it.each([
    [{ order: { status: 'CHARGING', fee: f(1234) } }, 'INVOICE_ORDER_NOT_ELIGIBLE'],
    [{ order: { status: 'COMPLETED', fee: f(0) } }, 'INVOICE_ORDER_NOT_ELIGIBLE'],
    [{ config: undefined }, 'INVOICE_NOT_CONFIGURED'],
    [{ buyer: { ...buyer, title: ' ' } }, 'INVOICE_FIELD_REQUIRED'],
    [{ buyer: { ...buyer, email: '' } }, 'INVOICE_FIELD_REQUIRED'],
    [{ buyer: { ...buyer, email: 'nope' } }, 'INVOICE_EMAIL_INVALID'],
    [{ buyer: { ...buyer, taxpayerId: '123' } }, 'TAXPAYER_ID_INVALID'],
  ])('INV-1 refuses %o with %s', (patch, code) => {
    const result = requestInvoice({ ...input, ...patch } as typeof input);
    expect(!result.ok && result.error.code).toBe(code);
  });

  it.each(['ISSUING', 'ISSUED'] as const)(
    'INV-2 an order with a %s invoice cannot get another (INVOICE_ALREADY_VALID)',
    (status) => {
      const result = requestInvoice({ ...input, invoiceId: 'I2', existing: [{ ...invoiceIn(status) }] });
      expect(!result.ok && result.error.code).toBe('INVOICE_ALREADY_VALID');
    },
  );

  it.each(['FAILED', 'VOIDED'] as const)(
    'INV-2 an order whose invoice is %s can be invoiced again',
    (status) => {
      expect(requestInvoice({ ...input, invoiceId: 'I2', existing: [invoiceIn(status)] }).ok).toBe(true);
    },
  );
});

function invoiceIn(status: InvoiceStatus): Invoice {
  const result = requestInvoice(input);
  if (!result.ok) throw result.error;
  const issued = {
    invoiceNumber: 'N1',
    invoiceCode: 'C1',
    serialNo: 'S1',
    pdfUrl: 'https://x/1.pdf',
    issuedAt: 20,
  };
  return { ...result.value.state, status, ...(status === 'ISSUED' || status === 'VOIDED' ? { issued } : {}) };
}

const eventOf = (kind: InvoiceEventKind): InvoiceEvent => {
  if (kind === 'PROVIDER_ISSUED')
    return {
      kind,
      invoiceNumber: 'N2',
      invoiceCode: 'C2',
      serialNo: 'S2',
      pdfUrl: 'https://x/2.pdf',
      issuedAt: 30,
    };
  if (kind === 'PROVIDER_FAILED') return { kind, at: 30, reason: 'provider down' };
  if (kind === 'REISSUE') return { kind, at: 30, otherInvoices: [] };
  return { kind, at: 30 };
};

describe('invoice lifecycle (INV-2)', () => {
  const all = [
    ...pairsOf(INVOICE_LIFECYCLE, 'ALLOWED'),
    ...pairsOf(INVOICE_LIFECYCLE, 'IGNORE'),
    ...pairsOf(INVOICE_LIFECYCLE, 'FORBIDDEN'),
  ];
  it.each(all)('INV-2 %s × %s follows the table', (status, kind) => {
    const from = invoiceIn(status);
    expect(verifyStep(INVOICE_LIFECYCLE, from, kind, transitionInvoice(from, eventOf(kind)))).toBeUndefined();
  });

  it('INV-3 an issued invoice keeps number, code, serial and PDF', () => {
    const result = transitionInvoice(invoiceIn('ISSUING'), eventOf('PROVIDER_ISSUED'));
    expect(result.ok && result.value.state.issued).toEqual({
      invoiceNumber: 'N2',
      invoiceCode: 'C2',
      serialNo: 'S2',
      pdfUrl: 'https://x/2.pdf',
      issuedAt: 30,
    });
  });

  it('INV-2 a failed invoice cannot be reissued while another valid one exists', () => {
    const other = { ...invoiceIn('ISSUED'), invoiceId: 'I9' };
    const result = transitionInvoice(invoiceIn('FAILED'), {
      kind: 'REISSUE',
      at: 40,
      otherInvoices: [other],
    });
    expect(!result.ok && result.error.code).toBe('INVOICE_ALREADY_VALID');
  });

  it('INV-2 voiding asks the provider, and only its confirmation makes the invoice VOIDED', () => {
    const requested = transitionInvoice(invoiceIn('ISSUED'), eventOf('VOID_REQUESTED'));
    expect(requested.ok && requested.value.state.status).toBe('ISSUED');
    expect(requested.ok && requested.value.effects).toEqual([
      { type: 'REQUEST_PROVIDER_VOID', invoiceId: 'I1', invoiceNumber: 'N1' },
    ]);
  });
});
