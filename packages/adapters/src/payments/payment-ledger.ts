import {
  refundableAmount,
  requestRefund,
  transitionPayment,
  transitionRefund,
  unwrap,
  type Fen,
  type PaymentEvent,
  type PaymentState,
  type Refund,
  type RefundEvent,
} from '@chargeflow/core';
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { ChargingOrderEntity } from '../persistence/entities/charging-order.js';
import {
  PaymentEntity,
  RefundEntity,
  type PaymentRow,
  type RefundRow,
} from '../persistence/entities/payments.js';
import { PaymentAdapterError } from './errors.js';
import type { RefundRequest } from './port.js';
import { toPaymentState, toRefund } from './records.js';

const DEFAULT_REASON = { PREPAY_RETURN: 'unused prepay returned', FEE_REFUND: 'fee refund' } as const;

/** Payments and refunds in the database; every refund decision runs under the payment row's lock (REF-1). */
export class PaymentLedger {
  constructor(private readonly em: EntityManager) {}

  /**
   * Records a new payment and runs it through `events`; an existing paymentNo returns as it is (idempotent).
   * No lock is taken: a locking read of a row that does not exist yet takes a gap lock, and simultaneous
   * starts with neighbouring numbers then deadlock on their inserts. The primary key decides a race instead.
   */
  async recordPayment(
    init: {
      readonly paymentNo: string;
      readonly orderNo: string;
      readonly channel: string;
      readonly amount: Fen;
      readonly at: number;
      /** The station whose configuration chose the channel (ASSET-3), and its scope (ORG-1). */
      readonly stationId?: string;
      readonly providerId?: string;
      readonly propertyId?: string;
      /** PAY-1: when an unpaid payment expires. */
      readonly expiresAt?: number;
    },
    events: readonly PaymentEvent[],
  ): Promise<PaymentRow> {
    const known = await this.em.fork().findOne(PaymentEntity, { paymentNo: init.paymentNo });
    if (known) return samePayment(known, init);
    let state: PaymentState = { ...init, status: 'NONE' };
    for (const event of events) state = unwrap(transitionPayment(state, event)).state;
    const em = this.em.fork();
    const row = em.create(PaymentEntity, {
      paymentNo: state.paymentNo,
      orderNo: state.orderNo,
      channel: state.channel,
      amountFen: state.amount,
      status: state.status,
      channelTxnId: state.channelTxnId ?? null,
      rawCallback: state.lastCallbackRaw ?? null,
      paidAt: state.paidAt ?? null,
      stationId: init.stationId ?? null,
      providerId: init.providerId ?? null,
      propertyId: init.propertyId ?? null,
      expiresAt: init.expiresAt ?? null,
      failureReason: null,
      createdAt: init.at,
      updatedAt: init.at,
    });
    try {
      await em.flush();
      return row;
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const winner = await this.em.fork().findOneOrFail(PaymentEntity, { paymentNo: init.paymentNo });
      return samePayment(winner, init);
    }
  }

