import { fen, type PaymentState, type Refund } from '@chargeflow/core';
import type { PaymentRow, RefundRow } from '../persistence/entities/payments.js';
import type { PaymentReceipt, RefundReceipt } from './port.js';

/** The core's payment state of a stored payment. */
export const toPaymentState = (row: PaymentRow): PaymentState => ({
  paymentNo: row.paymentNo,
  orderNo: row.orderNo,
  channel: row.channel,
  amount: fen(row.amountFen),
  status: row.status as PaymentState['status'],
  ...(row.channelTxnId === null || row.channelTxnId === undefined ? {} : { channelTxnId: row.channelTxnId }),
  ...(row.paidAt === null || row.paidAt === undefined ? {} : { paidAt: row.paidAt }),
  ...(row.rawCallback === null || row.rawCallback === undefined ? {} : { lastCallbackRaw: row.rawCallback }),
});

/** The core's refund of a stored refund. */
export const toRefund = (row: RefundRow): Refund => ({
  refundNo: row.refundNo,
  orderNo: row.orderNo,
  paymentNo: row.payment.paymentNo,
  type: row.type,
  amount: fen(row.amountFen),
  status: row.status,
  reason: row.reason,
  ...(row.operatorId === null || row.operatorId === undefined ? {} : { operatorId: row.operatorId }),
  ...(row.channelRefundNo === null || row.channelRefundNo === undefined
    ? {}
    : { channelRefundNo: row.channelRefundNo }),
  ...(row.failureReason === null || row.failureReason === undefined
    ? {}
    : { failureReason: row.failureReason }),
  requestedAt: row.requestedAt,
  ...(row.refundedAt === null || row.refundedAt === undefined ? {} : { refundedAt: row.refundedAt }),
  attempts: row.attempts,
});

/** The receipt of a stored payment. */
export const toPaymentReceipt = (row: PaymentRow): PaymentReceipt => ({
  paymentNo: row.paymentNo,
  orderNo: row.orderNo,
  channel: row.channel,
  amount: fen(row.amountFen),
  status: row.status as PaymentReceipt['status'],
  channelTxnId: row.channelTxnId ?? null,
  paidAt: row.paidAt ?? null,
});

/** The receipt of a core refund. */
export const toRefundReceipt = (refund: Refund): RefundReceipt => ({
  refundNo: refund.refundNo,
  paymentNo: refund.paymentNo,
  orderNo: refund.orderNo,
  type: refund.type,
  amount: refund.amount,
  status: refund.status,
  channelRefundNo: refund.channelRefundNo ?? null,
});
