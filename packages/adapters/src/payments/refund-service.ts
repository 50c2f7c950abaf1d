import { randomBytes } from 'node:crypto';
import { DomainError, type Fen, type Refund, type RefundStatus, type RefundType } from '@chargeflow/core';
import {
  DEFAULT_REFUND_TIMINGS,
  refundWorkflowId,
  type RefundWorkflowInput,
  type refundWorkflow,
} from '@chargeflow/workflows';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { WorkflowClient } from '@temporalio/client';
import {
  PaymentEntity,
  RefundEntity,
  type PaymentRow,
  type RefundRow,
} from '../persistence/entities/payments.js';
import type { ChargingOrderRepository } from '../persistence/repositories/charging-order-repository.js';
import { STATION_LEVEL_COLUMNS, scopeWhere, within, type QueryScope } from '../persistence/scope.js';
import { PaymentAdapterError } from './errors.js';
import { PaymentLedger } from './payment-ledger.js';
import { toRefund } from './records.js';

/** Timings of refund attempts (`RefundWorkflowInput` without the ids). */
export type RefundTimings = Omit<RefundWorkflowInput, 'tenantId' | 'refundNo'>;

/** Filters of the refund search (REF-2). */
export interface RefundSearch {
  readonly orderNo?: string;
  readonly stationId?: string;
  readonly status?: RefundStatus;
  readonly type?: RefundType;
  readonly limit: number;
  readonly offset: number;
}

/** Filters of the payment search (PAY-1). */
export interface PaymentSearch {
  readonly orderNo?: string;
  readonly stationId?: string;
  readonly status?: string;
  readonly limit: number;
  readonly offset: number;
}

/** A refund with its scope, as listed. */
export type RefundRecord = Refund & { readonly stationId: string | null };

/**
 * An operator's refunds (REF-1, REF-2) and the payment and refund searches, in the caller's scope
 * (ORG-1): a fee refund is reserved under the payment row's lock (the limit holds under concurrent
 * requests), then carried through the channel by `refundWorkflow`; a FAILED one can be retried.
 */
export class RefundService {
  private readonly ledger: PaymentLedger;

  constructor(
    private readonly deps: {
      readonly em: EntityManager;
      readonly tenantId: string;
      readonly scope: QueryScope;
      readonly orders: ChargingOrderRepository;
      readonly workflows: WorkflowClient;
      readonly taskQueue: string;
      readonly clock: () => number;
      readonly timings?: RefundTimings;
    },
  ) {
    this.ledger = new PaymentLedger(deps.em);
  }

  /** REF-1: a FEE_REFUND of `amount` on a COMPLETED order with fee > 0, at most paid − Σ non-failed refunds. */
  async requestFeeRefund(
    orderNo: string,
    input: { readonly amount: Fen; readonly reason: string; readonly operatorId: string },
  ): Promise<RefundRecord> {
    const order = await this.deps.orders.get(orderNo); // ORDER_NOT_FOUND outside the scope
    if (order.funding.kind !== 'PREPAY') {
      throw new DomainError(
        'REFUND_ORDER_NOT_REFUNDABLE',
        'only an order paid through a channel is refunded here',
        {
          orderNo,
          funding: order.funding.kind,
        },
      );
    }
    const refundNo = `${orderNo}-F${randomBytes(3).toString('hex').toUpperCase()}`;
    const { refund } = await this.ledger.reserveRefund(
      {
        refundNo,
        orderNo,
        paymentNo: order.funding.paymentNo,
        type: 'FEE_REFUND',
        amount: input.amount,
        reason: input.reason,
        operatorId: input.operatorId,
      },
      this.deps.clock(),
    );
    await this.startAttempt(refund.refundNo, refund.attempts);
    return this.get(refund.refundNo);
  }

  /** REF-2: retries a FAILED refund (REFUND_EXCEEDS_LIMIT when it no longer fits, REFUND_ILLEGAL_TRANSITION unless FAILED). */
  async retry(refundNo: string, operatorId: string): Promise<RefundRecord> {
    await this.get(refundNo);
    const retried = await this.ledger.retryRefund(refundNo, operatorId, this.deps.clock());
    await this.startAttempt(refundNo, retried.attempts);
    return this.get(refundNo);
  }

