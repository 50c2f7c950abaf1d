import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** GB 32100-2015 charset of the unified social credit code (统一社会信用代码): no I, O, S, V, Z. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters of a code (undefined when a character is outside the charset). */
export function usccCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (const [i, weight] of WEIGHTS.entries()) {
    const value = USCC_CHARSET.indexOf(first17[i] ?? '?');
    if (value < 0) return undefined;
    sum += value * weight;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** INV-1: validates a taxpayer id as an 18-character unified social credit code with its check character (upper-cased first). */
export function validateTaxpayerId(input: string): Result<string> {
  const code = input.trim().toUpperCase();
  const fail = (why: string) =>
    err(new DomainError('TAXPAYER_ID_INVALID', `taxpayer id ${why}`, { taxpayerId: input }));
  if (code.length !== 18) return fail('must have 18 characters');
  if ([...code].some((c) => !USCC_CHARSET.includes(c)))
    return fail('has a character outside the GB 32100 charset');
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return fail('has a wrong check character');
  return ok(code);
}
