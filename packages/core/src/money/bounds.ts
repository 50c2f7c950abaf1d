import { DomainError } from '../shared/errors.js';
import type { Fen } from './fen.js';
import { UNIT_PRICE_SCALE, type UnitPrice } from './unit-price.js';

// Every money input has an upper bound, checked before anything is written; the database repeats the
// widest one as a CHECK on every money column. The bounds are far below 2^53 fen, so an amount is
// exact in every representation it passes through (JSON integer, driver value, Temporal payload).

/**
 * The largest magnitude any stored or transmitted amount may have: 10^15 fen (10^13 CNY). Every
 * money column is CHECKed against it; a wider amount is refused (MONEY_OUT_OF_RANGE).
 */
export const MONEY_MAX_FEN = 1_000_000_000_000_000n as Fen;

/** Hard ceiling of a prepay (ORD-1), a station's prepay limit and a prepay option (TAR-5): 100,000.00 CNY. */
export const PREPAY_CEILING_FEN = 10_000_000n as Fen;

/** A station's prepay limit when none is configured: 1,000.00 CNY (ORD-1). */
export const DEFAULT_MAX_PREPAY_FEN = 100_000n as Fen;

/** The largest tariff unit price (TAR-1…12): 100.00000 CNY per kWh, per hour or per duration unit. */
export const MAX_UNIT_PRICE = (100n * UNIT_PRICE_SCALE) as UnitPrice;

/** Integer CNY digits a CNY text may have: 13, so a parsed amount never exceeds MONEY_MAX_FEN. */
export const MAX_CNY_INTEGER_DIGITS = 13;

/** True when |amount| ≤ MONEY_MAX_FEN. */
export const isMoneyInRange = (amount: bigint): boolean =>
  amount <= MONEY_MAX_FEN && -amount <= MONEY_MAX_FEN;

/** Returns the amount when |amount| ≤ MONEY_MAX_FEN; MONEY_OUT_OF_RANGE otherwise. */
export function checkMoneyRange(amount: Fen, what = 'amount'): Fen {
  if (!isMoneyInRange(amount)) {
    throw new DomainError('MONEY_OUT_OF_RANGE', `${what} is outside ±${MONEY_MAX_FEN} fen`, {
      what,
      amountFen: amount.toString(),
      maxFen: MONEY_MAX_FEN.toString(),
    });
  }
  return amount;
}
