import {
  DomainError,
  fen,
  isDomainError,
  planSplit,
  transitionSplit,
  unwrap,
  type SplitEvent,
  type SplitStatus,
} from '@chargeflow/core';
import type { SplitProgress } from '@chargeflow/workflows';
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { ChargingOrderEntity } from '../persistence/entities/charging-order.js';
import { PaymentEntity, RefundEntity } from '../persistence/entities/payments.js';
import { SplitPartEntity, SplitRecordEntity, type SplitPartRow } from '../persistence/entities/splits.js';
import type { ChannelMerchant } from './gateway.js';
import { splitGatewayOf, type SplitGateway, type SplitOperation } from './split-gateway.js';
import { NOT_APPLICABLE, partState, progressOf, recordStatus } from './split-records.js';
import type { StationPaymentChannels } from './station-channels.js';

/** A channel's final answer about one request of a part. */
export interface SplitAnswer {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly channelNo?: string;
  readonly reason?: string;
}

/** For ledgers that only move splits in the database (HTTP actions, callbacks): no channel is called. */
export const NO_SPLIT_CHANNEL: Pick<StationPaymentChannels, 'channelOf'> = {
  channelOf: () => Promise.reject(new Error('this split ledger does not call the channel')),
};

/** The split no. of an order (one split per order). */
export const splitNoOf = (orderNo: string): string => `${orderNo}-S`;

/**
 * SPL-1: split records and parts in the tenant's database. Every change of a split runs in one
 * transaction that locks its record row (SELECT … FOR UPDATE), so operator actions and channel
 * answers are serialised: concurrent retries move each FAILED part once, and a part is sent once
 * per attempt (the channel request no. names the attempt).
 */
export class SplitLedger {
  constructor(
    private readonly em: EntityManager,
    private readonly channels: Pick<StationPaymentChannels, 'channelOf'>,
    private readonly clock: () => number,
  ) {}

