import { type Fen, ZERO_FEN, maxFen, sumFen } from '../money/fen.js';

/** REF-2: refund types: the unused prepay returned at settlement, and a fee refund an operator grants. */
export type RefundType = 'PREPAY_RETURN' | 'FEE_REFUND';

/** REF-2: refund states; FAILED is retryable. */
export const REFUND_STATUSES = ['PENDING', 'REFUNDING', 'REFUNDED', 'FAILED'] as const;
/** A refund state. */
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** The part of a refund the limit needs. */
export interface RefundAmount {
  readonly amount: Fen;
  readonly status: RefundStatus;
}

/**
 * REF-1: the most that may still be refunded = paid − Σ every refund of the payment that is not
 * FAILED (PENDING and REFUNDING count: the money is on its way; PREPAY_RETURN counts too). A FAILED
 * refund frees its amount until it is retried. Never below zero. Adapters call this inside the
 * database transaction that locks the payment row, so concurrent requests cannot both pass.
 */
export function refundableAmount(paid: Fen, refunds: readonly RefundAmount[]): Fen {
  const committed = sumFen(refunds.filter((r) => r.status !== 'FAILED').map((r) => r.amount));
  return maxFen(ZERO_FEN, (paid - committed) as Fen);
}
