import type { TariffRef } from '../billing/bill.js';
import { checkCardUsable } from '../cards/usability.js';
import type { Card } from '../cards/types.js';
import { PREPAY_CEILING_FEN } from '../money/bounds.js';
import { formatCny, type Fen } from '../money/fen.js';
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
  /** APP starts: the station's prepay limit and the tariff's prepay options (see checkPrepayAmount). */
  readonly prepayLimit?: PrepayLimit;
  /** CARD starts: the card (its balance is funding.balance, Σ of its ledger). */
  readonly card?: Card;
}

/** Error codes of starting an order. */
export type StartErrorCode =
  | 'ORDER_START_ASSET_DISABLED'
  | 'ORDER_START_NO_TARIFF'
  | 'ORDER_START_FUNDING_MISMATCH'
  | 'ORDER_START_PREPAY_NOT_PAID'
  | 'ORDER_START_PREPAY_OUT_OF_RANGE'
  | 'ORDER_START_NO_BALANCE';

/** What bounds a prepay (ORD-1): the station's limit and the prepay options of the tariff in force. */
export interface PrepayLimit {
  /** The station's configured limit (default DEFAULT_MAX_PREPAY_FEN, never above PREPAY_CEILING_FEN). */
  readonly maxPrepay: Fen;
  /** TAR-5 options of the tariff in force; when there are any, the prepay lies between the smallest and the largest. */
  readonly options: readonly Fen[];
}

/**
 * ORD-1 prepay bounds: positive, at most the station's limit (and never above PREPAY_CEILING_FEN),
 * and, where the tariff lists prepay options, between the smallest and the largest option
 * (a custom amount inside the offered range is allowed). ORDER_START_PREPAY_OUT_OF_RANGE names the
 * range that applies.
 */
export function checkPrepayAmount(prepay: Fen, limit: PrepayLimit): Result<Fen> {
  const ceiling = limit.maxPrepay < PREPAY_CEILING_FEN ? limit.maxPrepay : PREPAY_CEILING_FEN;
  const sorted = [...limit.options].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const min = sorted.length > 0 ? (sorted[0] as Fen) : (1n as Fen);
  const optionMax = sorted.length > 0 ? (sorted[sorted.length - 1] as Fen) : ceiling;
  const max = optionMax < ceiling ? optionMax : ceiling;
  if (prepay < min || prepay > max) {
    return err(
      new DomainError(
        'ORDER_START_PREPAY_OUT_OF_RANGE',
        `the prepay ${formatCny(prepay)} is outside ${formatCny(min)}…${formatCny(max)} CNY`,
        {
          prepay: formatCny(prepay),
          min: formatCny(min),
          max: formatCny(max),
          stationMaxPrepay: formatCny(limit.maxPrepay),
          options: sorted.map(formatCny),
        },
      ),
    );
  }
  return ok(prepay);
}

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
  if (funding.kind === 'PREPAY' && input.prepayLimit !== undefined) {
    const bounded = checkPrepayAmount(funding.prepay, input.prepayLimit);
    if (!bounded.ok) return bounded;
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
