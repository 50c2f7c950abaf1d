import type { Fen } from '../money/fen.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { nextLedgerLine } from './ledger.js';
import type { Card, CardIssueType, CardProduct, CollectiveAccount, LedgerLine } from './types.js';

/** What a property user enters to issue a card (CARD-2). */
export interface IssueCardInput {
  readonly cardId: string;
  readonly holderPhone: string;
  readonly holderName: string;
  readonly printedNo: string;
  readonly chipNo: string;
  readonly issueType: CardIssueType;
  readonly validFrom: number;
  readonly validTo: number;
  readonly at: number;
}

/** The outcome of issuing: the card, its opening ledger and the collective-account debit to apply, if any. */
export interface IssuedCard {
  readonly card: Card;
  readonly ledger: readonly LedgerLine[];
  readonly accountDebit?: { readonly accountId: string; readonly amount: Fen; readonly balanceAfter: Fen };
}

/**
 * CARD-1, CARD-2: only a property user issues cards, only from an enabled product; through a
 * collective account the account must be enabled, unlocked and hold at least the product price.
 */
export function issueCard(
  issuerRole: string,
  product: CardProduct,
  input: IssueCardInput,
  account?: CollectiveAccount,
): Result<IssuedCard> {
  if (issuerRole !== 'PROPERTY') {
    return err(
      new DomainError('CARD_ISSUER_NOT_PROPERTY', 'only a property user issues cards', { issuerRole }),
    );
  }
  if (!product.enabled) {
    return err(
      new DomainError('CARD_PRODUCT_DISABLED', `product ${product.productId} is disabled`, {
        productId: product.productId,
      }),
    );
  }
  if (input.validTo <= input.validFrom) {
    return err(
      new DomainError('CARD_VALIDITY_INVALID', 'validTo must be after validFrom', {
        validFrom: input.validFrom,
        validTo: input.validTo,
      }),
    );
  }
  const { at, ...fields } = input;
  const card: Card = {
    ...fields,
    productId: product.productId,
    enabled: true,
    stationIds: [...new Set([...product.carStationIds, ...product.ebikeStationIds])],
  };
  const ledger =
    product.faceValue > 0n
      ? [nextLedgerLine(card.cardId, [], { kind: 'ISSUE', amount: product.faceValue, at })]
      : [];
  if (input.issueType === 'DIRECT') return ok({ card, ledger });
  if (account === undefined) {
    return err(
      new DomainError(
        'COLLECTIVE_ACCOUNT_REQUIRED',
        'issuing through a collective account needs the account',
        {},
      ),
    );
  }
  const details = { accountId: account.accountId };
  if (!account.enabled)
    return err(new DomainError('COLLECTIVE_ACCOUNT_DISABLED', 'the collective account is disabled', details));
  if (account.locked)
    return err(new DomainError('COLLECTIVE_ACCOUNT_LOCKED', 'the collective account is locked', details));
  if (account.balance < product.price) {
    return err(
      new DomainError(
        'COLLECTIVE_ACCOUNT_INSUFFICIENT_BALANCE',
        'the collective account balance is below the product price',
        {
          ...details,
          balance: account.balance,
          price: product.price,
        },
      ),
    );
  }
  return ok({
    card,
    ledger,
    accountDebit: {
      accountId: account.accountId,
      amount: product.price,
      balanceAfter: (account.balance - product.price) as Fen,
    },
  });
}
