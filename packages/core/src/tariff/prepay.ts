import { PREPAY_CEILING_FEN } from '../money/bounds.js';
import { formatCny, parseCny, type Fen } from '../money/fen.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** TAR-5: at most this many prepay options. */
export const MAX_PREPAY_OPTIONS = 12;

/** Validates prepay options (TAR-5): at most 12, each a positive CNY amount ≤ 100000.00, no duplicates. */
export function parsePrepayOptions(options: readonly string[]): Result<readonly Fen[]> {
  if (options.length > MAX_PREPAY_OPTIONS) {
    return err(
      new DomainError(
        'PREPAY_TOO_MANY_OPTIONS',
        `${options.length} prepay options; at most ${MAX_PREPAY_OPTIONS}`,
        {
          count: options.length,
        },
      ),
    );
  }
  const amounts: Fen[] = [];
  for (const [index, text] of options.entries()) {
    let amount: Fen;
    try {
      amount = parseCny(text);
    } catch (error) {
      return err(error as DomainError);
    }
    if (amount <= 0n) {
      return err(
        new DomainError('PREPAY_NOT_POSITIVE', `prepay option ${index + 1} (${text}) is not positive`, {
          index,
          text,
        }),
      );
    }
    if (amount > PREPAY_CEILING_FEN) {
      return err(
        new DomainError(
          'PREPAY_OPTION_TOO_LARGE',
          `prepay option ${index + 1} (${text}) exceeds ${formatCny(PREPAY_CEILING_FEN)}`,
          { index, text, max: formatCny(PREPAY_CEILING_FEN) },
        ),
      );
    }
    if (amounts.includes(amount)) {
      return err(
        new DomainError('PREPAY_DUPLICATE_OPTION', `prepay option ${text} is listed twice`, { index, text }),
      );
    }
    amounts.push(amount);
  }
  return ok(amounts);
}