  /**
   * Plans the order's split from its station's configuration and stores it with its parts sent
   * (PROCESSING, attempt 1): a COMPLETED, channel-paid order with fee − fee refunds > 0 at a station
   * with splits on. Otherwise NOT_APPLICABLE (nothing stored). Idempotent by order no.
   */
  async open(orderNo: string): Promise<SplitProgress> {
    const known = await this.progress(orderNo);
    if (known) return known;
    const em = this.em.fork();
    const order = await em.findOne(ChargingOrderEntity, { orderNo });
    if (!order || order.fundingKind !== 'PREPAY' || !order.paymentNo) return NOT_APPLICABLE;
    if (order.settlementCount === 0)
      // Started before the settlement was stored (never after it): the activity retries until it is.
      throw new DomainError('SPLIT_ORDER_NOT_SETTLED', `order ${orderNo} is not settled yet`, { orderNo });
    const payment = await em.findOne(PaymentEntity, { paymentNo: order.paymentNo });
    if (!payment?.channelTxnId) return NOT_APPLICABLE;
    const channel = await this.channels.channelOf(order.stationId).catch((error: unknown) => {
      if (isDomainError(error, 'PAYMENT_CHANNEL_MISSING')) return undefined;
      throw error;
    });
    const config = channel?.merchant.config?.split;
    if (!config?.enabled || config.leadMerchantId === null) return NOT_APPLICABLE;
    const refunds = await em.find(RefundEntity, { orderNo, type: 'FEE_REFUND', status: { $ne: 'FAILED' } });
    const refunded = refunds.reduce((sum, r) => sum + BigInt(r.amountFen), 0n);
    const at = this.clock();
    const planned = planSplit({
      splitNo: splitNoOf(orderNo),
      orderNo,
      stationId: order.stationId,
      orderStatus: order.status,
      amount: fen(BigInt(order.feeFen ?? 0n) - refunded),
      config: {
        enabled: config.enabled,
        leadMerchantId: config.leadMerchantId,
        shares: config.shares.map((s) => ({ merchantId: s.merchantId, ratio: { decimal: s.ratio } })),
      },
      at,
    });
    if (!planned.ok) {
      if (planned.error.code === 'SPLIT_NOT_APPLICABLE') return NOT_APPLICABLE;
      throw planned.error;
    }
    const plan = planned.value;
    const write = this.em.fork();
    const parts = plan.allocation.shares
      .filter((share) => share.amount > 0n)
      .map((share, index) => {
        const partNo = `${plan.splitNo}${index + 1}`;
        const pending: SplitPartRow = {
          partNo,
          splitNo: plan.splitNo,
          orderNo,
          merchantId: share.merchantId,
          amountFen: share.amount,
          status: 'PENDING',
          attempts: 0,
          reverseAttempts: 0,
          channelSplitNo: null,
          channelReversalNo: null,
          failureReason: null,
          succeededAt: null,
          reversedAt: null,
          updatedAt: at,
        };
        const sent = unwrap(transitionSplit(partState(pending), { kind: 'SUBMIT', at })).state;
        return { ...pending, status: sent.status, attempts: sent.attempts };
      });
    const record = {
      splitNo: plan.splitNo,
      orderNo,
      paymentNo: order.paymentNo,
      providerId: order.providerId,
      propertyId: order.propertyId,
      stationId: order.stationId,
      leadMerchantId: plan.allocation.leadMerchantId,
      amountFen: plan.amount,
      leadAmountFen: plan.allocation.leadAmount,
      status: recordStatus(parts),
      round: 0,
      operatorId: null,
      createdAt: at,
      updatedAt: at,
    };
    try {
      // The record first (its parts' foreign key), both in one transaction; a concurrent open loses
      // on split_record_order_unique and reads the winner's split.
      await write.transactional(async (tx) => {
        await tx.insert(SplitRecordEntity, record);
        if (parts.length > 0) await tx.insertMany(SplitPartEntity, parts);
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
    return (await this.progress(orderNo)) ?? NOT_APPLICABLE;
  }

  /** Sends every open part of the order's split to the channel (idempotent: request no. = part, operation, attempt). */
  async submit(orderNo: string): Promise<SplitProgress> {
    const record = await this.em.fork().findOne(SplitRecordEntity, { orderNo });
    if (!record) return NOT_APPLICABLE;
    const parts = await this.partsOf(record.splitNo);
    const open = parts.filter((p) => p.status === 'PROCESSING' || p.status === 'REVERSING');
    if (open.length > 0) {
      const { gateway, merchant } = await this.channels.channelOf(record.stationId);
      const split = splitGatewayOf(gateway);
      const payment = await this.em.fork().findOneOrFail(PaymentEntity, { paymentNo: record.paymentNo });
      for (const part of open) {
        await split.submitSplit(merchant, {
          ...requestOf(part),
          orderNo,
          paymentNo: record.paymentNo,
          channelTxnId: payment.channelTxnId ?? '',
          receiverMerchantId: part.merchantId,
          amount: fen(part.amountFen),
        });
      }
    }
    return progressOf(record, await this.partsOf(record.splitNo));
  }

  /** The stored split; with `ask`, every open part is asked about at the channel and the answers applied. */
  async check(orderNo: string, ask: boolean): Promise<SplitProgress> {
    const record = await this.em.fork().findOne(SplitRecordEntity, { orderNo });
    if (!record) return NOT_APPLICABLE;
    if (ask) {
      const open = (await this.partsOf(record.splitNo)).filter(
        (p) => p.status === 'PROCESSING' || p.status === 'REVERSING',
      );
      if (open.length > 0) {
        const { gateway, merchant } = await this.channels.channelOf(record.stationId);
        await this.askAll(splitGatewayOf(gateway), merchant, open);
      }
    }
    return (await this.progress(orderNo)) ?? NOT_APPLICABLE;
  }

  /**
   * Applies the channel's answer to one request of a part, under the record's lock. An answer to
   * another operation or an earlier attempt than the part's current one changes nothing.
   */
  async apply(
    partNo: string,
    request: { readonly operation: SplitOperation; readonly attempt: number },
    answer: SplitAnswer,
  ): Promise<{ readonly changed: boolean; readonly orderNo: string; readonly round: number }> {
    const found = await this.em.fork().findOne(SplitPartEntity, { partNo });
    if (!found) throw new DomainError('SPLIT_NOT_FOUND', `no split part ${partNo}`, { partNo });
    return this.em.fork().transactional(async (em) => {
      const record = await em.findOneOrFail(
        SplitRecordEntity,
        { splitNo: found.splitNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const parts = await em.find(
        SplitPartEntity,
        { splitNo: record.splitNo },
        { orderBy: { partNo: 'asc' } },
      );
      const part = parts.find((p) => p.partNo === partNo)!;
      const current =
        request.operation === 'SPLIT'
          ? part.status === 'PROCESSING' && part.attempts === request.attempt
          : part.status === 'REVERSING' && part.reverseAttempts === request.attempt;
      if (!current) return { changed: false, orderNo: record.orderNo, round: record.round };
      const at = this.clock();
      const event: SplitEvent =
        request.operation === 'SPLIT'
          ? answer.status === 'SUCCESS'
            ? { kind: 'CHANNEL_SUCCEEDED', at }
            : { kind: 'CHANNEL_FAILED', at, reason: answer.reason ?? 'failed' }
          : answer.status === 'SUCCESS'
            ? { kind: 'REVERSE_SUCCEEDED', at }
            : { kind: 'REVERSE_FAILED', at, reason: answer.reason ?? 'failed' };
      const next = unwrap(transitionSplit(partState(part), event)).state;
      part.status = next.status;
      part.failureReason = next.failureReason ?? null;
      part.updatedAt = at;
      if (answer.status === 'SUCCESS' && request.operation === 'SPLIT') {
        part.channelSplitNo = answer.channelNo ?? null;
        part.succeededAt = at;
      }
      if (answer.status === 'SUCCESS' && request.operation === 'REVERSAL') {
        part.channelReversalNo = answer.channelNo ?? null;
        part.reversedAt = at;
      }
      record.status = recordStatus(parts);
      record.updatedAt = at;
      return { changed: true, orderNo: record.orderNo, round: record.round };
    });
  }

  /**
   * SPL-1: an operator retries the FAILED parts of a split (PROCESSING again, attempt + 1) in a new
   * round; SPLIT_ILLEGAL_TRANSITION (409) when none is FAILED (also for the loser of concurrent retries).
   */
  retry(splitNo: string, operatorId: string): Promise<{ readonly orderNo: string; readonly round: number }> {
    return this.operatorRound(splitNo, operatorId, 'FAILED', { kind: 'RETRY', at: this.clock(), operatorId });
  }

  /** SPL-1: an operator reverses (撤销) a SUCCEEDED split: its parts REVERSING in a new round. */
  reverse(
    splitNo: string,
    operatorId: string,
  ): Promise<{ readonly orderNo: string; readonly round: number }> {
    return this.operatorRound(splitNo, operatorId, 'SUCCEEDED', {
      kind: 'REVERSE',
      at: this.clock(),
      operatorId,
    });
  }

  /** The stored split of an order with its parts, or undefined. */
  async progress(orderNo: string): Promise<SplitProgress | undefined> {
    const record = await this.em.fork().findOne(SplitRecordEntity, { orderNo });
    return record ? progressOf(record, await this.partsOf(record.splitNo)) : undefined;
  }

  private async operatorRound(
    splitNo: string,
    operatorId: string,
    from: SplitStatus,
    event: SplitEvent,
  ): Promise<{ readonly orderNo: string; readonly round: number }> {
    return this.em.fork().transactional(async (em) => {
      const record = await em.findOne(
        SplitRecordEntity,
        { splitNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!record) throw new DomainError('SPLIT_NOT_FOUND', `no split ${splitNo}`, { splitNo });
      const parts = await em.find(SplitPartEntity, { splitNo }, { orderBy: { partNo: 'asc' } });
      const moving = parts.filter((p) => p.status === from);
      if (record.status !== from || moving.length === 0) {
        throw new DomainError(
          'SPLIT_ILLEGAL_TRANSITION',
          `a ${record.status} split cannot be ${event.kind === 'RETRY' ? 'retried' : 'reversed'}`,
          { splitNo, status: record.status, event: event.kind },
        );
      }
      for (const part of moving) {
        const next = unwrap(transitionSplit(partState(part), event)).state;
        part.status = next.status;
        part.failureReason = null;
        if (event.kind === 'RETRY') part.attempts = next.attempts;
        else part.reverseAttempts += 1;
        part.updatedAt = event.at;
      }
      record.status = recordStatus(parts);
      record.round += 1;
      record.operatorId = operatorId.slice(0, 64);
      record.updatedAt = event.at;
      return { orderNo: record.orderNo, round: record.round };
    });
  }

  private async askAll(split: SplitGateway, merchant: ChannelMerchant, open: readonly SplitPartRow[]) {
    for (const part of open) {
      const request = requestOf(part);
      const answer = await split.querySplit(merchant, request);
      if (answer.status !== 'SUCCESS' && answer.status !== 'FAILED') continue;
      await this.apply(part.partNo, request, {
        status: answer.status,
        ...(answer.channelNo === undefined ? {} : { channelNo: answer.channelNo }),
        ...(answer.reason === undefined ? {} : { reason: answer.reason }),
      });
    }
  }

  private partsOf(splitNo: string): Promise<SplitPartRow[]> {
    return this.em.fork().find(SplitPartEntity, { splitNo }, { orderBy: { partNo: 'asc' } });
  }
}

/** The channel request of an open part: its operation and the attempt of that operation. */
function requestOf(part: SplitPartRow): {
  readonly operation: SplitOperation;
  readonly partNo: string;
  readonly attempt: number;
} {
  return part.status === 'REVERSING'
    ? { operation: 'REVERSAL', partNo: part.partNo, attempt: part.reverseAttempts }
    : { operation: 'SPLIT', partNo: part.partNo, attempt: part.attempts };
}
