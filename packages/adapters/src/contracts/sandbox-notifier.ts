import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/core';
import { DomainError } from '@chargeflow/core';
import type { ContractNotifier, ExpiryNotice } from '@chargeflow/workflows';
import { ContractNoticeEntity } from '../onboarding/entities.js';
import { isUniqueViolation } from '../persistence/errors.js';

export interface SandboxContractNotifierOptions {
  /** The platform database's root EntityManager (forked per call). */
  readonly em: EntityManager;
  /** Simulated provider latency per notice, ms (default 0: still answered asynchronously). */
  readonly latencyMs?: number;
  /** Signs the recorded receipts (HMAC-SHA256), like a provider's receipt; default a fixed sandbox key. */
  readonly signingKey?: string;
}

/** The text of an expiry notice. */
export const expiryNoticeText = (notice: ExpiryNotice): string =>
  `chargeflow: contract ${notice.contractNo} ends on ${notice.endDate}; please contact us to renew`;

/**
 * The sandbox notifier (TEN-4): behaves like a provider (asynchronous, sometimes failing on
 * request, a signed receipt) but records each notice in `contract_notice` instead of sending it.
 * Idempotent by notice id: a retried send records nothing new.
 */
export class SandboxContractNotifier implements ContractNotifier {
  private failures = 0;

  constructor(private readonly options: SandboxContractNotifierOptions) {}

  /** For tests: the next `count` sends fail (NOTICE_SEND_FAILED) and record nothing. */
  failNext(count = 1): void {
    this.failures += count;
  }

  async sendExpiryNotice(notice: ExpiryNotice): Promise<void> {
    await sleep(this.options.latencyMs ?? 0);
    if (this.failures > 0) {
      this.failures -= 1;
      throw new DomainError(
        'NOTICE_SEND_FAILED',
        'the notice provider refused the message (sandbox failNext)',
        {
          noticeId: notice.noticeId,
        },
      );
    }
    const text = expiryNoticeText(notice);
    const signature = createHmac('sha256', this.options.signingKey ?? 'chargeflow-sandbox-notifier')
      .update(`${notice.noticeId}\n${notice.recipient.phone}\n${text}`)
      .digest('hex');
    try {
      await this.options.em.fork().insert(ContractNoticeEntity, {
        noticeId: notice.noticeId,
        contractNo: notice.contractNo,
        tenantId: notice.tenantId,
        kind: 'EXPIRY',
        recipientName: notice.recipient.name,
        recipientPhone: notice.recipient.phone,
        text,
        signature,
        sentAt: notice.at,
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // sent before: the provider answers as it did then
    }
  }
}

/** A recorded notice. */
export interface RecordedNotice {
  readonly noticeId: string;
  readonly contractNo: string;
  readonly tenantId: string;
  readonly kind: 'EXPIRY';
  readonly recipientName: string;
  readonly recipientPhone: string;
  readonly text: string;
  readonly signature: string;
  readonly sentAt: number;
}

/** What the sandbox notifier recorded, newest first (at most 100), optionally of one contract. */
export async function listSandboxNotices(
  em: EntityManager,
  contractNo?: string,
): Promise<readonly RecordedNotice[]> {
  const rows = await em.fork().find(ContractNoticeEntity, contractNo === undefined ? {} : { contractNo }, {
    orderBy: { sentAt: 'DESC', noticeId: 'ASC' },
    limit: 100,
  });
  return rows.map((row) => ({ ...row }));
}
