import { DomainError } from '../shared/errors.js';

/**
 * An amount of money in fen (分, 0.01 CNY) as an exact integer. Never a binary float.
 * Branded so a plain bigint (an energy, a count) cannot be passed where money is expected.
 */
export type Fen = bigint & { readonly __unit: 'fen' };

/** Makes a Fen from an integer count of fen. */
export function fen(value: bigint | number): Fen {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new DomainError('MONEY_NOT_INTEGER_FEN', `amount ${value} is not a whole number of fen`, { value });
  }
  return BigInt(value) as Fen;
}

/** Zero fen. */
export const ZERO_FEN = 0n as Fen;

/** Sum of amounts. */
export function sumFen(amounts: Iterable<Fen>): Fen {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total as Fen;
}

/** a + b. */
export const addFen = (a: Fen, b: Fen): Fen => (a + b) as Fen;
/** a − b (may be negative; callers that need a floor use maxFen). */
export const subFen = (a: Fen, b: Fen): Fen => (a - b) as Fen;
/** The smaller amount. */
export const minFen = (a: Fen, b: Fen): Fen => (a < b ? a : b);
/** The larger amount. */
export const maxFen = (a: Fen, b: Fen): Fen => (a > b ? a : b);

// At most 13 integer digits (see MAX_CNY_INTEGER_DIGITS in bounds.ts): |amount| < 10^15 fen.
const CNY_PATTERN = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * Parses a decimal CNY string ("12.34", "5", "0.5") exactly into fen; more than 2 decimals or more
 * than 13 integer digits (beyond MONEY_MAX_FEN) is MONEY_INVALID_AMOUNT.
 */
export function parseCny(text: string): Fen {
  const match = text.length > 40 ? null : CNY_PATTERN.exec(text.trim());
  if (!match) {
    throw new DomainError(
      'MONEY_INVALID_AMOUNT',
      `"${text.slice(0, 40)}" is not a CNY amount with at most 13 integer digits and 2 decimals`,
      { text: text.slice(0, 40) },
    );
  }
  const [, sign, whole = '0', frac = ''] = match;
  const value = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
  return (sign ? -value : value) as Fen;
}

/** Formats fen as a decimal CNY string with exactly 2 decimals ("12.30", "-0.05"). */
export function formatCny(amount: Fen): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}