  /** One refund in scope, or REFUND_NOT_FOUND. */
  async get(refundNo: string): Promise<RefundRecord> {
    const row = await this.deps.em
      .fork()
      .findOne(RefundEntity, within<FilterQuery<RefundRow>>(this.scopeOf(), { refundNo }));
    if (!row) throw new PaymentAdapterError('REFUND_NOT_FOUND', `no refund ${refundNo}`, { refundNo });
    return { ...toRefund(row), stationId: row.stationId ?? null };
  }

  /** REF-2: refunds in scope, newest first. */
  async search(filters: RefundSearch): Promise<{ readonly items: RefundRecord[]; readonly total: number }> {
    const query = {
      ...(filters.orderNo === undefined ? {} : { orderNo: filters.orderNo }),
      ...(filters.stationId === undefined ? {} : { stationId: filters.stationId }),
      ...(filters.status === undefined ? {} : { status: filters.status }),
      ...(filters.type === undefined ? {} : { type: filters.type }),
    };
    const [rows, total] = await this.deps.em
      .fork()
      .findAndCount(RefundEntity, within<FilterQuery<RefundRow>>(this.scopeOf(), query), {
        orderBy: { requestedAt: 'desc', refundNo: 'desc' },
        limit: filters.limit,
        offset: filters.offset,
      });
    return { items: rows.map((row) => ({ ...toRefund(row), stationId: row.stationId ?? null })), total };
  }

  /** PAY-1: payments in scope, newest first. */
  async searchPayments(
    filters: PaymentSearch,
  ): Promise<{ readonly items: PaymentRow[]; readonly total: number }> {
    const query = {
      ...(filters.orderNo === undefined ? {} : { orderNo: filters.orderNo }),
      ...(filters.stationId === undefined ? {} : { stationId: filters.stationId }),
      ...(filters.status === undefined ? {} : { status: filters.status }),
    };
    const [items, total] = await this.deps.em
      .fork()
      .findAndCount(PaymentEntity, within<FilterQuery<PaymentRow>>(this.scopeOf(), query), {
        orderBy: { createdAt: 'desc', paymentNo: 'desc' },
        limit: filters.limit,
        offset: filters.offset,
      });
    return { items, total };
  }

  /** The order's payments and refunds (ORD-9 detail), after checking the order is in scope. */
  async ofOrder(
    orderNo: string,
  ): Promise<{ readonly payments: PaymentRow[]; readonly refunds: RefundRecord[] }> {
    await this.deps.orders.get(orderNo);
    const em = this.deps.em.fork();
    const payments = await em.find(
      PaymentEntity,
      { orderNo },
      { orderBy: { createdAt: 'asc', paymentNo: 'asc' } },
    );
    const refunds = await em.find(
      RefundEntity,
      { orderNo },
      { orderBy: { requestedAt: 'asc', refundNo: 'asc' } },
    );
    return {
      payments,
      refunds: refunds.map((row) => ({ ...toRefund(row), stationId: row.stationId ?? null })),
    };
  }

  private scopeOf(): Record<string, unknown> {
    return scopeWhere(this.deps.scope, STATION_LEVEL_COLUMNS);
  }

  /** Starts refundWorkflow for one attempt of the refund (its id names the attempt, so a repeat is refused by Temporal). */
  private async startAttempt(refundNo: string, attempt: number): Promise<void> {
    const input: RefundWorkflowInput = {
      tenantId: this.deps.tenantId,
      refundNo,
      ...(this.deps.timings ?? DEFAULT_REFUND_TIMINGS),
    };
    await this.deps.workflows.start<typeof refundWorkflow>('refundWorkflow', {
      workflowId: refundWorkflowId(this.deps.tenantId, refundNo, attempt),
      taskQueue: this.deps.taskQueue,
      args: [input],
    });
  }
}
