import type { TariffRef } from '../billing/bill.js';
import { checkCardUsable } from '../cards/usability.js';
import type { Card } from '../cards/types.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Funding, StartWay } from './types.js';

/** What must hold before a start command is sent (ORD-1); the adapter loads it, the core judges it. */
export interface StartPreconditions {
  readonly stationId: string;
  readonly startWay: StartWay;
  readonly funding: Funding;
  readonly assets: {
    readonly stationEnabled: boolean;
    readonly areaEnabled: boolean;
    readonly chargerEnabled: boolean;
    readonly connectorEnabled: boolean;
  };
  /** The tariff in force for the area at start time, if any. */
  readonly tariff?: TariffRef;
  /** APP starts: whether the prepay payment succeeded. */
  readonly prepayPaid?: boolean;
  /** CARD starts: the card (its balance is funding.balance, Σ of its ledger). */
  readonly card?: Card;
}

/** Error codes of starting an order. */
export type StartErrorCode =
  | 'ORDER_START_ASSET_DISABLED'
  | 'ORDER_START_NO_TARIFF'
  | 'ORDER_START_FUNDING_MISMATCH'
  | 'ORDER_START_PREPAY_NOT_PAID'
  | 'ORDER_START_NO_BALANCE';

/** ORD-1: enabled station/area/charger/connector, a tariff in force, and a paid prepay or a usable card with balance. */
export function checkStartPreconditions(input: StartPreconditions, at: number): Result<TariffRef> {
  for (const [asset, enabled] of Object.entries(input.assets)) {
    if (!enabled) {
      return err(new DomainError('ORDER_START_ASSET_DISABLED', `cannot start: ${asset} is false`, { asset }));
    }
  }
  if (input.tariff === undefined) {
    return err(
      new DomainError('ORDER_START_NO_TARIFF', 'no tariff in force', { stationId: input.stationId }),
    );
  }
  const { funding, startWay } = input;
  const expected = startWay === 'APP' ? 'PREPAY' : startWay;
  if (funding.kind !== expected) {
    return err(
      new DomainError('ORDER_START_FUNDING_MISMATCH', 'funding does not match the start way', {
        startWay,
        funding: funding.kind,
      }),
    );
  }
  if (funding.kind === 'PREPAY' && (input.prepayPaid !== true || funding.prepay <= 0n)) {
    return err(
      new DomainError('ORDER_START_PREPAY_NOT_PAID', 'the prepay is not paid', {
        paymentNo: funding.paymentNo,
      }),
    );
  }
  if (funding.kind === 'CARD') {
    if (input.card === undefined || input.card.cardId !== funding.cardId) {
      return err(
        new DomainError('ORDER_START_FUNDING_MISMATCH', 'the card is missing', { cardId: funding.cardId }),
      );
    }
    const usable = checkCardUsable(input.card, at, input.stationId);
    if (!usable.ok) return usable;
    if (funding.balance <= 0n) {
      return err(
        new DomainError('ORDER_START_NO_BALANCE', 'the card has no balance', {
          cardId: funding.cardId,
          balance: funding.balance,
        }),
      );
    }
  }
  return ok(input.tariff);
}
