import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Card } from './types.js';

/** Error codes of card checks and ledger operations. */
export type CardErrorCode =
  | 'CARD_DISABLED'
  | 'CARD_LOST'
  | 'CARD_NOT_FOUND'
  | 'CARD_NOT_YET_VALID'
  | 'CARD_EXPIRED'
  | 'CARD_STATION_NOT_BOUND'
  | 'CARD_INSUFFICIENT_BALANCE'
  | 'CARD_AMOUNT_INVALID'
  | 'CARD_LEDGER_INCONSISTENT'
  | 'CARD_PRODUCT_DISABLED'
  | 'CARD_VALIDITY_INVALID'
  | 'COLLECTIVE_ACCOUNT_DISABLED'
  | 'COLLECTIVE_ACCOUNT_LOCKED'
  | 'COLLECTIVE_ACCOUNT_INSUFFICIENT_BALANCE'
  | 'COLLECTIVE_ACCOUNT_REQUIRED'
  | 'CARD_ISSUER_NOT_PROPERTY'
  | 'COLLECTIVE_ACCOUNT_AMOUNT_INVALID';

/** CARD-3: a card is usable only when enabled, within its validity [validFrom, validTo) and bound to the station. */
export function checkCardUsable(card: Card, at: number, stationId: string): Result<Card> {
  if (card.lost === true)
    return err(
      new DomainError('CARD_LOST', `card ${card.cardId} was reported lost`, { cardId: card.cardId }),
    );
  if (!card.enabled)
    return err(new DomainError('CARD_DISABLED', `card ${card.cardId} is disabled`, { cardId: card.cardId }));
  if (at < card.validFrom) {
    return err(
      new DomainError('CARD_NOT_YET_VALID', `card ${card.cardId} is not valid yet`, {
        cardId: card.cardId,
        validFrom: card.validFrom,
        at,
      }),
    );
  }
  if (at >= card.validTo) {
    return err(
      new DomainError('CARD_EXPIRED', `card ${card.cardId} has expired`, {
        cardId: card.cardId,
        validTo: card.validTo,
        at,
      }),
    );
  }
  if (!card.stationIds.includes(stationId)) {
    return err(
      new DomainError('CARD_STATION_NOT_BOUND', `card ${card.cardId} is not bound to station ${stationId}`, {
        cardId: card.cardId,
        stationId,
      }),
    );
  }
  return ok(card);
}
