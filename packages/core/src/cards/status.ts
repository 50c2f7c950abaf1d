import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** What an operator does to a card's state (CARD-3): enable, disable, or report it lost (挂失). */
export type CardStatusAction = 'ENABLE' | 'DISABLE' | 'REPORT_LOSS';

/** A card's state fields. */
export interface CardStatus {
  readonly enabled: boolean;
  readonly lost: boolean;
}

/**
 * CARD-3 card states: ENABLED ⇄ DISABLED; either → LOST (reported lost: disabled for good, the
 * balance stays on the ledger). A lost card cannot be enabled again (CARD_LOST).
 */
export function changeCardStatus(
  cardId: string,
  current: CardStatus,
  action: CardStatusAction,
): Result<CardStatus> {
  if (current.lost) {
    if (action === 'REPORT_LOSS' || action === 'DISABLE') return ok(current);
    return err(new DomainError('CARD_LOST', `card ${cardId} was reported lost`, { cardId }));
  }
  switch (action) {
    case 'ENABLE':
      return ok({ enabled: true, lost: false });
    case 'DISABLE':
      return ok({ enabled: false, lost: false });
    case 'REPORT_LOSS':
      return ok({ enabled: false, lost: true });
  }
}
