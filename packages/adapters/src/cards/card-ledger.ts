// The charging workflow's CardLedger port over a tenant's own database (ORD-6, CARD-3): the
// settlement's debit becomes one CONSUME line naming the order, under the card row's lock.
import { isDomainError, type Fen } from '@chargeflow/core';
import type { CardDebitRequest, CardLedger } from '@chargeflow/workflows';
import type { EntityManager } from '@mikro-orm/core';
import { ApplicationFailure } from '@temporalio/client';
import { Cards } from '../persistence/repositories/cards.js';
import { WHOLE_TENANT } from '../persistence/scope.js';

/**
 * Rule violations no retry can change: the card is gone, or the fee exceeds its balance (which the
 * one-active-session-per-card key and the balance cap at start make impossible, so it is a bug to see).
 */
const PERMANENT = ['CARD_NOT_FOUND', 'CARD_INSUFFICIENT_BALANCE', 'CARD_AMOUNT_INVALID'];

/**
 * `CardLedger` of one tenant database: `debit` is `Cards.consume` with the request's entry no.
 * (`<orderNo>-CD`), so a retried activity is one debit; a repeat answers without a second line.
 * Permanent refusals are non-retryable failures carrying the code; anything else (database down)
 * is retried under the workflow's money policy.
 */
export class DatabaseCardLedger implements CardLedger {
  private readonly cards: Cards;

  constructor(em: EntityManager, now: () => number) {
    this.cards = new Cards(em, now, WHOLE_TENANT);
  }

  /** ORD-6: one CONSUME line of `amount` naming `orderNo`; idempotent by `entryNo`. */
  async debit(request: CardDebitRequest): Promise<void> {
    try {
      await this.cards.consume(request.cardId, request.amount as Fen, request.orderNo, request.entryNo);
    } catch (error) {
      if (isDomainError(error) && PERMANENT.includes(error.code)) {
        throw ApplicationFailure.nonRetryable(error.message, error.code, {
          orderNo: request.orderNo,
          cardId: request.cardId,
        });
      }
      throw error;
    }
  }
}
