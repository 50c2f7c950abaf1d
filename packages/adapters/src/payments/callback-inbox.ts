import { randomUUID } from 'node:crypto';
import { isDomainError } from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import {
  PaymentCallbackEntity,
  PaymentEntity,
  type PaymentCallbackRow,
} from '../persistence/entities/payments.js';
import { StationMoneyConfigs } from '../persistence/repositories/station-money-config.js';
import type { TenantDatabases } from '../tenancy/ports.js';
import type { SecretBox } from '../tenancy/secrets.js';
import { PaymentCallbackError } from './callback-errors.js';
import type { RawCallback, VerifiedNotice } from './gateway.js';
import { stationChannel, type PaymentGateways } from './gateways.js';
import { PaymentLedger } from './payment-ledger.js';
import { applySplitNotice, type SplitNoticeListener } from './split-callbacks.js';

/** What became of a callback. */
export interface CallbackReceipt {
  readonly callbackId: string;
  readonly outcome: PaymentCallbackRow['outcome'];
  readonly paymentNo?: string;
  readonly refundNo?: string;
}

/** Told of every refund a callback settled (the refund workflow waits for it, REF-2). */
export type RefundNoticeListener = (tenantId: string, refundNo: string, attempt: number) => Promise<void>;

/** Signature headers kept beside the body (everything else the proxy added is noise). */
const KEPT_HEADERS = /^(content-type|chargeflow-sandbox-|wechatpay-)/;

/**
 * PAY-1: the receiving end of every channel callback. The raw callback (headers and body, byte for
 * byte) is stored FIRST, whatever follows; then the station's channel verifies its signature with
 * the station's keys, the payment or refund it names moves through its lifecycle under its row lock
 * (a repeated callback changes nothing: DUPLICATE), and the stored callback gets its outcome.
 * Refused callbacks (forged, malformed, for an unknown payment) throw a PaymentCallbackError after
 * being recorded, so nothing moves and the evidence stays.
 */
export class PaymentCallbackInbox {
  constructor(
    private readonly deps: {
      readonly tenants: Pick<TenantDatabases, 'get'>;
      readonly gateways: PaymentGateways;
      readonly secrets: SecretBox;
      readonly clock: () => number;
      readonly onRefundSettled?: RefundNoticeListener;
      readonly onSplitSettled?: SplitNoticeListener;
    },
  ) {}

  /** Receives one callback of `channel` for a station of a tenant (the path of its notify URL). */
  async receive(
    channel: string,
    target: { readonly tenantId: string; readonly stationId: string },
    callback: RawCallback,
  ): Promise<CallbackReceipt> {
    const db = await this.deps.tenants.get(target.tenantId);
    const record = await this.keep(db.em, channel, target.stationId, callback);
    try {
      const gateway = this.deps.gateways.byName(channel);
      if (gateway === undefined)
        throw new PaymentCallbackError('CALLBACK_CHANNEL_UNKNOWN', `no channel ${channel} here`, { channel });
      const configs = new StationMoneyConfigs(db.em, this.deps.clock, this.deps.secrets, target.tenantId);
      const { gateway: stationGateway, merchant } = await stationChannel(
        configs,
        this.deps.gateways,
        target.tenantId,
        target.stationId,
      );
      if (stationGateway !== gateway)
        throw new PaymentCallbackError(
          'CALLBACK_SIGNATURE_INVALID',
          'the station does not use this channel',
          {
            channel,
          },
        );
      const notice = gateway.verifyCallback(merchant, callback);
      await this.finish(db.em, record, { verified: true });
      const receipt = await this.apply(db.em, target, notice, callback.body, record);
      return receipt;
    } catch (error) {
      await this.finish(db.em, record, refusalOf(error));
      throw error;
    }
  }

