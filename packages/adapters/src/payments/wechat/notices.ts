import { fen } from '@chargeflow/core';
import { z } from 'zod';
import type { ChannelOutcome, VerifiedNotice } from '../gateway.js';

// The JSON shapes of WeChat Pay APIv3 that this channel reads: the callback envelope, the decrypted
// transaction and refund resources, and the answers of the query endpoints (same fields, in clear).

/** Amounts are integer fen in WeChat Pay's JSON; bounded so that no float ever carries money. */
const FenInt = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const EnvelopeSchema = z.object({
  id: z.string().min(1).max(64),
  create_time: z.string().max(40),
  event_type: z.string().min(1).max(64),
  resource_type: z.literal('encrypt-resource'),
  summary: z.string().max(255).optional(),
  resource: z.object({
    algorithm: z.literal('AEAD_AES_256_GCM'),
    original_type: z.string().max(32),
    associated_data: z.string().max(64).default(''),
    nonce: z.string().min(1).max(32),
    ciphertext: z.string().min(1).max(65_536),
  }),
});

export const TransactionSchema = z.object({
  mchid: z.string().max(32),
  out_trade_no: z.string().min(1).max(32),
  transaction_id: z.string().max(64).optional(),
  trade_state: z.enum(['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR']),
  trade_state_desc: z.string().max(255).optional(),
  success_time: z.string().max(40).optional(),
  amount: z
    .object({ total: FenInt, payer_total: FenInt.optional(), currency: z.string().max(8).optional() })
    .optional(),
});

const RefundStatus = z.enum(['SUCCESS', 'CLOSED', 'ABNORMAL', 'PROCESSING']);

/** A refund as the callback resource (`refund_status`) or the query answer (`status`) has it. */
export const RefundSchema = z
  .object({
    mchid: z.string().max(32).optional(),
    out_refund_no: z.string().min(1).max(64),
    refund_id: z.string().min(1).max(64),
    refund_status: RefundStatus.optional(),
    status: RefundStatus.optional(),
    success_time: z.string().max(40).optional(),
    amount: z.object({ total: FenInt, refund: FenInt }),
  })
  .refine((r) => r.refund_status !== undefined || r.status !== undefined, 'a refund status');

/** `out_refund_no` of an attempt: the refund no. on the first, `<refundNo>_<attempt>` from the second (REF-2). */
export const outRefundNo = (refundNo: string, attempt: number): string =>
  attempt > 1 ? `${refundNo}_${attempt}` : refundNo;

/** The refund no. and attempt an `out_refund_no` names. */
export function refundOf(outRefund: string): { readonly refundNo: string; readonly attempt: number } {
  const match = /^(.+)_(\d{1,4})$/.exec(outRefund);
  return match
    ? { refundNo: match[1] as string, attempt: Number(match[2]) }
    : { refundNo: outRefund, attempt: 1 };
}

const timeOf = (iso: string | undefined): number | undefined => {
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(at) ? undefined : at;
};

/** PAY-1: what a transaction's trade_state says about the payment. */
export function transactionOutcome(t: z.infer<typeof TransactionSchema>): ChannelOutcome {
  const status =
    t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND'
      ? 'SUCCESS'
      : t.trade_state === 'NOTPAY' || t.trade_state === 'USERPAYING'
        ? 'PROCESSING'
        : 'FAILED';
  const at = timeOf(t.success_time);
  return {
    status,
    ...(t.transaction_id === undefined ? {} : { channelNo: t.transaction_id }),
    ...(t.amount === undefined ? {} : { amount: fen(BigInt(t.amount.total)) }),
    ...(status === 'FAILED' ? { reason: t.trade_state_desc ?? t.trade_state } : {}),
    ...(at === undefined ? {} : { at }),
  };
}

/** REF-2: what a refund's status says (SUCCESS → REFUNDED; CLOSED, ABNORMAL → FAILED). */
export function refundOutcome(r: z.infer<typeof RefundSchema>): ChannelOutcome {
  const state = r.refund_status ?? r.status ?? 'PROCESSING';
  const status = state === 'SUCCESS' ? 'SUCCESS' : state === 'PROCESSING' ? 'PROCESSING' : 'FAILED';
  const at = timeOf(r.success_time);
  return {
    status,
    channelNo: r.refund_id,
    amount: fen(BigInt(r.amount.refund)),
    ...(status === 'FAILED' ? { reason: `refund ${state}` } : {}),
    ...(at === undefined ? {} : { at }),
  };
}

/** The notice of a decrypted callback resource, by its original type. */
export function noticeOf(originalType: string, plaintext: unknown): VerifiedNotice {
  if (originalType === 'transaction') {
    const t = TransactionSchema.parse(plaintext);
    return { kind: 'PAYMENT', paymentNo: t.out_trade_no, ...transactionOutcome(t) };
  }
  if (originalType === 'refund') {
    const r = RefundSchema.parse(plaintext);
    return { kind: 'REFUND', ...refundOf(r.out_refund_no), ...refundOutcome(r) };
  }
  throw new Error(`unknown resource type ${originalType}`);
}
