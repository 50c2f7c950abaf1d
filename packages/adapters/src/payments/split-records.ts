import { fen, formatCny, type SplitRecord, type SplitStatus } from '@chargeflow/core';
import type { SplitProgress } from '@chargeflow/workflows';
import type { SplitPartRow, SplitRecordRow } from '../persistence/entities/splits.js';

// SPL-1: how stored split parts map to core's split lifecycle, and a record's status from its parts.

/** A part as core's split record (one receiver, its own lifecycle: SPLIT_LIFECYCLE). */
export const partState = (row: SplitPartRow): SplitRecord => ({
  splitNo: row.partNo,
  orderNo: row.orderNo,
  stationId: '',
  amount: fen(row.amountFen),
  allocation: {
    leadMerchantId: '',
    leadAmount: fen(0),
    shares: [{ merchantId: row.merchantId, amount: fen(row.amountFen) }],
  },
  status: row.status,
  attempts: row.attempts,
  ...(row.failureReason === null || row.failureReason === undefined
    ? {}
    : { failureReason: row.failureReason }),
  createdAt: 0,
});

/** Parts still waiting for the channel. */
export const isOpen = (status: SplitStatus): boolean =>
  status === 'PROCESSING' || status === 'REVERSING' || status === 'PENDING';

/**
 * SPL-1: a record's status from its parts: REVERSING while any reversal runs, REVERSED when every part
 * is, PROCESSING while any split runs, FAILED when any failed, otherwise SUCCEEDED (a record without
 * parts, where the lead merchant keeps everything, is SUCCEEDED at once).
 */
export function recordStatus(parts: readonly { readonly status: SplitStatus }[]): SplitStatus {
  if (parts.some((p) => p.status === 'REVERSING')) return 'REVERSING';
  if (parts.length > 0 && parts.every((p) => p.status === 'REVERSED')) return 'REVERSED';
  if (parts.some((p) => p.status === 'PROCESSING' || p.status === 'PENDING')) return 'PROCESSING';
  if (parts.some((p) => p.status === 'FAILED')) return 'FAILED';
  return 'SUCCEEDED';
}

/** The workflow's view of a record and its parts (amounts as decimal CNY). */
export const progressOf = (record: SplitRecordRow, parts: readonly SplitPartRow[]): SplitProgress => ({
  splitNo: record.splitNo,
  status: record.status,
  round: record.round,
  open: parts.filter((p) => isOpen(p.status)).length,
  parts: parts.map((p) => ({
    merchantId: p.merchantId,
    amount: formatCny(fen(p.amountFen)),
    status: p.status,
  })),
});

/** The progress of an order that is not split. */
export const NOT_APPLICABLE: SplitProgress = {
  splitNo: null,
  status: 'NOT_APPLICABLE',
  round: 0,
  open: 0,
  parts: [],
};
