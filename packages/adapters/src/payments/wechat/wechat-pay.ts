import { PaymentCallbackError } from '../callback-errors.js';
import { PaymentAdapterError } from '../errors.js';
import type {
  ChannelGateway,
  ChannelMerchant,
  ChannelOutcome,
  ChannelPaymentOrder,
  ChannelRefundOrder,
  RawCallback,
  VerifiedNotice,
} from '../gateway.js';
import { wechatKeysOf, type WechatKeys } from './merchant-keys.js';
import {
  EnvelopeSchema,
  RefundSchema,
  TransactionSchema,
  noticeOf,
  outRefundNo,
  refundOutcome,
  transactionOutcome,
} from './notices.js';
import { decryptResource } from './resource.js';
import { WECHAT_HEADERS, authorizationHeader, noticeMessage, rsaVerify } from './signing.js';

/** Where WeChat Pay is and where it calls us back (WECHAT_PAY_BASE_URL, WECHAT_PAY_NOTIFY_BASE_URL). */
export interface WechatPayOptions {
  /** The APIv3 server, `https://api.mch.weixin.qq.com` (a fake one in tests). */
  readonly baseUrl: string;
  /** The public URL of this API: notify URLs are `<notifyBaseUrl>/payment-callbacks/wechat/<tenant>/<station>`. */
  readonly notifyBaseUrl: string;
  /** Request and signature timestamps, and the window of accepted ones. */
  readonly clock?: () => number;
  /** Answers and callbacks signed further than this from now are refused (replays; default 5 min). */
  readonly maxSkewMs?: number;
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
}

const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

/** Integer fen as WeChat Pay's JSON integer (exact: bounded by MAX_SAFE_INTEGER, never a fraction). */
const total = (amount: bigint): number => {
  if (amount < 0n || amount > MAX_FEN) throw new RangeError('amount out of range');
  return Number(amount);
};

type Answer = { readonly status: number; readonly body: string; readonly json: unknown };

/**
 * The WeChat Pay APIv3 channel (ASSET-3, PAY-1, REF-2): native (or JSAPI, with the payer's openid)
 * orders, order query, refund, refund query; every request signed with the station merchant's RSA
 * key (WECHATPAY2-SHA256-RSA2048), every answer and callback verified with the platform
 * certificate, callbacks' resources opened with AEAD_AES_256_GCM under the APIv3 key.
 */
