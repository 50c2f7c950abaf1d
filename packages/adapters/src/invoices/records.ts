import { fen, type Fen, type InvoiceLine } from '@chargeflow/core';
import type { InvoiceRow } from '../persistence/entities/invoices.js';

/** INV-3: the lines as stored (fen as decimal strings). */
export const linesToJson = (lines: readonly InvoiceLine[]): string =>
  JSON.stringify(
    lines.map((l) => ({
      kind: l.kind,
      amount: l.amount.toString(),
      net: l.net.toString(),
      tax: l.tax.toString(),
      rate: l.rate,
      taxCode: l.taxCode,
    })),
  );

/** The stored lines back as invoice lines. */
export function linesOf(row: Pick<InvoiceRow, 'lines'>): InvoiceLine[] {
  const parsed = JSON.parse(row.lines) as Array<Record<string, string>>;
  return parsed.map((l) => ({
    kind: l['kind'] === 'ENERGY' ? 'ENERGY' : 'SERVICE',
    amount: fen(BigInt(l['amount'] ?? '0')),
    net: fen(BigInt(l['net'] ?? '0')),
    tax: fen(BigInt(l['tax'] ?? '0')),
    rate: l['rate'] ?? '0',
    taxCode: l['taxCode'] ?? '',
  }));
}

/** An invoice as the API shows it (INV-2, INV-3). */
export interface InvoiceRecord {
  readonly invoiceNo: string;
  readonly orderNo: string;
  readonly stationId: string;
  readonly status: InvoiceRow['status'];
  readonly buyer: { readonly title: string; readonly taxpayerId: string; readonly email: string };
  readonly seller: { readonly name: string; readonly taxpayerId: string };
  readonly amount: Fen;
  readonly lines: readonly InvoiceLine[];
  readonly attempts: number;
  readonly invoiceNumber: string | null;
  readonly invoiceCode: string | null;
  readonly serialNo: string | null;
  readonly issuedAt: number | null;
  readonly voiding: boolean;
  readonly voidedAt: number | null;
  readonly failureReason: string | null;
  readonly requestedBy: string;
  readonly requestedAt: number;
  readonly updatedAt: number;
}

/** A row as a record. */
export function toInvoiceRecord(row: InvoiceRow): InvoiceRecord {
  return {
    invoiceNo: row.invoiceNo,
    orderNo: row.orderNo,
    stationId: row.stationId,
    status: row.status,
    buyer: { title: row.buyerTitle, taxpayerId: row.buyerTaxpayerId, email: row.buyerEmail },
    seller: { name: row.sellerName, taxpayerId: row.sellerTaxpayerId },
    amount: fen(row.amountFen),
    lines: linesOf(row),
    attempts: row.attempts,
    invoiceNumber: row.invoiceNumber ?? null,
    invoiceCode: row.invoiceCode ?? null,
    serialNo: row.serialNo ?? null,
    issuedAt: row.issuedAt ?? null,
    voiding: row.status === 'ISSUED' && row.voidRequestedAt !== null && row.voidRequestedAt !== undefined,
    voidedAt: row.voidedAt ?? null,
    failureReason: row.failureReason ?? null,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt,
    updatedAt: row.updatedAt,
  };
}
