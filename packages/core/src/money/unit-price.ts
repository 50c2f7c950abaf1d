import { DomainError } from '../shared/errors.js';

/**
 * A unit price in 10⁻⁵ CNY per unit (per kWh, per hour, per minute …) as an exact integer.
 * Five decimals because chargers on the YKC protocol carry prices at that scale; SPEC §3 needs four.
 */
export type UnitPrice = bigint & { readonly __unit: 'cny-e5-per-unit' };

/** Decimals of CNY a unit price carries. */
export const UNIT_PRICE_DECIMALS = 5;
/** 10⁵: unit-price steps per CNY. */
export const UNIT_PRICE_SCALE = 100_000n;

/** Makes a UnitPrice from an integer count of 10⁻⁵ CNY (the YKC wire value). */
export function unitPrice(value: bigint | number): UnitPrice {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new DomainError(
      'MONEY_INVALID_UNIT_PRICE',
      `unit price ${value} is not a whole number of 10⁻⁵ CNY`,
      {
        value,
      },
    );
  }
  const result = BigInt(value);
  if (result < 0n) {
    throw new DomainError('MONEY_INVALID_UNIT_PRICE', `unit price ${value} is negative`, { value });
  }
  return result as UnitPrice;
}

// At most 9 integer digits, so parsing never builds a huge bigint (tariff schemas bound it at 100 CNY).
const PRICE_PATTERN = /^(\d{1,9})(?:\.(\d{1,5}))?$/;

/** Parses a decimal CNY unit price ("0.8523", "1", "0.85231") exactly; more than 5 decimals or a sign is an error. */
export function parseUnitPrice(text: string): UnitPrice {
  const match = text.length > 40 ? null : PRICE_PATTERN.exec(text.trim());
  if (!match) {
    throw new DomainError(
      'MONEY_INVALID_UNIT_PRICE',
      `"${text.slice(0, 40)}" is not a non-negative CNY unit price with at most 5 decimals`,
      { text: text.slice(0, 40) },
    );
  }
  const [, whole = '0', frac = ''] = match;
  return (BigInt(whole) * UNIT_PRICE_SCALE + BigInt(frac.padEnd(5, '0'))) as UnitPrice;
}

/** True when `text` parses as a unit price (used by schemas). */
export function isUnitPriceText(text: string): boolean {
  return text.length <= 40 && PRICE_PATTERN.test(text.trim());
}

/** Formats a unit price as a decimal CNY string with exactly 5 decimals ("0.85230"). */
export function formatUnitPrice(price: UnitPrice): string {
  return `${price / UNIT_PRICE_SCALE}.${(price % UNIT_PRICE_SCALE).toString().padStart(5, '0')}`;
}
