import { DomainError, type Fen } from '@chargeflow/core';
import type { ChannelGateway, ChannelMerchant, ChannelOutcome } from './gateway.js';

// SPL-1: the profit-sharing side of a payment channel (分账 / 分账回退). A channel that supports it
// implements SplitGateway beside ChannelGateway; its results come back as signed callbacks
// (VerifiedNotice kind SPLIT) or by status query, like refunds.

/** Sending a part to its receiver (SPLIT) or taking it back (REVERSAL, 撤销). */
export type SplitOperation = 'SPLIT' | 'REVERSAL';

/** One request to the channel about one part of a split; idempotent by part no., operation and attempt. */
export interface ChannelSplitOrder {
  readonly operation: SplitOperation;
  readonly partNo: string;
  /** The n-th request of this operation for the part (a retry is a new request at the channel). */
  readonly attempt: number;
  readonly orderNo: string;
  readonly paymentNo: string;
  /** The channel's transaction no. of the payment whose money is shared. */
  readonly channelTxnId: string;
  readonly receiverMerchantId: string;
  readonly amount: Fen;
}

/** A channel's profit-sharing calls. */
export interface SplitGateway {
  submitSplit(merchant: ChannelMerchant, order: ChannelSplitOrder): Promise<void>;
  querySplit(
    merchant: ChannelMerchant,
    request: Pick<ChannelSplitOrder, 'operation' | 'partNo' | 'attempt'>,
  ): Promise<ChannelOutcome>;
}

/** The gateway's split side, or SPLIT_CHANNEL_UNSUPPORTED (409) when its channel has none. */
export function splitGatewayOf(gateway: ChannelGateway): SplitGateway {
  const candidate = gateway as Partial<SplitGateway>;
  if (typeof candidate.submitSplit !== 'function' || typeof candidate.querySplit !== 'function')
    throw new DomainError('SPLIT_CHANNEL_UNSUPPORTED', `the ${gateway.name} channel cannot split payments`, {
      channel: gateway.name,
    });
  return gateway as ChannelGateway & SplitGateway;
}
