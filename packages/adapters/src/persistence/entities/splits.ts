import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

// SPL-1: an order's split settlement (分账记录) and its parts, one per receiving merchant. Amounts
// are BIGINT fen; the record's status is derived from its parts and stored for the search.

/** Split record states (core's SPLIT_STATUSES). */
export const SPLIT_RECORD_STATUSES = [
  'PENDING',
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'REVERSING',
  'REVERSED',
] as const;

/** 分账记录: one per order (split_record_order_unique); `round` counts the operator's retries and reversals. */
export const SplitRecordEntity = defineEntity({
  name: 'SplitRecord',
  tableName: 'split_record',
  indexes: [
    { name: 'split_record_station_created_idx', properties: ['stationId', 'createdAt'] },
    { name: 'split_record_lead_created_idx', properties: ['leadMerchantId', 'createdAt'] },
    { name: 'split_record_status_created_idx', properties: ['status', 'createdAt'] },
  ],
  properties: {
    splitNo: p.string().length(40).primary(),
    orderNo: p.string().length(32).unique('split_record_order_unique'),
    paymentNo: p.string().length(32),
    /** ORG-1 scope columns, copied from the order. */
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    stationId: p.string().length(36),
    /** 主导商户: keeps what the receivers do not get. */
    leadMerchantId: p.string().length(32),
    /** What the order brought in (fee − fee refunds) = lead + Σ parts. */
    amountFen: p.bigint(),
    leadAmountFen: p.bigint(),
    status: p.enum([...SPLIT_RECORD_STATUSES]),
    round: p.integer().default(0),
    operatorId: p.string().length(64).nullable(),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
  },
});
/** A split record row. */
export type SplitRecordRow = InferEntity<typeof SplitRecordEntity>;

/** One receiver's part of a split (分账明细); unique per order and merchant (split_part_order_merchant_unique). */
export const SplitPartEntity = defineEntity({
  name: 'SplitPart',
  tableName: 'split_part',
  uniques: [{ name: 'split_part_order_merchant_unique', properties: ['orderNo', 'merchantId'] }],
  indexes: [
    { name: 'split_part_split_idx', properties: ['splitNo'] },
    { name: 'split_part_merchant_idx', properties: ['merchantId', 'splitNo'] },
  ],
  properties: {
    partNo: p.string().length(44).primary(),
    splitNo: p.string().length(40),
    orderNo: p.string().length(32),
    merchantId: p.string().length(32),
    amountFen: p.bigint(),
    status: p.enum([...SPLIT_RECORD_STATUSES]),
    /** Channel requests of the split (`<partNo>-A<n>`) and of the reversal (`<partNo>-R<n>`). */
    attempts: p.integer().default(0),
    reverseAttempts: p.integer().default(0),
    channelSplitNo: p.string().length(64).nullable(),
    channelReversalNo: p.string().length(64).nullable(),
    failureReason: p.string().length(255).nullable(),
    succeededAt: p.bigint('number').nullable(),
    reversedAt: p.bigint('number').nullable(),
    updatedAt: p.bigint('number'),
  },
});
/** A split part row. */
export type SplitPartRow = InferEntity<typeof SplitPartEntity>;
