import { DomainError } from '../shared/errors.js';
import type { Fen } from './fen.js';
import { MICRO_FEN_PER_FEN, type MicroFen } from './precise.js';

/** How a precise amount becomes fen. HALF_UP (half away from zero) is the default (SPEC §3). */
export type RoundingMode = 'HALF_UP' | 'HALF_EVEN' | 'DOWN' | 'UP';

/** The rounding modes, for schemas and loops. */
export const ROUNDING_MODES: readonly RoundingMode[] = ['HALF_UP', 'HALF_EVEN', 'DOWN', 'UP'];

/**
 * THE rounding function: a precise amount to fen, once per bill line. DOWN is toward zero,
 * UP away from zero; HALF_* break ties away from zero / to the even fen.
 */
export function roundToFen(amount: MicroFen, mode: RoundingMode = 'HALF_UP'): Fen {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  let q = abs / MICRO_FEN_PER_FEN;
  const r = abs % MICRO_FEN_PER_FEN;
  if (r !== 0n) {
    const twice = r * 2n;
    switch (mode) {
      case 'HALF_UP':
        if (twice >= MICRO_FEN_PER_FEN) q += 1n;
        break;
      case 'HALF_EVEN':
        if (twice > MICRO_FEN_PER_FEN || (twice === MICRO_FEN_PER_FEN && q % 2n === 1n)) q += 1n;
        break;
      case 'UP':
        q += 1n;
        break;
      case 'DOWN':
        break;
      default:
        throw new DomainError('MONEY_INVALID_ROUNDING', `unknown rounding mode ${String(mode)}`, { mode });
    }
  }
  return (negative ? -q : q) as Fen;
}
