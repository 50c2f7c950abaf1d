import type { Fen } from '../money/fen.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { CARD_AMOUNT_CEILING_FEN, type LedgerHead } from './ledger.js';
import type { CollectiveAccount } from './types.js';

/** Why a collective account's balance moved: a top-up, or a card issued through it (CARD-2). */
export type CollectiveLedgerKind = 'RECHARGE' | 'CARD_ISSUE';

/** One line of a collective account's own ledger; `amount` is signed (a card issue is < 0). */
export interface CollectiveLedgerLine {
  readonly accountId: string;
  readonly seq: number;
  readonly kind: CollectiveLedgerKind;
  readonly amount: Fen;
  readonly balanceAfter: Fen;
  readonly at: number;
  /** The card a CARD_ISSUE paid for. */
  readonly cardId?: string;
  /** The payment or remark that funded a RECHARGE. */
  readonly reference?: string;
}

/** The line of a movement after a ledger standing at `head`. */
export function accountLineAfter(
  accountId: string,
  head: LedgerHead,
  entry: Omit<CollectiveLedgerLine, 'accountId' | 'seq' | 'balanceAfter'>,
): CollectiveLedgerLine {
  return { accountId, seq: head.seq + 1, balanceAfter: (head.balance + entry.amount) as Fen, ...entry };
}

/**
 * CARD-2: a top-up of a collective account: positive and at most 100000.00 CNY
 * (COLLECTIVE_ACCOUNT_AMOUNT_INVALID); a disabled account takes none (COLLECTIVE_ACCOUNT_DISABLED).
 * A locked account may be topped up: the lock stops spending, not funding.
 */
export function planAccountRecharge(
  account: CollectiveAccount,
  seq: number,
  amount: Fen,
  at: number,
  reference?: string,
): Result<CollectiveLedgerLine> {
  const details = { accountId: account.accountId, amount };
  if (amount <= 0n || amount > CARD_AMOUNT_CEILING_FEN) {
    return err(
      new DomainError(
        'COLLECTIVE_ACCOUNT_AMOUNT_INVALID',
        'a top-up must be positive and at most 100000.00 CNY',
        { ...details, max: CARD_AMOUNT_CEILING_FEN },
      ),
    );
  }
  if (!account.enabled) {
    return err(new DomainError('COLLECTIVE_ACCOUNT_DISABLED', 'the collective account is disabled', details));
  }
  return ok(
    accountLineAfter(
      account.accountId,
      { seq, balance: account.balance },
      {
        kind: 'RECHARGE',
        amount,
        at,
        ...(reference === undefined ? {} : { reference }),
      },
    ),
  );
}
