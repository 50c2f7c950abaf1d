import { DomainError } from '@chargeflow/core';

/** Stable codes of a refused channel callback (PAY-1); the raw callback is kept in every case. */
export type PaymentCallbackErrorCode =
  | 'CALLBACK_SIGNATURE_INVALID'
  | 'CALLBACK_MALFORMED'
  | 'CALLBACK_PAYMENT_UNKNOWN'
  | 'CALLBACK_CHANNEL_UNKNOWN';

/** A channel callback we refuse; `code` is stable, the HTTP layer answers 401 / 400 / 404. */
export class PaymentCallbackError extends DomainError<PaymentCallbackErrorCode> {}
