import { PREPAY_CEILING_FEN } from '../money/bounds.js';
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

/** Where a ledger stands: the seq of its last line (0 when empty) and the balance after it. */
export interface LedgerHead {
  readonly seq: number;
  readonly balance: Fen;
}

/** The head of a ledger given as its lines. */
export const ledgerHead = (lines: readonly LedgerLine[]): LedgerHead => ({
  seq: lines.length,
  balance: cardBalance(lines),
});

/** One movement of a card's balance, before it is numbered. */
export interface LedgerEntry {
  readonly kind: LedgerLineKind;
  readonly amount: Fen;
  readonly at: number;
  readonly orderNo?: string;
  readonly reference?: string;
}

/** The line of `entry` after a ledger standing at `head` (seq + 1, balance after = balance + amount). */
export function lineAfter(cardId: string, head: LedgerHead, entry: LedgerEntry): LedgerLine {
  return { cardId, seq: head.seq + 1, balanceAfter: (head.balance + entry.amount) as Fen, ...entry };
}

/** Builds the next ledger line after `lines` (seq and balanceAfter derived from the ledger). */
export function nextLedgerLine(cardId: string, lines: readonly LedgerLine[], entry: LedgerEntry): LedgerLine {
  return lineAfter(cardId, ledgerHead(lines), entry);
}

/** The bonus a recharge of `payment` earns: the largest bonus among rules whose minPayment it reaches. */
export function rechargeBonus(payment: Fen, rules: readonly RechargeRule[]): Fen {
  let best = ZERO_FEN;
  for (const rule of rules) if (payment >= rule.minPayment && rule.bonus > best) best = rule.bonus;
  return best;
}

/** The largest single recharge or consumption: 100,000.00 CNY (the prepay ceiling of ORD-1). */
export const CARD_AMOUNT_CEILING_FEN = PREPAY_CEILING_FEN;

function checkMovement(cardId: string, amount: Fen, what: string): Result<Fen> {
  if (amount <= 0n || amount > CARD_AMOUNT_CEILING_FEN) {
    return err(
      new DomainError('CARD_AMOUNT_INVALID', `a ${what} must be positive and at most 100000.00 CNY`, {
        cardId,
        amount,
        max: CARD_AMOUNT_CEILING_FEN,
      }),
    );
  }
  return ok(amount);
}

/**
 * CARD-1, CARD-3: a recharge of `payment` on a ledger standing at `head`: a RECHARGE line (the
 * payment) and, when a discount rule applies, a RECHARGE_BONUS line. Zero, negative or above the
 * ceiling is CARD_AMOUNT_INVALID.
 */
export function planRecharge(
  cardId: string,
  head: LedgerHead,
  payment: Fen,
  rules: readonly RechargeRule[],
  at: number,
  reference?: string,
): Result<readonly LedgerLine[]> {
  const checked = checkMovement(cardId, payment, 'recharge');
  if (!checked.ok) return checked;
  const ref = reference === undefined ? {} : { reference };
  const recharge = lineAfter(cardId, head, { kind: 'RECHARGE', amount: payment, at, ...ref });
  const bonus = rechargeBonus(payment, rules);
  if (bonus === 0n) return ok([recharge]);
  const after = { seq: recharge.seq, balance: recharge.balanceAfter };
  return ok([recharge, lineAfter(cardId, after, { kind: 'RECHARGE_BONUS', amount: bonus, at, ...ref })]);
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
  return planRecharge(cardId, ledgerHead(lines), payment, rules, at, reference);
}

/**
 * CARD-3, ORD-6: the CONSUME line of a charging fee naming its order, on a ledger standing at
 * `head`; never drives the balance below zero (CARD_INSUFFICIENT_BALANCE).
 */
export function planConsume(
  cardId: string,
  head: LedgerHead,
  amount: Fen,
  orderNo: string,
  at: number,
): Result<LedgerLine> {
  const checked = checkMovement(cardId, amount, 'consumption');
  if (!checked.ok) return checked;
  if (amount > head.balance) {
    return err(
      new DomainError('CARD_INSUFFICIENT_BALANCE', `card ${cardId} balance is below the amount`, {
        cardId,
        balance: head.balance,
        amount,
      }),
    );
  }
  return ok(lineAfter(cardId, head, { kind: 'CONSUME', amount: -amount as Fen, at, orderNo }));
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
  if (amount > 0n && lines.some((l) => l.kind === 'CONSUME' && l.orderNo === orderNo)) return ok([]);
  const line = planConsume(cardId, ledgerHead(lines), amount, orderNo, at);
  return line.ok ? ok([line.value]) : line;
}