export class WechatPayGateway implements ChannelGateway {
  readonly name = 'wechat';
  private readonly clock: () => number;
  private readonly maxSkewMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: WechatPayOptions) {
    this.clock = options.clock ?? Date.now;
    this.maxSkewMs = options.maxSkewMs ?? 5 * 60_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** The notify URL of a station. */
  notifyUrl(merchant: ChannelMerchant): string {
    return `${this.options.notifyBaseUrl.replace(/\/$/, '')}/payment-callbacks/wechat/${merchant.tenantId}/${merchant.stationId}`;
  }

  async submitPayment(merchant: ChannelMerchant, order: ChannelPaymentOrder): Promise<void> {
    const keys = wechatKeysOf(merchant);
    const jsapi = order.payerOpenId !== undefined;
    const answer = await this.call(keys, 'POST', `/v3/pay/transactions/${jsapi ? 'jsapi' : 'native'}`, {
      appid: keys.appId,
      mchid: keys.mchId,
      description: `充电预付 ${order.orderNo}`,
      out_trade_no: order.paymentNo,
      attach: order.orderNo,
      notify_url: this.notifyUrl(merchant),
      amount: { total: total(order.amount), currency: 'CNY' },
      ...(jsapi ? { payer: { openid: order.payerOpenId } } : {}),
    });
    // ORDERPAID: the order is known and paid already (a repeat): the callback or query tells the rest.
    if (answer.status === 403 && codeOf(answer) === 'ORDERPAID') return;
    this.expectOk(answer, 'order');
  }

  async queryPayment(merchant: ChannelMerchant, paymentNo: string): Promise<ChannelOutcome> {
    const keys = wechatKeysOf(merchant);
    const answer = await this.call(
      keys,
      'GET',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(paymentNo)}?mchid=${encodeURIComponent(keys.mchId)}`,
    );
    if (answer.status === 404) return { status: 'NOT_FOUND' };
    this.expectOk(answer, 'order query');
    return transactionOutcome(this.parse(TransactionSchema, answer));
  }

  async submitRefund(merchant: ChannelMerchant, refund: ChannelRefundOrder): Promise<void> {
    const keys = wechatKeysOf(merchant);
    const answer = await this.call(keys, 'POST', '/v3/refund/domestic/refunds', {
      ...(refund.channelTxnId === '' ? {} : { transaction_id: refund.channelTxnId }),
      out_trade_no: refund.paymentNo,
      out_refund_no: outRefundNo(refund.refundNo, refund.attempt),
      notify_url: this.notifyUrl(merchant),
      amount: { refund: total(refund.amount), total: total(refund.paymentAmount), currency: 'CNY' },
    });
    this.expectOk(answer, 'refund');
  }

  async queryRefund(merchant: ChannelMerchant, refundNo: string, attempt: number): Promise<ChannelOutcome> {
    const keys = wechatKeysOf(merchant);
    const answer = await this.call(
      keys,
      'GET',
      `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo(refundNo, attempt))}`,
    );
    if (answer.status === 404) return { status: 'NOT_FOUND' };
    this.expectOk(answer, 'refund query');
    return refundOutcome(this.parse(RefundSchema, answer));
  }

  verifyCallback(merchant: ChannelMerchant, callback: RawCallback): VerifiedNotice {
    let keys: WechatKeys;
    try {
      keys = wechatKeysOf(merchant);
    } catch {
      throw new PaymentCallbackError('CALLBACK_SIGNATURE_INVALID', 'the station has no WeChat Pay keys', {});
    }
    this.verifySigned(keys, callback.headers, callback.body, (message, details) => {
      throw new PaymentCallbackError('CALLBACK_SIGNATURE_INVALID', message, details);
    });
    let envelope: ReturnType<typeof EnvelopeSchema.parse>;
    try {
      envelope = EnvelopeSchema.parse(JSON.parse(callback.body));
    } catch {
      throw new PaymentCallbackError(
        'CALLBACK_MALFORMED',
        'the callback body is not a WeChat Pay notice',
        {},
      );
    }
    let plaintext: string;
    try {
      plaintext = decryptResource(keys.apiV3Key, envelope.resource);
    } catch {
      // AES-GCM authenticates too: a resource that does not open was not sealed with our APIv3 key.
      throw new PaymentCallbackError(
        'CALLBACK_SIGNATURE_INVALID',
        'the callback resource does not open with the station’s APIv3 key',
        {},
      );
    }
    let notice: VerifiedNotice;
    let mchid: unknown;
    try {
      const parsed = JSON.parse(plaintext) as { mchid?: unknown };
      mchid = parsed.mchid;
      notice = noticeOf(envelope.resource.original_type, parsed);
    } catch {
      throw new PaymentCallbackError(
        'CALLBACK_MALFORMED',
        'the callback resource is not a transaction or refund',
        {
          originalType: envelope.resource.original_type,
        },
      );
    }
    if (mchid !== undefined && mchid !== keys.mchId)
      throw new PaymentCallbackError('CALLBACK_MALFORMED', 'the callback is for another merchant', {});
    return notice;
  }

  /** Verifies the Wechatpay-* signature of an answer or callback with the platform certificate. */
  private verifySigned(
    keys: WechatKeys,
    headers: Readonly<Record<string, string>>,
    body: string,
    refuse: (message: string, details: Record<string, unknown>) => never,
  ): void {
    const timestamp = headers[WECHAT_HEADERS.timestamp];
    const nonce = headers[WECHAT_HEADERS.nonce];
    const signature = headers[WECHAT_HEADERS.signature];
    const serial = headers[WECHAT_HEADERS.serial];
    if (timestamp === undefined || nonce === undefined || signature === undefined || serial === undefined) {
      refuse('not signed', {
        missing: Object.values(WECHAT_HEADERS).filter((h) => headers[h] === undefined),
      });
    }
    if (serial.toUpperCase() !== keys.platformSerial)
      refuse('signed with another platform certificate', { serial });
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) * 1000 - this.clock()) > this.maxSkewMs)
      refuse('the signature timestamp is outside the accepted window', { timestamp });
    if (!rsaVerify(keys.platformKey, noticeMessage(timestamp, nonce, body), signature))
      refuse('the signature does not verify', {});
  }

  private async call(
    keys: WechatKeys,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
  ): Promise<Answer> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const timestamp = String(Math.floor(this.clock() / 1000));
    const authorization = authorizationHeader(
      { mchId: keys.mchId, serialNo: keys.certSerial, privateKey: keys.privateKey },
      { method, url, body },
      timestamp,
    );
    let res: Response;
    try {
      res = await fetch(`${this.options.baseUrl.replace(/\/$/, '')}${url}`, {
        method,
        headers: {
          authorization,
          accept: 'application/json',
          'user-agent': 'chargeflow-wechatpay/1',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new PaymentAdapterError('PAYMENT_CHANNEL_UNAVAILABLE', 'WeChat Pay did not answer', {
        error: String(error),
      });
    }
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) {
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
      this.verifySigned(keys, headers, text, (message, details) => {
        throw new PaymentAdapterError(
          'PAYMENT_CHANNEL_UNAVAILABLE',
          `WeChat Pay answer refused: ${message}`,
          details,
        );
      });
    }
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, body: text, json };
  }

  private expectOk(answer: Answer, what: string): void {
    if (answer.status >= 200 && answer.status < 300) return;
    throw new PaymentAdapterError('PAYMENT_CHANNEL_UNAVAILABLE', `WeChat Pay refused the ${what}`, {
      status: answer.status,
      code: codeOf(answer) ?? null,
    });
  }

  private parse<T>(schema: { parse(value: unknown): T }, answer: Answer): T {
    try {
      return schema.parse(answer.json);
    } catch {
      throw new PaymentAdapterError(
        'PAYMENT_CHANNEL_UNAVAILABLE',
        'WeChat Pay answered something unexpected',
        {
          body: answer.body.slice(0, 200),
        },
      );
    }
  }
}

function codeOf(answer: Answer): string | undefined {
  const code = (answer.json as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
