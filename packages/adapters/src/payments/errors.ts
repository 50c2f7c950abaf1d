import { DomainError } from '@chargeflow/core';

/** Stable codes of payment-adapter errors (core's REFUND_* codes pass through unchanged). */
export type PaymentAdapterErrorCode =
  | 'PAYMENT_NOT_FOUND'
  | 'PAYMENT_NOT_PAID'
  | 'PAYMENT_REQUEST_CONFLICT'
  | 'REFUND_REQUEST_CONFLICT'
  | 'REFUND_NOT_FOUND'
  /** The channel's server did not answer, or answered with an error or an unsigned answer. */
  | 'PAYMENT_CHANNEL_UNAVAILABLE';

/** A payment or refund request the adapter refuses; `code` is stable. */
export class PaymentAdapterError extends DomainError<PaymentAdapterErrorCode> {}
