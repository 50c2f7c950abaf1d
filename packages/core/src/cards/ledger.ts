import { type Fen, ZERO_FEN, sumFen } from '../money/fen.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { LedgerLine, LedgerLineKind, RechargeRule } from './types.js';

/** CARD-3: the balance is the sum of the ledger, nothing else. */
export function cardBalance(lines: readonly LedgerLine[]): Fen {
  return sumFen(lines.map((l) => l.amount));
}

/** CARD-3: checks seq runs 1…n, every balanceAfter equals the running sum and no balance is negative. */
export function verifyLedger(lines: readonly LedgerLine[]): Result<Fen> {
  let running = ZERO_FEN;
  for (const [index, line] of lines.entries()) {
    running = (running + line.amount) as Fen;
    if (line.seq !== index + 1 || line.balanceAfter !== running || running < 0n) {
      return err(
        new DomainError(
          'CARD_LEDGER_INCONSISTENT',
          `ledger line ${index + 1} of card ${line.cardId} is inconsistent`,
          {
            cardId: line.cardId,
            seq: line.seq,
            expectedSeq: index + 1,
            balanceAfter: line.balanceAfter,
            expectedBalance: running,
          },
        ),
      );
    }
  }
  return ok(running);
}

/** Builds the next ledger line after `lines` (seq and balanceAfter derived from the ledger). */
export function nextLedgerLine(
  cardId: string,
  lines: readonly LedgerLine[],
  entry: {
    readonly kind: LedgerLineKind;
    readonly amount: Fen;
    readonly at: number;
    readonly orderNo?: string;
    readonly reference?: string;
  },
): LedgerLine {
  return {
    cardId,
    seq: lines.length + 1,
    balanceAfter: (cardBalance(lines) + entry.amount) as Fen,
    ...entry,
  };
}

/** The bonus a recharge of `payment` earns: the largest bonus among rules whose minPayment it reaches. */
export function rechargeBonus(payment: Fen, rules: readonly RechargeRule[]): Fen {
  let best = ZERO_FEN;
  for (const rule of rules) if (payment >= rule.minPayment && rule.bonus > best) best = rule.bonus;
  return best;
}

/** CARD-3: a recharge appends RECHARGE (the payment) and, if a rule applies, RECHARGE_BONUS lines. */
export function rechargeCard(
  cardId: string,
  lines: readonly LedgerLine[],
  payment: Fen,
  rules: readonly RechargeRule[],
  at: number,
  reference?: string,
): Result<readonly LedgerLine[]> {
  if (payment <= 0n) {
    return err(
      new DomainError('CARD_AMOUNT_INVALID', 'a recharge must be positive', { cardId, amount: payment }),
    );
  }
  const ref = reference === undefined ? {} : { reference };
  const recharge = nextLedgerLine(cardId, lines, { kind: 'RECHARGE', amount: payment, at, ...ref });
  const bonus = rechargeBonus(payment, rules);
  if (bonus === 0n) return ok([recharge]);
  return ok([
    recharge,
    nextLedgerLine(cardId, [...lines, recharge], { kind: 'RECHARGE_BONUS', amount: bonus, at, ...ref }),
  ]);
}

/**
 * CARD-3, ORD-6: debits a charging fee with a line naming the order. Idempotent per order: when the
 * ledger already holds a CONSUME line for `orderNo`, no new line is made. Never drives the balance below zero.
 */
export function consumeCard(
  cardId: string,
  lines: readonly LedgerLine[],
  amount: Fen,
  orderNo: string,
  at: number,
): Result<readonly LedgerLine[]> {
  if (amount <= 0n) {
    return err(new DomainError('CARD_AMOUNT_INVALID', 'a consumption must be positive', { cardId, amount }));
  }
  if (lines.some((l) => l.kind === 'CONSUME' && l.orderNo === orderNo)) return ok([]);
  const balance = cardBalance(lines);
  if (amount > balance) {
    return err(
      new DomainError('CARD_INSUFFICIENT_BALANCE', `card ${cardId} balance is below the amount`, {
        cardId,
        balance,
        amount,
      }),
    );
  }
  return ok([nextLedgerLine(cardId, lines, { kind: 'CONSUME', amount: -amount as Fen, at, orderNo })]);
}
