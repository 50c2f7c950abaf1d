import type { PaymentChannel, PaymentReceipt, PayRequest, RefundReceipt, RefundRequest } from './port.js';
import { toRefundReceipt } from './records.js';
import { startRefundAttempt, type RefundWorkflowStarter } from './refund-attempt.js';
import type { StationPaymentChannels } from './station-channels.js';

/**
 * ORD-6, REF-2: the payment port of the charging activities, with the PREPAY_RETURN of a settlement
 * carried by the same machinery as an operator's FEE_REFUND: reserved under the payment row's lock
 * (its refund no. `<orderNo>-PR`, REFUNDING), then one `refundWorkflow` attempt that submits it to
 * the payment's channel, waits for the verified callback and falls back on the status query. A
 * failed return is retried by an operator like any refund. `returnPrepay` answers once the refund is
 * reserved and its workflow started; a repeat (activity retry) finds both and starts nothing.
 * Payments and other refund types pass through to the station channels unchanged.
 */
export class WorkflowPrepayReturns implements PaymentChannel {
  readonly name: string;

  constructor(
    private readonly channels: StationPaymentChannels,
    private readonly tenantId: string,
    private readonly starter: RefundWorkflowStarter,
  ) {
    this.name = channels.name;
  }

  pay(request: PayRequest): Promise<PaymentReceipt> {
    return this.channels.pay(request);
  }

  async refund(request: RefundRequest): Promise<RefundReceipt> {
    if (request.type !== 'PREPAY_RETURN') return this.channels.refund(request);
    const refund = await this.channels.reserveRefund(request);
    if (refund.status === 'REFUNDING')
      await startRefundAttempt(this.starter, this.tenantId, refund.refundNo, refund.attempts);
    return toRefundReceipt(refund);
  }
}

/** The charging sessions' payment port of one tenant: prepay returns through refundWorkflow. */
export function prepayReturnsThroughWorkflow(
  channels: StationPaymentChannels,
  tenantId: string,
  starter: RefundWorkflowStarter,
): PaymentChannel {
  return new WorkflowPrepayReturns(channels, tenantId, starter);
}
