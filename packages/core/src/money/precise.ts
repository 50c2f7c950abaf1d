import type { UnitPrice } from './unit-price.js';
import type { Wh } from './quantities.js';

/**
 * An exact amount in 10⁻⁸ CNY (a millionth of a fen): Wh × (10⁻⁵ CNY/kWh) lands exactly on it,
 * so a line's precise amount never loses a digit before the one rounding to fen.
 */
export type MicroFen = bigint & { readonly __unit: 'micro-fen' };

/** 10⁶ micro-fen per fen. */
export const MICRO_FEN_PER_FEN = 1_000_000n;

/** Exact price of `energy` at `price` per kWh. */
export function priceEnergy(energy: Wh, price: UnitPrice): MicroFen {
  return (BigInt(energy) * price) as MicroFen;
}

/** Exact price of `count` whole units at `price` per unit. */
export function priceUnits(count: number, price: UnitPrice): MicroFen {
  return (BigInt(count) * price * 1000n) as MicroFen;
}

/** Formats a precise amount as a decimal CNY string, trailing zeros trimmed but at least 2 decimals. */
export function formatPreciseCny(amount: MicroFen): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  // bigint only: money never passes through a binary float, whatever its size.
  const whole = (abs / 100_000_000n).toString();
  let frac = (abs % 100_000_000n).toString().padStart(8, '0');
  let end = 8;
  while (end > 2 && frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end);
  return negative ? `-${whole}.${frac}` : `${whole}.${frac}`;
}
