import { DomainError, fen, type Refund } from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import { StationEntity } from '../persistence/entities/assets.js';
import type { PaymentRow } from '../persistence/entities/payments.js';
import type { StationMoneyConfigs } from '../persistence/repositories/station-money-config.js';
import type { ChannelGateway, ChannelMerchant } from './gateway.js';
import { stationChannel, type PaymentGateways } from './gateways.js';
import { PaymentLedger } from './payment-ledger.js';
import type { PaymentChannel, PaymentReceipt, PayRequest, RefundReceipt, RefundRequest } from './port.js';
import { toPaymentReceipt, toRefundReceipt } from './records.js';

/** A refund's payment and the channel (gateway, merchant) it was paid through. */
interface RefundChannel {
  readonly payment: PaymentRow;
  readonly gateway: ChannelGateway;
  readonly merchant: ChannelMerchant;
}

/** How long payments may stay unpaid and how the caller waits for a channel's answer. */
export interface PaymentTimings {
  /** PAY-1: an unpaid payment expires after this (default 15 minutes). */
  readonly paymentTtlMs: number;
  /** How long `pay` waits for the channel's callback before it asks the channel (default 10 s). */
  readonly confirmTimeoutMs: number;
  /** How often the ledger is read while waiting (default 50 ms). */
  readonly pollMs: number;
}

