import type { Fen } from '../money/fen.js';
import { DomainError } from '../shared/errors.js';

const RATE = /^(\d+)(?:\.(\d{1,6}))?$/;

/** Parses a tax rate given as an exact decimal fraction ("0.13", "0.06") into num/den. */
export function parseTaxRate(rate: string): { readonly num: bigint; readonly den: bigint } {
  const match = RATE.exec(rate);
  if (!match)
    throw new DomainError('INVOICE_TAX_RATE_INVALID', `"${rate}" is not a decimal tax rate like 0.13`, {
      rate,
    });
  const frac = match[2] ?? '';
  return { num: BigInt(`${match[1]}${frac}`), den: 10n ** BigInt(frac.length) };
}

/**
 * INV-3: splits a tax-inclusive amount: tax = amount × rate / (1 + rate), rounded half-up to the fen
 * once; net = amount − tax, so net + tax is always the amount.
 */
export function splitTaxIncluded(amount: Fen, rate: string): { readonly net: Fen; readonly tax: Fen } {
  const { num, den } = parseTaxRate(rate);
  const divisor = den + num;
  const doubled = 2n * amount * num;
  const tax = amount >= 0n ? (doubled + divisor) / (2n * divisor) : -((-doubled + divisor) / (2n * divisor));
  return { net: (amount - tax) as Fen, tax: tax as Fen };
}
