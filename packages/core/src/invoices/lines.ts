import type { Bill } from '../billing/bill.js';
import type { Fen } from '../money/fen.js';
import { splitTaxIncluded } from './tax.js';

/** INV-3: a station's invoice configuration (发票配置); without it orders cannot be invoiced. */
export interface StationInvoiceConfig {
  readonly merchantNo: string;
  readonly sellerName: string;
  readonly sellerTaxpayerId: string;
  readonly energy: { readonly rate: string; readonly taxCode: string };
  readonly service: { readonly rate: string; readonly taxCode: string };
}

/** One invoice line: the tax-inclusive amount, its net and tax parts, rate and tax classification code. */
export interface InvoiceLine {
  readonly kind: 'ENERGY' | 'SERVICE';
  readonly amount: Fen;
  readonly net: Fen;
  readonly tax: Fen;
  readonly rate: string;
  readonly taxCode: string;
}

/**
 * INV-3: the energy and service parts of an invoiced amount. ENERGY bill lines are energy; every
 * other line (service, duration, occupancy) is service. When the amount differs from the bill
 * (capped fee, fee refunds) both parts shrink in proportion: energy rounded half-up, service the rest.
 */
export function feeParts(bill: Bill, amount: Fen): { readonly energy: Fen; readonly service: Fen } {
  let energy = 0n;
  let total = 0n;
  for (const line of bill.lines) {
    total += line.amount;
    if (line.kind === 'ENERGY') energy += line.amount;
  }
  if (total <= 0n) return { energy: 0n as Fen, service: amount };
  const scaled = (2n * amount * energy + total) / (2n * total);
  return { energy: scaled as Fen, service: (amount - scaled) as Fen };
}

/** INV-3: invoice lines for the energy and service parts with the station's rates and codes; zero parts are left out. */
export function invoiceLines(
  parts: { readonly energy: Fen; readonly service: Fen },
  config: StationInvoiceConfig,
): readonly InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  for (const kind of ['ENERGY', 'SERVICE'] as const) {
    const amount = kind === 'ENERGY' ? parts.energy : parts.service;
    const { rate, taxCode } = kind === 'ENERGY' ? config.energy : config.service;
    if (amount > 0n) lines.push({ kind, amount, ...splitTaxIncluded(amount, rate), rate, taxCode });
  }
  return lines;
}
