import { fen } from '@chargeflow/core';
import { z } from '@hono/zod-openapi';
import { SPLIT_RECORD_STATUSES } from '../persistence/entities/splits.js';
import type { SplitView } from '../payments/split-service.js';
import { iso } from './asset-views.js';
import { MoneySchema, money } from './money-view.js';

// Bodies of the split settlement routes (SPL-1).

export const SplitPartSchema = z
  .object({
    partNo: z.string(),
    merchantId: z.string(),
    amount: MoneySchema,
    status: z.enum(SPLIT_RECORD_STATUSES),
    attempts: z.number().int(),
    reverseAttempts: z.number().int(),
    channelSplitNo: z.string().nullable(),
    channelReversalNo: z.string().nullable(),
    failureReason: z.string().nullable(),
    succeededAt: z.string().nullable(),
    reversedAt: z.string().nullable(),
  })
  .openapi('SplitPart');

export const SplitSchema = z
  .object({
    splitNo: z.string(),
    orderNo: z.string(),
    paymentNo: z.string(),
    stationId: z.string(),
    leadMerchantId: z.string(),
    amount: MoneySchema.describe('what the order brought in: lead + Σ parts'),
    leadAmount: MoneySchema.describe('what the lead merchant (主导商户) keeps'),
    status: z.enum(SPLIT_RECORD_STATUSES),
    round: z.number().int(),
    operatorId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    parts: z.array(SplitPartSchema),
  })
  .openapi('Split');

const at = (value: number | null | undefined) => (value === null || value === undefined ? null : iso(value));

export const splitView = (s: SplitView): z.infer<typeof SplitSchema> => ({
  splitNo: s.splitNo,
  orderNo: s.orderNo,
  paymentNo: s.paymentNo,
  stationId: s.stationId,
  leadMerchantId: s.leadMerchantId,
  amount: money(s.amount),
  leadAmount: money(s.leadAmount),
  status: s.status,
  round: s.round,
  operatorId: s.operatorId,
  createdAt: iso(s.createdAt),
  updatedAt: iso(s.updatedAt),
  parts: s.parts.map((p) => ({
    partNo: p.partNo,
    merchantId: p.merchantId,
    amount: money(fen(p.amountFen)),
    status: p.status,
    attempts: p.attempts,
    reverseAttempts: p.reverseAttempts,
    channelSplitNo: p.channelSplitNo ?? null,
    channelReversalNo: p.channelReversalNo ?? null,
    failureReason: p.failureReason ?? null,
    succeededAt: at(p.succeededAt),
    reversedAt: at(p.reversedAt),
  })),
});
