import { z } from '@hono/zod-openapi';
import type { InvoiceRecord } from '../invoices/records.js';
import { iso } from './asset-views.js';
import { MoneySchema, money } from './money-view.js';

// Bodies of the invoice routes (INV-1..INV-3).

const InvoiceLineSchema = z
  .object({
    kind: z.enum(['ENERGY', 'SERVICE']),
    amount: MoneySchema.describe('tax included'),
    net: MoneySchema,
    tax: MoneySchema,
    rate: z.string().openapi({ example: '0.13', description: 'exact decimal fraction' }),
    taxCode: z.string().openapi({ example: '1100101020000000000' }),
  })
  .openapi('InvoiceLine');

export const InvoiceSchema = z
  .object({
    invoiceNo: z.string(),
    orderNo: z.string(),
    stationId: z.string(),
    status: z.enum(['ISSUING', 'ISSUED', 'FAILED', 'VOIDED']),
    buyer: z.object({ title: z.string(), taxpayerId: z.string(), email: z.string() }),
    seller: z.object({ name: z.string(), taxpayerId: z.string() }),
    amount: MoneySchema,
    lines: z.array(InvoiceLineSchema),
    attempts: z.number().int(),
    invoiceNumber: z.string().nullable(),
    invoiceCode: z.string().nullable(),
    serialNo: z.string().nullable(),
    issuedAt: z.string().nullable(),
    voiding: z.boolean().describe('a void was asked of the provider and not yet confirmed'),
    voidedAt: z.string().nullable(),
    failureReason: z.string().nullable(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    pdfPath: z.string().nullable().describe('where the PDF is downloaded once ISSUED'),
  })
  .openapi('Invoice');

export const invoiceView = (i: InvoiceRecord): z.infer<typeof InvoiceSchema> => ({
  invoiceNo: i.invoiceNo,
  orderNo: i.orderNo,
  stationId: i.stationId,
  status: i.status,
  buyer: i.buyer,
  seller: i.seller,
  amount: money(i.amount),
  lines: i.lines.map((l) => ({
    kind: l.kind,
    amount: money(l.amount),
    net: money(l.net),
    tax: money(l.tax),
    rate: l.rate,
    taxCode: l.taxCode,
  })),
  attempts: i.attempts,
  invoiceNumber: i.invoiceNumber,
  invoiceCode: i.invoiceCode,
  serialNo: i.serialNo,
  issuedAt: i.issuedAt === null ? null : iso(i.issuedAt),
  voiding: i.voiding,
  voidedAt: i.voidedAt === null ? null : iso(i.voidedAt),
  failureReason: i.failureReason,
  requestedBy: i.requestedBy,
  requestedAt: iso(i.requestedAt),
  pdfPath: i.status === 'ISSUED' || i.status === 'VOIDED' ? `/invoices/${i.invoiceNo}/pdf` : null,
});
