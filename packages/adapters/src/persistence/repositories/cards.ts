import { randomUUID } from 'node:crypto';
import {
  DomainError,
  accountLineAfter,
  changeCardStatus,
  issueCard,
  planConsume,
  planRecharge,
  unwrap,
  type CardStatusAction,
  type Fen,
  type LedgerHead,
  type LedgerLine,
  type Result,
} from '@chargeflow/core';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import {
  CardEntity,
  CardLedgerEntity,
  CardProductEntity,
  CollectiveAccountEntity,
  type CardProductRow,
  type CardRow,
} from '../entities/cards.js';
import { violatesUnique } from '../errors.js';
import { within, type QueryScope } from '../scope.js';
import { moveAccount } from './card-products.js';
import { Members } from './members.js';
import {
  cardLineRow,
  headOf,
  rulesToJson,
  toAccount,
  toCard,
  toCardLine,
  toProduct,
  type CardLedgerRecord,
  type CardRecord,
} from './card-records.js';
import { propertyRowsWhere } from './card-scope.js';

/** CARD-2: what a property user enters to issue a card. */
export interface NewCard {
  readonly productId: string;
  readonly collectiveAccountId?: string;
  readonly holderPhone: string;
  readonly holderName: string;
  readonly printedNo: string;
  readonly chipNo: string;
  readonly validFrom: number;
  readonly validTo: number;
}

/** Search filters of the card list. */
export interface CardFilters {
  readonly holderPhone?: string;
  readonly printedNo?: string;
  readonly chipNo?: string;
  readonly productId?: string;
  readonly collectiveAccountId?: string;
}

/** A ledger movement's outcome: the lines written (or, for a repeated entry no., found). */
export interface CardMovement {
  readonly card: CardRecord;
  readonly lines: readonly CardLedgerRecord[];
  readonly replayed: boolean;
}

/** The unique keys of a card's printed and chip numbers. */
const CARD_NO_KEYS = [
  { name: 'card_printed_no_unique', columns: 'card.printed_no' },
  { name: 'card_chip_no_unique', columns: 'card.chip_no' },
] as const;

const cardNotFound = (id: string) => new DomainError('CARD_NOT_FOUND', `no card ${id}`, { cardId: id });

/**
 * Cards and their ledgers (CARD-2, CARD-3) in the caller's scope. Every movement runs in one
 * transaction: lock the card row, let core plan the lines from the row's seq and balance, move the
 * balance by an update conditional on that seq, insert the lines. The database adds CHECKs (no
 * balance or balance-after below zero, no zero line, CONSUME names its order), the (card, seq)
 * key and the unique entry no. (a retried movement is one movement).
 */
