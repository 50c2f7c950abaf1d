import { isDomainError } from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import { PaymentCallbackError } from './callback-errors.js';
import type { VerifiedNotice } from './gateway.js';
import { NO_SPLIT_CHANNEL, SplitLedger } from './split-ledger.js';

/** Told of every split part a callback settled (the split's workflow round waits for it, SPL-1). */
export type SplitNoticeListener = (tenantId: string, orderNo: string, round: number) => Promise<void>;

/**
 * SPL-1: applies a verified split or reversal callback to its part (under the split record's lock);
 * a part this tenant does not have is CALLBACK_PAYMENT_UNKNOWN, a repeat or a late answer to an earlier
 * attempt changes nothing (DUPLICATE).
 */
export async function applySplitNotice(
  em: EntityManager,
  clock: () => number,
  notice: Extract<VerifiedNotice, { kind: 'SPLIT' }>,
): Promise<{ readonly changed: boolean; readonly orderNo: string; readonly round: number }> {
  if (notice.status !== 'SUCCESS' && notice.status !== 'FAILED')
    throw new PaymentCallbackError('CALLBACK_MALFORMED', 'a callback must report a final result', {});
  const ledger = new SplitLedger(em, NO_SPLIT_CHANNEL, clock);
  try {
    return await ledger.apply(
      notice.partNo,
      { operation: notice.operation, attempt: notice.attempt },
      {
        status: notice.status,
        ...(notice.channelNo === undefined ? {} : { channelNo: notice.channelNo }),
        ...(notice.reason === undefined ? {} : { reason: notice.reason }),
      },
    );
  } catch (error) {
    if (isDomainError(error, 'SPLIT_NOT_FOUND'))
      throw new PaymentCallbackError('CALLBACK_PAYMENT_UNKNOWN', `no split part ${notice.partNo}`, {
        partNo: notice.partNo,
      });
    throw error;
  }
}
