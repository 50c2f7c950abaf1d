import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

// PAY-1, REF-1, REF-2: payments and their refunds. Money is BIGINT fen mapped to bigint.

/** 支付订单: money taken through a channel; the payment row is the lock refunds take (REF-1). */
export const PaymentEntity = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  properties: {
    paymentNo: p.string().length(32).primary(),
    orderNo: p.string().length(32).index('payment_order_no_idx'),
    channel: p.string().length(16),
    amountFen: p.bigint(),
    status: p.string().length(16),
    channelTxnId: p.string().length(64).nullable().unique('payment_channel_txn_unique'),
    /** The raw body of the last channel callback (PAY-1 keeps it). */
    rawCallback: p.text().nullable(),
    paidAt: p.bigint('number').nullable(),
    /** The station whose payment configuration chose the channel (null on payments made before 0005). */
    stationId: p.string().length(36).nullable(),
    /** ORG-1 scope columns, copied from the station (null: seen by whole-tenant callers only). */
    providerId: p.string().length(36).nullable(),
    propertyId: p.string().length(36).nullable(),
    /** PAY-1: an unpaid payment still unpaid at this instant is expired (PAY_FAILED). */
    expiresAt: p.bigint('number').nullable(),
    failureReason: p.string().length(255).nullable(),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
  },
});
/** A payment row. */
export type PaymentRow = InferEntity<typeof PaymentEntity>;

/** 退费 (REF-2): PREPAY_RETURN or FEE_REFUND of one payment. */
export const RefundEntity = defineEntity({
  name: 'Refund',
  tableName: 'refund',
  properties: {
    refundNo: p.string().length(40).primary(),
    payment: () => p.manyToOne(PaymentEntity).fieldName('payment_no'),
    orderNo: p.string().length(32).index('refund_order_no_idx'),
    /** ORG-1 scope columns, copied from the order (null on refunds made before 0005: whole tenant only). */
    stationId: p.string().length(36).nullable(),
    providerId: p.string().length(36).nullable(),
    propertyId: p.string().length(36).nullable(),
    type: p.enum(['PREPAY_RETURN', 'FEE_REFUND']),
    amountFen: p.bigint(),
    status: p.enum(['PENDING', 'REFUNDING', 'REFUNDED', 'FAILED']),
    reason: p.string().length(255),
    operatorId: p.string().length(64).nullable(),
    channelRefundNo: p.string().length(64).nullable().unique('refund_channel_refund_no_unique'),
    failureReason: p.string().length(255).nullable(),
    attempts: p.integer().default(0),
    requestedAt: p.bigint('number'),
    refundedAt: p.bigint('number').nullable(),
    updatedAt: p.bigint('number'),
  },
});
/** A refund row. */
export type RefundRow = InferEntity<typeof RefundEntity>;

/** PAY-1: every callback a channel sent, verified or not, kept raw with what became of it. */
export const PaymentCallbackEntity = defineEntity({
  name: 'PaymentCallback',
  tableName: 'payment_callback',
  indexes: [
    { name: 'payment_callback_payment_idx', properties: ['paymentNo', 'receivedAt'] },
    { name: 'payment_callback_refund_idx', properties: ['refundNo', 'receivedAt'] },
  ],
  properties: {
    id: p.string().length(36).primary(),
    channel: p.string().length(16),
    stationId: p.string().length(36),
    receivedAt: p.bigint('number'),
    /** The request headers the signature depends on (JSON), and the body byte for byte. */
    headers: p.text(),
    body: p.text(),
    verified: p.boolean(),
    /** APPLIED (moved a payment or refund), DUPLICATE (changed nothing), or why it was refused. */
    outcome: p.enum(['APPLIED', 'DUPLICATE', 'SIGNATURE_INVALID', 'MALFORMED', 'UNKNOWN_PAYMENT', 'REFUSED']),
    errorCode: p.string().length(48).nullable(),
    paymentNo: p.string().length(32).nullable(),
    refundNo: p.string().length(40).nullable(),
  },
});
/** A stored channel callback. */
export type PaymentCallbackRow = InferEntity<typeof PaymentCallbackEntity>;
