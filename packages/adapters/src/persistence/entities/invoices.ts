import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

// INV-1..INV-3: invoices of orders and their rendered PDFs. Money is BIGINT fen mapped to bigint.
// The table also has a generated `valid_order_no` column (the order no. while ISSUING or ISSUED,
// else null) with a unique key: at most one valid invoice per order, enforced by the database
// (migration 0010); the entity does not map it.

/** 发票 (INV-2): one invoice of one order, with the buyer, the lines and what the provider returned. */
export const InvoiceEntity = defineEntity({
  name: 'Invoice',
  tableName: 'invoice',
  properties: {
    invoiceNo: p.string().length(40).primary(),
    orderNo: p.string().length(32).index('invoice_order_no_idx'),
    /** ORG-1 scope columns, copied from the order. */
    stationId: p.string().length(36),
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    status: p.enum(['ISSUING', 'ISSUED', 'FAILED', 'VOIDED']),
    buyerTitle: p.string().length(128),
    buyerTaxpayerId: p.string().length(18),
    buyerEmail: p.string().length(128),
    /** The seller (the station's invoice configuration, ASSET-2) when the invoice was requested. */
    sellerName: p.string().length(128),
    sellerTaxpayerId: p.string().length(18),
    amountFen: p.bigint(),
    /** INV-3: the lines as JSON (fen as decimal strings): kind, amount, net, tax, rate, taxCode. */
    lines: p.text(),
    attempts: p.integer().default(1),
    /** The provider's ticket of the current attempt (what its status query takes). */
    providerTicket: p.string().length(512).nullable(),
    voidTicket: p.string().length(512).nullable(),
    invoiceNumber: p.string().length(32).nullable().unique('invoice_number_unique'),
    invoiceCode: p.string().length(32).nullable(),
    serialNo: p.string().length(64).nullable(),
    issuedAt: p.bigint('number').nullable(),
    voidRequestedAt: p.bigint('number').nullable(),
    voidedAt: p.bigint('number').nullable(),
    failureReason: p.string().length(255).nullable(),
    requestedBy: p.string().length(64),
    requestedAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
  },
});
/** An invoice row. */
export type InvoiceRow = InferEntity<typeof InvoiceEntity>;

/** INV-3: the PDF of an issued invoice, rendered from its lines when the provider issued it. */
export const InvoicePdfEntity = defineEntity({
  name: 'InvoicePdf',
  tableName: 'invoice_pdf',
  properties: {
    invoiceNo: p.string().length(40).primary(),
    content: p.blob(),
    sizeBytes: p.integer(),
    createdAt: p.bigint('number'),
  },
});
/** An invoice PDF row. */
export type InvoicePdfRow = InferEntity<typeof InvoicePdfEntity>;
