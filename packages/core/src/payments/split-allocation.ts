import type { Fen } from '../money/fen.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** A split ratio: basis points (3000 = 30 %) or an exact decimal fraction string ("0.305" = 30.5 %). */
export type SplitRatio = { readonly bps: number } | { readonly decimal: string };

/** One split receiver (分账商户) and its ratio of the order amount. */
export interface SplitShare {
  readonly merchantId: string;
  readonly ratio: SplitRatio;
}

/** The allocation of an amount: each share's fen, and what stays with the lead merchant (主导商户). */
export interface SplitAllocation {
  readonly leadMerchantId: string;
  readonly leadAmount: Fen;
  readonly shares: readonly { readonly merchantId: string; readonly amount: Fen }[];
}

const DECIMAL = /^(\d+)(?:\.(\d{1,12}))?$/;

function toFraction(ratio: SplitRatio): { num: bigint; scale: number } | undefined {
  if ('bps' in ratio)
    return Number.isSafeInteger(ratio.bps) && ratio.bps >= 0
      ? { num: BigInt(ratio.bps), scale: 4 }
      : undefined;
  const match = DECIMAL.exec(ratio.decimal);
  if (!match) return undefined;
  const frac = match[2] ?? '';
  return { num: BigInt(`${match[1]}${frac}`), scale: frac.length };
}

/**
 * SPL-1: splits `amount` by ratios with the largest-remainder method. The receivers together get
 * floor(amount × Σratios) fen, each its floor plus one fen for the largest remainders (ties: listed
 * order); the lead merchant keeps the rest, so Σ = amount exactly. Σratios above 100 % is an error.
 */
export function allocateSplit(
  amount: Fen,
  leadMerchantId: string,
  shares: readonly SplitShare[],
): Result<SplitAllocation> {
  if (amount < 0n)
    return err(new DomainError('SPLIT_AMOUNT_INVALID', 'the amount to split is negative', { amount }));
  const fractions = shares.map((s) => toFraction(s.ratio));
  const bad = fractions.findIndex((f) => f === undefined);
  if (bad >= 0)
    return err(
      new DomainError('SPLIT_RATIO_INVALID', 'a ratio is not a non-negative exact number', {
        merchantId: shares[bad]?.merchantId,
      }),
    );
  const scale = Math.max(4, ...fractions.map((f) => f?.scale ?? 0));
  const denominator = 10n ** BigInt(scale);
  const nums = fractions.map((f) => (f ? f.num * 10n ** BigInt(scale - f.scale) : 0n));
  const total = nums.reduce((a, b) => a + b, 0n);
  if (total > denominator) {
    return err(
      new DomainError('SPLIT_RATIOS_EXCEED_WHOLE', 'split ratios add up to more than 100 %', {
        ratioSum: `${total}/${denominator}`,
      }),
    );
  }
  const floors = nums.map((n) => (amount * n) / denominator);
  const receiversTotal = (amount * total) / denominator;
  let leftover = receiversTotal - floors.reduce((a, b) => a + b, 0n);
  const byRemainder = nums
    .map((n, index) => ({ index, remainder: (amount * n) % denominator }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const amounts = [...floors];
  for (const { index } of byRemainder) {
    if (leftover === 0n) break;
    amounts[index] = (amounts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return ok({
    leadMerchantId,
    leadAmount: (amount - receiversTotal) as Fen,
    shares: shares.map((s, i) => ({ merchantId: s.merchantId, amount: (amounts[i] ?? 0n) as Fen })),
  });
}
