import type { EntityManager } from '@mikro-orm/core';
import { PaymentLedger } from './payment-ledger.js';
import type { PaymentChannel, PaymentReceipt, PayRequest, RefundReceipt, RefundRequest } from './port.js';
import { toPaymentReceipt, toRefundReceipt } from './records.js';

/** The channel name stored on sandbox payments. */
export const SANDBOX_CHANNEL = 'sandbox';

/**
 * The "sandbox" payment channel for the local stack and tests: no money moves, but every payment
 * and refund is recorded in the database through the same rules as a real channel (PAY-1, REF-1,
 * REF-2). Payments succeed at once with a verified callback; refunds are reserved under the payment
 * lock, then confirmed with a deterministic channel refund no.
 */
export class SandboxPaymentChannel implements PaymentChannel {
  readonly name = SANDBOX_CHANNEL;
  private readonly ledger: PaymentLedger;

  constructor(
    em: EntityManager,
    private readonly now: () => number,
  ) {
    this.ledger = new PaymentLedger(em);
  }

  /** PAY-1: records the payment and its (verified, kept raw) success callback; idempotent by paymentNo. */
  async pay(request: PayRequest): Promise<PaymentReceipt> {
    const at = this.now();
    const channelTxnId = `SBX-${request.paymentNo}`;
    const raw = JSON.stringify({
      channel: SANDBOX_CHANNEL,
      paymentNo: request.paymentNo,
      txnId: channelTxnId,
      amountFen: request.amount.toString(),
      paidAt: at,
    });
    const row = await this.ledger.recordPayment({ ...request, channel: SANDBOX_CHANNEL, at }, [
      { kind: 'CREATE', at },
      { kind: 'SUBMIT', at },
      { kind: 'CALLBACK_PAID', at, verified: true, raw, channelTxnId, amount: request.amount },
    ]);
    return toPaymentReceipt(row);
  }

  /**
   * REF-1, REF-2: reserves the refund under the payment row's lock (never more than paid − refunded,
   * also under concurrent requests), then "calls" the channel and records its success. Idempotent by
   * refundNo: a repeat returns the stored refund, finishing it if it was left REFUNDING.
   */
  async refund(request: RefundRequest): Promise<RefundReceipt> {
    const { refund } = await this.ledger.reserveRefund(request, this.now());
    if (refund.status !== 'REFUNDING') return toRefundReceipt(refund);
    const done = await this.ledger.settleRefund(refund.refundNo, {
      kind: 'CHANNEL_SUCCEEDED',
      at: this.now(),
      channelRefundNo: `SBX-R-${refund.refundNo}`,
    });
    return toRefundReceipt(done);
  }
}