export const DEFAULT_PAYMENT_TIMINGS: PaymentTimings = {
  paymentTtlMs: 15 * 60_000,
  confirmTimeoutMs: 10_000,
  pollMs: 50,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The payment channel of a tenant's stations (ASSET-3): each payment goes through the channel its
 * station is configured with. A payment is recorded PAY_PROCESSING, sent to the channel, and
 * confirmed only by the channel's verified callback (PaymentCallbackInbox); `pay` waits for it up to
 * `confirmTimeoutMs`, then asks the channel (status query fallback) and, still unpaid, expires it.
 */
export class StationPaymentChannels implements PaymentChannel {
  readonly name = 'station';
  private readonly ledger: PaymentLedger;

  constructor(
    private readonly em: EntityManager,
    private readonly tenantId: string,
    private readonly configs: StationMoneyConfigs,
    private readonly gateways: PaymentGateways,
    private readonly clock: () => number,
    private readonly timings: PaymentTimings = DEFAULT_PAYMENT_TIMINGS,
  ) {
    this.ledger = new PaymentLedger(em);
  }

  /** The channel and merchant of a station (PAYMENT_CHANNEL_MISSING without one, ASSET-3). */
  channelOf(
    stationId: string,
  ): Promise<{ readonly gateway: ChannelGateway; readonly merchant: ChannelMerchant }> {
    return stationChannel(this.configs, this.gateways, this.tenantId, stationId);
  }

  /** PAY-1: takes a payment through the station's channel and waits for its verified result. */
  async pay(request: PayRequest): Promise<PaymentReceipt> {
    if (request.stationId === undefined)
      throw new DomainError(
        'PAYMENT_CHANNEL_MISSING',
        'a payment needs the station whose channel takes it',
        {},
      );
    const { gateway, merchant } = await this.channelOf(request.stationId);
    const station = await this.em.fork().findOne(StationEntity, { id: request.stationId });
    const at = this.clock();
    const row = await this.ledger.recordPayment(
      {
        paymentNo: request.paymentNo,
        orderNo: request.orderNo,
        channel: gateway.name,
        amount: request.amount,
        at,
        stationId: request.stationId,
        ...(station ? { providerId: station.providerId, propertyId: station.property.id } : {}),
        expiresAt: at + this.timings.paymentTtlMs,
      },
      [
        { kind: 'CREATE', at },
        { kind: 'SUBMIT', at },
      ],
    );
    if (row.status === 'PAY_PROCESSING' || row.status === 'UNPAID') {
      await gateway.submitPayment(merchant, {
        paymentNo: row.paymentNo,
        orderNo: row.orderNo,
        amount: request.amount,
      });
    }
    return toPaymentReceipt(await this.awaitPayment(request.paymentNo, gateway, merchant));
  }

  /** Waits for the callback; then the status query; then expiry (PAY-1: unpaid orders expire). */
  private async awaitPayment(paymentNo: string, gateway: ChannelGateway, merchant: ChannelMerchant) {
    const deadline = Date.now() + this.timings.confirmTimeoutMs;
    for (;;) {
      const row = await this.ledger.getPayment(paymentNo);
      if (row.status !== 'PAY_PROCESSING' && row.status !== 'UNPAID') return row;
      if (Date.now() >= deadline) break;
      await sleep(this.timings.pollMs);
    }
    const answer = await gateway.queryPayment(merchant, paymentNo);
    if ((answer.status === 'SUCCESS' || answer.status === 'FAILED') && answer.channelNo !== undefined) {
      const { payment } = await this.ledger.applyChannelResult(paymentNo, {
        status: answer.status,
        channelTxnId: answer.channelNo,
        amount: answer.amount ?? fen((await this.ledger.getPayment(paymentNo)).amountFen),
        raw: JSON.stringify({ source: 'STATUS_QUERY', ...answer, amount: answer.amount?.toString() }),
        reason: answer.reason ?? 'failed',
        at: this.clock(),
      });
      return payment;
    }
    return this.ledger.expirePayment(paymentNo, this.clock());
  }

  /**
   * REF-1, REF-2: reserves the refund under the payment row's lock (never more than paid − refunded,
   * also under concurrent requests), sends it to the payment's channel and waits for its result
   * like `pay` (callback, then status query). Idempotent by refundNo: a repeat returns the stored
   * refund (sent again if still open). The operator's fee refunds take the same steps in refundWorkflow.
   */
  async refund(request: RefundRequest): Promise<RefundReceipt> {
    const { refund } = await this.ledger.reserveRefund(request, this.clock());
    if (refund.status !== 'REFUNDING') return toRefundReceipt(refund);
    await this.submitRefund(refund.refundNo);
    const deadline = Date.now() + this.timings.confirmTimeoutMs;
    for (;;) {
      const now = await this.ledger.getRefund(refund.refundNo);
      if (now.status !== 'REFUNDING' || Date.now() >= deadline) break;
      await sleep(this.timings.pollMs);
    }
    return toRefundReceipt(await this.askAboutRefund(refund.refundNo));
  }

  /**
   * REF-1: reserves a refund under the payment row's lock (REFUNDING, or the stored one on a repeat)
   * without sending it; `refundWorkflow` carries it on (see prepay-returns.ts).
   */
  async reserveRefund(request: RefundRequest): Promise<Refund> {
    return (await this.ledger.reserveRefund(request, this.clock())).refund;
  }

  /** REF-2: sends a REFUNDING refund to its payment's channel (idempotent: the channel knows its no.). */
  async submitRefund(refundNo: string): Promise<Refund> {
    const refund = await this.ledger.getRefund(refundNo);
    if (refund.status !== 'REFUNDING') return refund;
    await this.sendRefund(refund, await this.refundChannel(refund));
    return refund;
  }

  /** The payment of a refund and the channel it was paid through. */
  private async refundChannel(refund: Refund): Promise<RefundChannel> {
    const payment = await this.ledger.getPayment(refund.paymentNo);
    return { payment, ...(await this.channelOfPayment(payment.stationId ?? null, payment.channel)) };
  }

  private async sendRefund(refund: Refund, { payment, gateway, merchant }: RefundChannel): Promise<void> {
    await gateway.submitRefund(merchant, {
      refundNo: refund.refundNo,
      attempt: refund.attempts,
      paymentNo: refund.paymentNo,
      channelTxnId: payment.channelTxnId ?? '',
      amount: refund.amount,
      paymentAmount: fen(payment.amountFen),
    });
  }

  /**
   * REF-2: a refund still REFUNDING is asked about at its channel (status query) and its answer
   * applied. A channel that does not know it (NOT_FOUND: the submit never reached it, e.g. the
   * process died between reserving and sending, or the request was lost) gets it submitted again,
   * under the same refund no. and attempt, so the channel's idempotency makes it one refund; the
   * next status query or its callback settles it.
   */
  async askAboutRefund(refundNo: string): Promise<Refund> {
    const current = await this.ledger.getRefund(refundNo);
    if (current.status !== 'REFUNDING') return current;
    const channel = await this.refundChannel(current);
    const answer = await channel.gateway.queryRefund(channel.merchant, refundNo, current.attempts);
    if (answer.status === 'NOT_FOUND') {
      await this.sendRefund(current, channel);
      return current;
    }
    if (answer.status !== 'SUCCESS' && answer.status !== 'FAILED') return current;
    const at = this.clock();
    return this.ledger.settleRefund(
      refundNo,
      answer.status === 'SUCCESS'
        ? { kind: 'CHANNEL_SUCCEEDED', at, channelRefundNo: answer.channelNo ?? refundNo }
        : { kind: 'CHANNEL_FAILED', at, reason: answer.reason ?? 'failed' },
    );
  }

  /** The stored refund (REFUND_NOT_FOUND otherwise). */
  getRefund(refundNo: string): Promise<Refund> {
    return this.ledger.getRefund(refundNo);
  }

  /** The channel a payment was taken through (its station's, or the sandbox for pre-0005 payments). */
  private channelOfPayment(stationId: string | null, channel: string) {
    if (stationId !== null) return this.channelOf(stationId);
    const gateway = this.gateways.byName(channel);
    if (gateway === undefined)
      throw new DomainError(
        'PAYMENT_CHANNEL_DISABLED',
        `this deployment does not run the ${channel} channel`,
        {
          channel,
        },
      );
    return Promise.resolve({
      gateway,
      merchant: { tenantId: this.tenantId, stationId: '', config: null, secrets: {} },
    });
  }
}