export class Cards {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: () => number,
    private readonly scope: QueryScope,
  ) {}

  /**
   * CARD-1, CARD-2: issues a card of an enabled product by a property user; through a collective
   * account (the product's issue type) the account, locked first, pays the product price with a
   * line on its own ledger. The card opens with the face value as its ISSUE line.
   */
  async issue(issuerLevel: string, input: NewCard): Promise<CardMovement> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const productRow = await em.findOne(
          CardProductEntity,
          within<FilterQuery<CardProductRow>>(propertyRowsWhere(this.scope), { id: input.productId }),
        );
        if (!productRow)
          throw new DomainError('CARD_PRODUCT_NOT_FOUND', `no card product ${input.productId}`, {
            id: input.productId,
          });
        const product = toProduct(productRow);
        const accountRow =
          product.issueType === 'COLLECTIVE_ACCOUNT' && input.collectiveAccountId !== undefined
            ? await em.findOne(
                CollectiveAccountEntity,
                { id: input.collectiveAccountId, propertyId: product.propertyId },
                { lockMode: LockMode.PESSIMISTIC_WRITE },
              )
            : undefined;
        if (accountRow === null)
          throw new DomainError(
            'COLLECTIVE_ACCOUNT_NOT_FOUND',
            `no collective account ${input.collectiveAccountId} at the product's property`,
            { id: input.collectiveAccountId },
          );
        const at = this.clock();
        const cardId = randomUUID();
        const issued = unwrap(
          issueCard(
            issuerLevel,
            product,
            { ...input, cardId, issueType: product.issueType, at },
            accountRow === undefined ? undefined : toAccount(accountRow),
          ),
        );
        const last = issued.ledger[issued.ledger.length - 1];
        await em.insert(CardEntity, {
          id: cardId,
          providerId: product.providerId,
          propertyId: product.propertyId,
          productId: product.productId,
          collectiveAccountId: issued.accountDebit === undefined ? null : issued.accountDebit.accountId,
          printedNo: input.printedNo,
          chipNo: input.chipNo,
          holderPhone: input.holderPhone,
          holderName: input.holderName,
          issueType: product.issueType,
          validFrom: input.validFrom,
          validTo: input.validTo,
          enabled: true,
          lost: false,
          stationIds: [...issued.card.stationIds],
          rechargeRules: rulesToJson(product.rechargeRules),
          balanceFen: last?.balanceAfter ?? 0n,
          ledgerSeq: last?.seq ?? 0,
          createdAt: at,
        });
        if (issued.ledger.length > 0)
          await em.insertMany(
            CardLedgerEntity,
            issued.ledger.map((l) => cardLineRow(l, null)),
          );
        if (issued.accountDebit !== undefined && accountRow) {
          const line = accountLineAfter(accountRow.id, headOf(accountRow), {
            kind: 'CARD_ISSUE',
            amount: -issued.accountDebit.amount as Fen,
            at,
            cardId,
          });
          await moveAccount(em, accountRow, line);
        }
        await Members.enrol(em, input.holderPhone, input.holderName, at);
        const card = toCard(await em.findOneOrFail(CardEntity, { id: cardId }));
        return { card, lines: issued.ledger.map((l) => ({ ...l, entryNo: null })), replayed: false };
      });
    } catch (error) {
      if (CARD_NO_KEYS.some((key) => violatesUnique(error, key))) {
        throw new DomainError('CARD_NO_TAKEN', 'the printed or chip no. is already on another card', {
          printedNo: input.printedNo,
          chipNo: input.chipNo,
        });
      }
      throw error;
    }
  }

  /** CARD-3: a recharge (with the product's discount rule applied); `entryNo` makes a retry one recharge. */
  recharge(cardId: string, payment: Fen, options: { entryNo?: string; reference?: string } = {}) {
    return this.move(cardId, options.entryNo, (card, head, at) =>
      planRecharge(card.cardId, head, payment, card.rechargeRules, at, options.reference),
    );
  }

  /** CARD-3, ORD-6: a consumption naming its order; `entryNo` (the order's debit no.) makes it once per order. */
  consume(cardId: string, amount: Fen, orderNo: string, entryNo: string) {
    return this.move(cardId, entryNo, (card, head, at) => {
      const line = planConsume(card.cardId, head, amount, orderNo, at);
      return line.ok ? { ok: true, value: [line.value] } : line;
    });
  }

  /** CARD-3: enable, disable or report loss (a lost card stays disabled). */
  async changeStatus(cardId: string, action: CardStatusAction): Promise<CardRecord> {
    return this.em.fork().transactional(async (em) => {
      const row = await this.lockCard(em, cardId);
      const next = unwrap(changeCardStatus(cardId, { enabled: row.enabled, lost: row.lost }, action));
      await em.nativeUpdate(CardEntity, { id: row.id }, next);
      return { ...toCard(row), ...next };
    });
  }

  /** One card in scope, or CARD_NOT_FOUND. */
  async get(cardId: string): Promise<CardRecord> {
    const row = await this.em
      .fork()
      .findOne(CardEntity, within<FilterQuery<CardRow>>(this.cardScope(), { id: cardId }));
    if (!row) throw cardNotFound(cardId);
    return toCard(row);
  }

  /** The card a device read: its chip no. (DC) or printed no. (AC, e-bike), in the whole scope. */
  async findByNumber(number: string, kind: 'CHIP' | 'PRINTED'): Promise<CardRecord | null> {
    const key = kind === 'CHIP' ? { chipNo: number } : { printedNo: number };
    const row = await this.em.fork().findOne(CardEntity, within<FilterQuery<CardRow>>(this.cardScope(), key));
    return row ? toCard(row) : null;
  }

  /** Cards in scope matching the filters, newest first (at most `limit`). */
  async list(filters: CardFilters, limit = 200): Promise<CardRecord[]> {
    const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
    const rows = await this.em
      .fork()
      .find(CardEntity, within<FilterQuery<CardRow>>(this.cardScope(), query), {
        orderBy: { createdAt: 'desc', id: 'asc' },
        limit,
      });
    return rows.map(toCard);
  }

  /** The card's ledger, oldest first. */
  async ledger(cardId: string): Promise<CardLedgerRecord[]> {
    const em = this.em.fork();
    if (!(await em.findOne(CardEntity, within<FilterQuery<CardRow>>(this.cardScope(), { id: cardId }))))
      throw cardNotFound(cardId);
    const rows = await em.find(CardLedgerEntity, { cardId }, { orderBy: { seq: 'asc' } });
    return rows.map(toCardLine);
  }

  private async move(
    cardId: string,
    entryNo: string | undefined,
    plan: (card: CardRecord, head: LedgerHead, at: number) => Result<readonly LedgerLine[]>,
  ): Promise<CardMovement> {
    return this.em.fork().transactional(async (em) => {
      const row = await this.lockCard(em, cardId);
      if (entryNo !== undefined) {
        const known = await em.findOne(CardLedgerEntity, { entryNo });
        if (known) return { card: toCard(row), lines: [toCardLine(known)], replayed: true };
      }
      const head = headOf(row);
      const lines = unwrap(plan(toCard(row), head, this.clock()));
      const last = lines[lines.length - 1];
      if (last === undefined) return { card: toCard(row), lines: [], replayed: false };
      const moved = await em.nativeUpdate(
        CardEntity,
        { id: row.id, ledgerSeq: head.seq },
        { balanceFen: last.balanceAfter, ledgerSeq: last.seq },
      );
      if (moved !== 1)
        throw new DomainError('CARD_LEDGER_CONFLICT', `card ${cardId} moved meanwhile`, { cardId });
      const records = lines.map((l, i) => ({ ...l, entryNo: i === 0 ? (entryNo ?? null) : null }));
      await em.insertMany(
        CardLedgerEntity,
        records.map((l) => cardLineRow(l, l.entryNo)),
      );
      return {
        card: { ...toCard(row), balance: last.balanceAfter, ledgerSeq: last.seq },
        lines: records,
        replayed: false,
      };
    });
  }

  private async lockCard(em: EntityManager, cardId: string): Promise<CardRow> {
    const row = await em.findOne(CardEntity, within<FilterQuery<CardRow>>(this.cardScope(), { id: cardId }), {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    if (!row) throw cardNotFound(cardId);
    return row;
  }

  private cardScope(): Record<string, unknown> {
    return propertyRowsWhere(this.scope, 'collectiveAccountId');
  }
}