  /**
   * REF-1: locks the payment row (SELECT … FOR UPDATE), reads every refund of it and the order,
   * lets core's requestRefund decide, and stores the accepted refund as REFUNDING, all in one
   * transaction, so concurrent requests are serialised and never exceed what was paid.
   * A known refundNo returns the stored refund (idempotent); the same refundNo with other data is a conflict.
   */
  async reserveRefund(
    request: RefundRequest,
    at: number,
  ): Promise<{ readonly refund: Refund; readonly created: boolean }> {
    return this.em.fork().transactional(async (em) => {
      const payment = await em.findOne(
        PaymentEntity,
        { paymentNo: request.paymentNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!payment)
        throw new PaymentAdapterError('PAYMENT_NOT_FOUND', `no payment ${request.paymentNo}`, {
          paymentNo: request.paymentNo,
        });
      const refunds = (
        await em.find(
          RefundEntity,
          { payment: payment.paymentNo },
          { orderBy: { requestedAt: 'asc', refundNo: 'asc' } },
        )
      ).map(toRefund);
      const known = refunds.find((r) => r.refundNo === request.refundNo);
      if (known) {
        if (
          known.amount !== request.amount ||
          known.type !== request.type ||
          known.orderNo !== request.orderNo
        ) {
          throw new PaymentAdapterError(
            'REFUND_REQUEST_CONFLICT',
            `refund ${request.refundNo} exists with other data`,
            {
              refundNo: request.refundNo,
            },
          );
        }
        return { refund: known, created: false };
      }
      if (payment.paidAt === null || payment.paidAt === undefined || payment.orderNo !== request.orderNo) {
        throw new PaymentAdapterError(
          'PAYMENT_NOT_PAID',
          `payment ${payment.paymentNo} has taken no money for ${request.orderNo}`,
          {
            paymentNo: payment.paymentNo,
            status: payment.status,
          },
        );
      }
      const order = await em.findOne(ChargingOrderEntity, { orderNo: payment.orderNo });
      const requested = unwrap(
        requestRefund({
          refundNo: request.refundNo,
          orderNo: request.orderNo,
          paymentNo: payment.paymentNo,
          type: request.type,
          amount: request.amount,
          reason: request.reason ?? DEFAULT_REASON[request.type],
          ...(request.operatorId === undefined ? {} : { operatorId: request.operatorId }),
          at,
          order: { status: order?.status ?? 'UNKNOWN', fee: (order?.feeFen ?? 0n) as Fen },
          paid: payment.amountFen as Fen,
          refunds,
        }),
      );
      const refund = unwrap(transitionRefund(requested, { kind: 'SUBMIT', at })).state;
      em.create(RefundEntity, {
        refundNo: refund.refundNo,
        payment,
        orderNo: refund.orderNo,
        stationId: order?.stationId ?? null,
        providerId: order?.providerId ?? null,
        propertyId: order?.propertyId ?? null,
        type: refund.type,
        amountFen: refund.amount,
        status: refund.status,
        reason: refund.reason,
        operatorId: refund.operatorId ?? null,
        attempts: refund.attempts,
        requestedAt: refund.requestedAt,
        updatedAt: at,
      });
      applyPaymentEvent(payment, { kind: 'REFUND_REQUESTED', at });
      return { refund, created: true };
    });
  }

  /**
   * REF-2: an operator retries a FAILED refund. Under the payment row's lock the limit is computed
   * again without this refund (a FAILED refund frees its amount, REF-1), core's RETRY refuses it with
   * REFUND_EXCEEDS_LIMIT when the amount no longer fits, and the refund is REFUNDING again.
   */
  async retryRefund(refundNo: string, operatorId: string, at: number): Promise<Refund> {
    return this.em.fork().transactional(async (em) => {
      const { row, payment } = await lockRefund(em, refundNo);
      const others = (await em.find(RefundEntity, { payment: payment.paymentNo }))
        .filter((r) => r.refundNo !== refundNo)
        .map(toRefund);
      const refundable = refundableAmount(payment.amountFen as Fen, others);
      const next = unwrap(
        transitionRefund(toRefund(row), { kind: 'RETRY', at, refundable, operatorId }),
      ).state;
      row.status = next.status;
      row.attempts = next.attempts;
      row.operatorId = next.operatorId ?? null;
      row.failureReason = null;
      row.updatedAt = at;
      applyPaymentEvent(payment, { kind: 'REFUND_REQUESTED', at });
      return next;
    });
  }

  /** REF-2: records the channel's answer to a refund (under the payment lock); repeated answers are ignored. */
  async settleRefund(
    refundNo: string,
    event: Extract<RefundEvent, { kind: 'CHANNEL_SUCCEEDED' | 'CHANNEL_FAILED' }>,
  ): Promise<Refund> {
    return this.em.fork().transactional(async (em) => {
      const { row, payment } = await lockRefund(em, refundNo);
      const next = unwrap(transitionRefund(toRefund(row), event)).state;
      row.status = next.status;
      row.channelRefundNo = next.channelRefundNo ?? null;
      row.failureReason = next.failureReason ?? null;
      row.refundedAt = next.refundedAt ?? null;
      row.updatedAt = event.at;
      applyPaymentEvent(payment, {
        kind: event.kind === 'CHANNEL_SUCCEEDED' ? 'REFUND_CONFIRMED' : 'REFUND_REJECTED',
        at: event.at,
      });
      return next;
    });
  }

  /**
   * PAY-1: applies a verified channel result to the payment under its row lock. `changed` is false
   * when it moved nothing (a repeated callback, a failure after success); a second, different success
   * or a wrong amount is refused by core (PAYMENT_CALLBACK_CONFLICT, PAYMENT_AMOUNT_MISMATCH).
   */
  async applyChannelResult(
    paymentNo: string,
    result: {
      readonly status: 'SUCCESS' | 'FAILED';
      readonly channelTxnId: string;
      readonly amount: Fen;
      readonly raw: string;
      readonly reason?: string;
      readonly at: number;
    },
  ): Promise<{ readonly payment: PaymentRow; readonly changed: boolean }> {
    return this.em.fork().transactional(async (em) => {
      const payment = await em.findOne(
        PaymentEntity,
        { paymentNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!payment)
        throw new PaymentAdapterError('PAYMENT_NOT_FOUND', `no payment ${paymentNo}`, { paymentNo });
      const before = toPaymentState(payment);
      const common = { at: result.at, verified: true, raw: result.raw, channelTxnId: result.channelTxnId };
      const event: PaymentEvent =
        result.status === 'SUCCESS'
          ? { kind: 'CALLBACK_PAID', amount: result.amount, ...common }
          : { kind: 'CALLBACK_FAILED', reason: result.reason ?? 'failed', ...common };
      const next = unwrap(transitionPayment(before, event)).state;
      const changed = next.status !== before.status || next.channelTxnId !== before.channelTxnId;
      if (changed) {
        payment.status = next.status;
        payment.channelTxnId = next.channelTxnId ?? null;
        payment.paidAt = next.paidAt ?? null;
        payment.rawCallback = next.lastCallbackRaw ?? null;
        payment.failureReason = result.status === 'FAILED' ? (result.reason ?? 'failed').slice(0, 255) : null;
        payment.updatedAt = result.at;
      }
      return { payment, changed };
    });
  }

  /** PAY-1: an unpaid payment past its time becomes PAY_FAILED (EXPIRED); any other state is left as it is. */
  async expirePayment(paymentNo: string, at: number): Promise<PaymentRow> {
    return this.em.fork().transactional(async (em) => {
      const payment = await em.findOneOrFail(
        PaymentEntity,
        { paymentNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const before = toPaymentState(payment);
      const next = unwrap(transitionPayment(before, { kind: 'EXPIRE', at })).state;
      if (next.status !== before.status) {
        payment.status = next.status;
        payment.failureReason = 'EXPIRED';
        payment.updatedAt = at;
      }
      return payment;
    });
  }

  /** The refund, or REFUND_NOT_FOUND. */
  async getRefund(refundNo: string): Promise<Refund> {
    const row = await this.em.fork().findOne(RefundEntity, { refundNo });
    if (!row) throw new PaymentAdapterError('REFUND_NOT_FOUND', `no refund ${refundNo}`, { refundNo });
    return toRefund(row);
  }

  /** Every refund of a payment, oldest first. */
  async refundsOf(paymentNo: string): Promise<Refund[]> {
    const rows = await this.em
      .fork()
      .find(RefundEntity, { payment: paymentNo }, { orderBy: { requestedAt: 'asc', refundNo: 'asc' } });
    return rows.map(toRefund);
  }

  /** The payment, or PAYMENT_NOT_FOUND. */
  async getPayment(paymentNo: string): Promise<PaymentRow> {
    const row = await this.em.fork().findOne(PaymentEntity, { paymentNo });
    if (!row) throw new PaymentAdapterError('PAYMENT_NOT_FOUND', `no payment ${paymentNo}`, { paymentNo });
    return row;
  }
}

/** A refund and its payment, the payment row locked (every refund decision runs under it), the refund re-read. */
async function lockRefund(
  em: EntityManager,
  refundNo: string,
): Promise<{ readonly row: RefundRow; readonly payment: PaymentRow }> {
  const row = await em.findOne(RefundEntity, { refundNo });
  if (!row) throw new PaymentAdapterError('REFUND_NOT_FOUND', `no refund ${refundNo}`, { refundNo });
  const payment = await em.findOneOrFail(
    PaymentEntity,
    { paymentNo: row.payment.paymentNo },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  await em.refresh(row);
  return { row, payment };
}

/** PAY-1: moves the (locked, managed) payment row by one event; the transaction flushes it. */
function applyPaymentEvent(payment: PaymentRow, event: PaymentEvent): void {
  const next = unwrap(transitionPayment(toPaymentState(payment), event)).state;
  payment.status = next.status;
  payment.updatedAt = event.at;
}

/** The stored payment when it matches the request; the same number with other data is a conflict. */
function samePayment(
  row: PaymentRow,
  init: {
    readonly paymentNo: string;
    readonly orderNo: string;
    readonly channel: string;
    readonly amount: Fen;
  },
): PaymentRow {
  if (row.orderNo !== init.orderNo || row.amountFen !== init.amount || row.channel !== init.channel) {
    throw new PaymentAdapterError(
      'PAYMENT_REQUEST_CONFLICT',
      `payment ${init.paymentNo} exists with other data`,
      {
        paymentNo: init.paymentNo,
      },
    );
  }
  return row;
}
