import type { Fen } from '@chargeflow/core';
import type { SplitOperation } from './split-gateway.js';
import type { PaymentConfigRecord } from '../persistence/repositories/station-money-config.js';

// The port to a payment channel's server (the acquirer): what we send it and what it sends back.
// One adapter per channel (sandbox, WeChat Pay v3); PaymentChannels picks one per station (ASSET-3).

/** Whose money this is: the station's payment configuration with its opened secrets. */
export interface ChannelMerchant {
  readonly tenantId: string;
  readonly stationId: string;
  /** Null only in the sandbox's `default` mode (a station without configuration, local stack and tests). */
  readonly config: PaymentConfigRecord | null;
  readonly secrets: Readonly<Record<string, string>>;
}

/** A payment order sent to the channel; the result comes back as a callback (or a status query). */
export interface ChannelPaymentOrder {
  readonly paymentNo: string;
  readonly orderNo: string;
  readonly amount: Fen;
  /** The payer's openid, when the app knows it (WeChat Pay: a JSAPI order instead of a native one). */
  readonly payerOpenId?: string;
}

/** A refund sent to the channel; the result comes back as a callback (or a status query). */
export interface ChannelRefundOrder {
  readonly refundNo: string;
  /** REF-2: the attempt (a retried refund is a new request at the channel: `<refundNo>-<attempt>`). */
  readonly attempt: number;
  readonly paymentNo: string;
  readonly channelTxnId: string;
  readonly amount: Fen;
  /** The whole payment, as channels want it beside the refund amount. */
  readonly paymentAmount: Fen;
}

/** What the channel says about a payment or refund, by callback or by query. */
export interface ChannelOutcome {
  readonly status: 'SUCCESS' | 'FAILED' | 'PROCESSING' | 'NOT_FOUND';
  /** The channel's transaction no. (payments) or refund no. (refunds). */
  readonly channelNo?: string;
  readonly amount?: Fen;
  readonly reason?: string;
  readonly at?: number;
}

/** A callback whose signature verified, decoded. */
export type VerifiedNotice =
  | ({ readonly kind: 'PAYMENT'; readonly paymentNo: string } & ChannelOutcome)
  | ({ readonly kind: 'REFUND'; readonly refundNo: string; readonly attempt: number } & ChannelOutcome)
  | ({
      readonly kind: 'SPLIT';
      readonly operation: SplitOperation;
      readonly partNo: string;
      readonly attempt: number;
    } & ChannelOutcome);

/** The request a channel sent to our callback endpoint, byte for byte. */
export interface RawCallback {
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A payment channel's server as we reach it. Every call is idempotent by paymentNo / refundNo. */
export interface ChannelGateway {
  /** As stored on payments: `sandbox`, `wechat`. */
  readonly name: string;
  submitPayment(merchant: ChannelMerchant, order: ChannelPaymentOrder): Promise<void>;
  queryPayment(merchant: ChannelMerchant, paymentNo: string): Promise<ChannelOutcome>;
  submitRefund(merchant: ChannelMerchant, refund: ChannelRefundOrder): Promise<void>;
  queryRefund(merchant: ChannelMerchant, refundNo: string, attempt: number): Promise<ChannelOutcome>;
  /**
   * Verifies a callback's signature with the merchant's keys and decodes it; throws a
   * PaymentCallbackError (`CALLBACK_SIGNATURE_INVALID`, `CALLBACK_MALFORMED`) otherwise.
   */
  verifyCallback(merchant: ChannelMerchant, callback: RawCallback): VerifiedNotice;
}
