import { fen, type BillLine, type Fen } from '@chargeflow/core';
import type { OrderFeeRow } from '../entities/order-fees.js';

/** TAR-12: a fee of a charging order beyond its charging bill (the occupancy fee of its stay). */
export interface OrderFeeRecord {
  readonly kind: 'OCCUPANCY';
  /** Where it was priced: a reservation (its no.) or an occupancy record (its id). */
  readonly source: { readonly kind: 'RESERVATION' | 'OCCUPANCY_RECORD'; readonly ref: string };
  readonly amount: Fen;
  /** The bill line as core priced it (minutes, grace, unit price, amount). */
  readonly line: BillLine;
  readonly status: 'UNPAID';
  readonly createdAt: number;
}

/** Maps a stored order fee back to its record, exactly (strings stay strings, fen stays bigint). */
export const toOrderFee = (row: OrderFeeRow): OrderFeeRecord => {
  const line = row.line;
  const band = line['band'];
  return {
    kind: row.kind,
    source: { kind: row.sourceKind, ref: row.sourceRef },
    amount: fen(BigInt(row.amountFen)),
    line: {
      kind: String(line['kind']),
      label: String(line['label']),
      quantity: line['quantity'] as { value: string; unit: string },
      unitPrice: String(line['unitPrice']),
      preciseAmount: String(line['preciseAmount']),
      amount: fen(BigInt(row.amountFen)),
      ...(typeof band === 'string' ? { band } : {}),
    },
    status: row.status,
    createdAt: row.createdAt,
  };
};
