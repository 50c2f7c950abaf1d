import { fen } from '@chargeflow/core';
import { z } from '@hono/zod-openapi';
import type { PaymentRow } from '../persistence/entities/payments.js';
import type { RefundRecord } from '../payments/refund-service.js';
import { iso } from './asset-views.js';
import { MoneySchema, money } from './money-view.js';

// Bodies of the payment and refund routes (PAY-1, REF-1, REF-2).

export const RefundSchema = z
  .object({
    refundNo: z.string(),
    orderNo: z.string(),
    paymentNo: z.string(),
    stationId: z.string().nullable(),
    type: z.enum(['PREPAY_RETURN', 'FEE_REFUND']),
    amount: MoneySchema,
    status: z.enum(['PENDING', 'REFUNDING', 'REFUNDED', 'FAILED']),
    reason: z.string(),
    operatorId: z.string().nullable(),
    channelRefundNo: z.string().nullable(),
    failureReason: z.string().nullable(),
    attempts: z.number().int(),
    requestedAt: z.string(),
    refundedAt: z.string().nullable(),
  })
  .openapi('Refund');

export const PaymentSchema = z
  .object({
    paymentNo: z.string(),
    orderNo: z.string(),
    stationId: z.string().nullable(),
    channel: z.string(),
    amount: MoneySchema,
    status: z.string(),
    channelTxnId: z.string().nullable(),
    failureReason: z.string().nullable(),
    paidAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Payment');

export const refundView = (r: RefundRecord): z.infer<typeof RefundSchema> => ({
  refundNo: r.refundNo,
  orderNo: r.orderNo,
  paymentNo: r.paymentNo,
  stationId: r.stationId,
  type: r.type,
  amount: money(r.amount),
  status: r.status,
  reason: r.reason,
  operatorId: r.operatorId ?? null,
  channelRefundNo: r.channelRefundNo ?? null,
  failureReason: r.failureReason ?? null,
  attempts: r.attempts,
  requestedAt: iso(r.requestedAt),
  refundedAt: r.refundedAt === undefined ? null : iso(r.refundedAt),
});

export const paymentView = (p: PaymentRow): z.infer<typeof PaymentSchema> => ({
  paymentNo: p.paymentNo,
  orderNo: p.orderNo,
  stationId: p.stationId ?? null,
  channel: p.channel,
  amount: money(fen(p.amountFen)),
  status: p.status,
  channelTxnId: p.channelTxnId ?? null,
  failureReason: p.failureReason ?? null,
  paidAt: p.paidAt === null || p.paidAt === undefined ? null : iso(p.paidAt),
  expiresAt: p.expiresAt === null || p.expiresAt === undefined ? null : iso(p.expiresAt),
  createdAt: iso(p.createdAt),
});
