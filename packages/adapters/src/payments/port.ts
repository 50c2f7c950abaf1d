import type { Fen, PaymentStatus, RefundStatus, RefundType } from '@chargeflow/core';

// The payment channel port (LeShua, Suixingfu, WeChat Pay, and "sandbox" for local runs and tests).
// Core declares no channel port; the workflows' PaymentChannel (refund only) is a structural subset.

/** Take money for an order; idempotent by paymentNo. */
export interface PayRequest {
  readonly paymentNo: string;
  readonly orderNo: string;
  readonly amount: Fen;
  /** The station whose payment configuration picks the channel (ASSET-3). */
  readonly stationId?: string;
}

/** A payment as the channel left it (PAY-1). */
export interface PaymentReceipt {
  readonly paymentNo: string;
  readonly orderNo: string;
  readonly channel: string;
  readonly amount: Fen;
  readonly status: PaymentStatus;
  readonly channelTxnId: string | null;
  readonly paidAt: number | null;
}

/** Give money back (REF-1, REF-2); idempotent by refundNo (the request id). */
export interface RefundRequest {
  readonly refundNo: string;
  readonly orderNo: string;
  readonly paymentNo: string;
  readonly type: RefundType;
  readonly amount: Fen;
  /** Why (shown to operator and user); defaults per type. */
  readonly reason?: string;
  readonly operatorId?: string;
  /** Accepted for the workflows' request shape; the database is already the tenant's own (TEN-7). */
  readonly tenantId?: string;
}

/** A refund as recorded (REF-2). */
export interface RefundReceipt {
  readonly refundNo: string;
  readonly paymentNo: string;
  readonly orderNo: string;
  readonly type: RefundType;
  readonly amount: Fen;
  readonly status: RefundStatus;
  readonly channelRefundNo: string | null;
}

/** A payment channel: takes and returns money, recording both. */
export interface PaymentChannel {
  /** The channel's name as stored on payments ("sandbox", "leshua", …). */
  readonly name: string;
  pay(request: PayRequest): Promise<PaymentReceipt>;
  refund(request: RefundRequest): Promise<RefundReceipt>;
}