  private async apply(
    em: EntityManager,
    target: { readonly tenantId: string; readonly stationId: string },
    notice: VerifiedNotice,
    raw: string,
    record: PaymentCallbackRow,
  ): Promise<CallbackReceipt> {
    if (notice.kind === 'SPLIT') {
      // SPL-1: a split or reversal of one part; its workflow round is told when it moved.
      const { changed, orderNo, round } = await applySplitNotice(em, this.deps.clock, notice);
      const outcome = changed ? 'APPLIED' : 'DUPLICATE';
      await this.finish(em, record, { verified: true, outcome });
      if (changed) await this.deps.onSplitSettled?.(target.tenantId, orderNo, round);
      return { callbackId: record.id, outcome };
    }
    const ledger = new PaymentLedger(em);
    if (notice.kind === 'PAYMENT') {
      const known = await em.fork().findOne(PaymentEntity, { paymentNo: notice.paymentNo });
      if (
        !known ||
        (known.stationId !== null && known.stationId !== undefined && known.stationId !== target.stationId)
      ) {
        throw new PaymentCallbackError(
          'CALLBACK_PAYMENT_UNKNOWN',
          `no payment ${notice.paymentNo} at this station`,
          {
            paymentNo: notice.paymentNo,
          },
        );
      }
      if (notice.status !== 'SUCCESS' && notice.status !== 'FAILED')
        throw new PaymentCallbackError('CALLBACK_MALFORMED', 'a callback must report a final result', {});
      const { changed } = await ledger.applyChannelResult(notice.paymentNo, {
        status: notice.status,
        channelTxnId: notice.channelNo ?? '',
        amount: notice.amount ?? known.amountFen,
        raw,
        ...(notice.reason === undefined ? {} : { reason: notice.reason }),
        at: this.deps.clock(),
      } as Parameters<PaymentLedger['applyChannelResult']>[1]);
      const outcome = changed ? 'APPLIED' : 'DUPLICATE';
      await this.finish(em, record, { verified: true, outcome, paymentNo: notice.paymentNo });
      return { callbackId: record.id, outcome, paymentNo: notice.paymentNo };
    }
    const before = await ledger.getRefund(notice.refundNo).catch((error: unknown) => {
      if (isDomainError(error, 'REFUND_NOT_FOUND'))
        throw new PaymentCallbackError('CALLBACK_PAYMENT_UNKNOWN', `no refund ${notice.refundNo}`, {
          refundNo: notice.refundNo,
        });
      throw error;
    });
    if (notice.status !== 'SUCCESS' && notice.status !== 'FAILED')
      throw new PaymentCallbackError('CALLBACK_MALFORMED', 'a callback must report a final result', {});
    if (notice.attempt !== before.attempts) {
      // A late answer to an earlier attempt of a retried refund: the current attempt decides.
      await this.finish(em, record, {
        verified: true,
        outcome: 'DUPLICATE',
        paymentNo: before.paymentNo,
        refundNo: notice.refundNo,
      });
      return {
        callbackId: record.id,
        outcome: 'DUPLICATE',
        refundNo: notice.refundNo,
        paymentNo: before.paymentNo,
      };
    }
    const at = this.deps.clock();
    const after = await ledger.settleRefund(
      notice.refundNo,
      notice.status === 'SUCCESS'
        ? { kind: 'CHANNEL_SUCCEEDED', at, channelRefundNo: notice.channelNo ?? `${notice.refundNo}` }
        : { kind: 'CHANNEL_FAILED', at, reason: notice.reason ?? 'failed' },
    );
    const outcome = after.status !== before.status ? 'APPLIED' : 'DUPLICATE';
    await this.finish(em, record, {
      verified: true,
      outcome,
      paymentNo: before.paymentNo,
      refundNo: notice.refundNo,
    });
    if (outcome === 'APPLIED')
      await this.deps.onRefundSettled?.(target.tenantId, notice.refundNo, after.attempts);
    return { callbackId: record.id, outcome, refundNo: notice.refundNo, paymentNo: before.paymentNo };
  }

  /** Stores the raw callback before anything is judged (PAY-1: the raw callback is kept). */
  private async keep(
    em: EntityManager,
    channel: string,
    stationId: string,
    callback: RawCallback,
  ): Promise<PaymentCallbackRow> {
    const fork = em.fork();
    const headers = Object.fromEntries(
      Object.entries(callback.headers).filter(([name]) => KEPT_HEADERS.test(name)),
    );
    const row = fork.create(PaymentCallbackEntity, {
      id: randomUUID(),
      channel: channel.slice(0, 16),
      stationId: stationId.slice(0, 36),
      receivedAt: this.deps.clock(),
      headers: JSON.stringify(headers),
      body: callback.body,
      verified: false,
      outcome: 'REFUSED',
      errorCode: 'NOT_JUDGED',
      paymentNo: null,
      refundNo: null,
    });
    await fork.flush();
    return row;
  }

  private async finish(
    em: EntityManager,
    record: PaymentCallbackRow,
    result: {
      readonly verified: boolean;
      readonly outcome?: PaymentCallbackRow['outcome'];
      readonly errorCode?: string;
      readonly paymentNo?: string;
      readonly refundNo?: string;
    },
  ): Promise<void> {
    record.verified = result.verified;
    if (result.outcome !== undefined) record.outcome = result.outcome;
    record.errorCode = result.errorCode ?? (result.outcome === undefined ? record.errorCode : null) ?? null;
    if (result.paymentNo !== undefined) record.paymentNo = result.paymentNo;
    if (result.refundNo !== undefined) record.refundNo = result.refundNo;
    await em.fork().nativeUpdate(
      PaymentCallbackEntity,
      { id: record.id },
      {
        verified: record.verified,
        outcome: record.outcome,
        errorCode: record.errorCode ?? null,
        paymentNo: record.paymentNo ?? null,
        refundNo: record.refundNo ?? null,
      },
    );
  }
}

/** The stored outcome of a refused callback. */
function refusalOf(error: unknown): {
  readonly verified: boolean;
  readonly outcome: PaymentCallbackRow['outcome'];
  readonly errorCode: string;
} {
  const code = isDomainError(error) ? error.code : 'INTERNAL';
  const outcome: PaymentCallbackRow['outcome'] =
    code === 'CALLBACK_SIGNATURE_INVALID'
      ? 'SIGNATURE_INVALID'
      : code === 'CALLBACK_MALFORMED'
        ? 'MALFORMED'
        : code === 'CALLBACK_PAYMENT_UNKNOWN'
          ? 'UNKNOWN_PAYMENT'
          : 'REFUSED';
  const verified = outcome === 'UNKNOWN_PAYMENT' || (outcome === 'REFUSED' && code.startsWith('PAYMENT_'));
  return { verified, outcome, errorCode: code.slice(0, 48) };
}
