import { randomUUID } from 'node:crypto';
import {
  DomainError,
  planAccountRecharge,
  unwrap,
  type CardProduct,
  type CollectiveLedgerLine,
  type Fen,
} from '@chargeflow/core';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { PropertyEntity, StationEntity, type PropertyRow } from '../entities/assets.js';
import {
  CardProductEntity,
  CollectiveAccountEntity,
  CollectiveLedgerEntity,
  type CardProductRow,
  type CollectiveAccountRow,
} from '../entities/cards.js';
import { propertyWhere, within, type QueryScope } from '../scope.js';
import {
  accountLineRow,
  headOf,
  rulesToJson,
  toAccount,
  toAccountLine,
  toProduct,
  type CollectiveAccountRecord,
  type CardProductRecord,
} from './card-records.js';
import { propertyRowsWhere } from './card-scope.js';

/** CARD-1: what a new card product needs: core's product without id and state, and its property. */
export type NewCardProduct = Omit<CardProduct, 'productId' | 'enabled'> & { readonly propertyId: string };

const notFound = (what: 'CARD_PRODUCT' | 'COLLECTIVE_ACCOUNT', id: string) =>
  new DomainError(`${what}_NOT_FOUND`, `no ${what.toLowerCase().replace('_', ' ')} ${id}`, { id });

/**
 * Card products (CARD-1) and collective accounts with their own ledger (CARD-2), in the caller's
 * scope (ORG-1): rows outside it are …_NOT_FOUND, like rows that do not exist.
 */
export class CardProducts {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: () => number,
    private readonly scope: QueryScope,
  ) {}

  /** CARD-1: a product under a property in scope, bound to stations of that property (of the right kind). */
  async createProduct(input: NewCardProduct): Promise<CardProductRecord> {
    const em = this.em.fork();
    const property = await this.propertyInScope(em, input.propertyId);
    await checkStations(em, property.id, 'CAR', input.carStationIds);
    await checkStations(em, property.id, 'EBIKE', input.ebikeStationIds);
    if (input.kind === 'CAR' && input.ebikeStationIds.length > 0)
      throw stationKindError('EBIKE', input.ebikeStationIds);
    if (input.kind === 'EBIKE' && input.carStationIds.length > 0)
      throw stationKindError('CAR', input.carStationIds);
    const row = em.create(CardProductEntity, {
      id: randomUUID(),
      providerId: property.provider.id,
      propertyId: property.id,
      name: input.name,
      kind: input.kind,
      issueType: input.issueType,
      priceFen: input.price,
      faceValueFen: input.faceValue,
      carStationIds: [...new Set(input.carStationIds)],
      ebikeStationIds: [...new Set(input.ebikeStationIds)],
      rechargeRules: rulesToJson(input.rechargeRules),
      enabled: true,
      createdAt: this.clock(),
    });
    await em.flush();
    return toProduct(row);
  }

  /** CARD-1 products in scope, newest first. */
  async listProducts(): Promise<CardProductRecord[]> {
    const rows = await this.em
      .fork()
      .find(CardProductEntity, propertyRowsWhere(this.scope) as FilterQuery<CardProductRow>, {
        orderBy: { createdAt: 'desc', id: 'asc' },
      });
    return rows.map(toProduct);
  }

  /** One product in scope, or CARD_PRODUCT_NOT_FOUND. */
  async getProduct(id: string, em = this.em.fork()): Promise<CardProductRecord> {
    const row = await em.findOne(
      CardProductEntity,
      within<FilterQuery<CardProductRow>>(propertyRowsWhere(this.scope), { id }),
    );
    if (!row) throw notFound('CARD_PRODUCT', id);
    return toProduct(row);
  }

  /** CARD-1: enables or disables a product (a disabled product issues no cards; issued cards keep working). */
  async setProductEnabled(id: string, enabled: boolean): Promise<CardProductRecord> {
    const em = this.em.fork();
    const where = within<FilterQuery<CardProductRow>>(propertyRowsWhere(this.scope), { id });
    if ((await em.nativeUpdate(CardProductEntity, where, { enabled })) !== 1)
      throw notFound('CARD_PRODUCT', id);
    return this.getProduct(id, em);
  }

  /** A collective account under a property in scope, with a zero balance and an empty ledger. */
  async createAccount(input: {
    readonly propertyId: string;
    readonly name: string;
    readonly contactPhone?: string;
  }): Promise<CollectiveAccountRecord> {
    const em = this.em.fork();
    const property = await this.propertyInScope(em, input.propertyId);
    const row = em.create(CollectiveAccountEntity, {
      id: randomUUID(),
      providerId: property.provider.id,
      propertyId: property.id,
      name: input.name,
      contactPhone: input.contactPhone ?? null,
      balanceFen: 0n,
      ledgerSeq: 0,
      enabled: true,
      locked: false,
      createdAt: this.clock(),
    });
    await em.flush();
    return toAccount(row);
  }

  /** Collective accounts in scope (a collective-account user: its own), by name. */
  async listAccounts(): Promise<CollectiveAccountRecord[]> {
    const rows = await this.em
      .fork()
      .find(CollectiveAccountEntity, this.accountScope() as FilterQuery<CollectiveAccountRow>, {
        orderBy: { name: 'asc', id: 'asc' },
      });
    return rows.map(toAccount);
  }

  /** One account in scope, or COLLECTIVE_ACCOUNT_NOT_FOUND. */
  async getAccount(id: string, em = this.em.fork()): Promise<CollectiveAccountRecord> {
    const row = await em.findOne(
      CollectiveAccountEntity,
      within<FilterQuery<CollectiveAccountRow>>(this.accountScope(), { id }),
    );
    if (!row) throw notFound('COLLECTIVE_ACCOUNT', id);
    return toAccount(row);
  }

  /** CARD-2: enable/disable and lock/unlock (a locked or disabled account pays for no card). */
  async setAccountFlags(
    id: string,
    flags: { readonly enabled?: boolean; readonly locked?: boolean },
  ): Promise<CollectiveAccountRecord> {
    const em = this.em.fork();
    const where = within<FilterQuery<CollectiveAccountRow>>(this.accountScope(), { id });
    const changed = await em.nativeUpdate(CollectiveAccountEntity, where, flags);
    if (changed !== 1) throw notFound('COLLECTIVE_ACCOUNT', id);
    return this.getAccount(id, em);
  }

  /**
   * CARD-2: tops an account up. Under the account's row lock, core plans the ledger line from the
   * row's seq and balance; the balance moves by a conditional update on that seq and the line is
   * inserted in the same transaction, so the balance is always the sum of the ledger.
   */
  async rechargeAccount(id: string, amount: Fen, reference?: string): Promise<CollectiveLedgerLine> {
    return this.em.fork().transactional(async (em) => {
      const row = await em.findOne(
        CollectiveAccountEntity,
        within<FilterQuery<CollectiveAccountRow>>(this.accountScope(), { id }),
        {
          lockMode: LockMode.PESSIMISTIC_WRITE,
        },
      );
      if (!row) throw notFound('COLLECTIVE_ACCOUNT', id);
      const line = unwrap(
        planAccountRecharge(toAccount(row), row.ledgerSeq, amount, this.clock(), reference),
      );
      await moveAccount(em, row, line);
      return line;
    });
  }

  /** The account's ledger, oldest first. */
  async accountLedger(id: string): Promise<CollectiveLedgerLine[]> {
    const em = this.em.fork();
    await this.getAccount(id, em);
    const rows = await em.find(CollectiveLedgerEntity, { accountId: id }, { orderBy: { seq: 'asc' } });
    return rows.map(toAccountLine);
  }

  private accountScope(): Record<string, unknown> {
    return propertyRowsWhere(this.scope, 'id');
  }

  private async propertyInScope(em: EntityManager, propertyId: string): Promise<PropertyRow> {
    const where = within<FilterQuery<PropertyRow>>(propertyWhere(this.scope), { id: propertyId });
    const property = await em.findOne(PropertyEntity, where);
    if (!property) throw new DomainError('PROPERTY_NOT_FOUND', `no property ${propertyId}`, { propertyId });
    return property;
  }
}

/**
 * Moves a locked account row to the line's balance (conditional on the seq it was read at) and
 * inserts the line; a seq that moved meanwhile is COLLECTIVE_ACCOUNT_LEDGER_CONFLICT (never happens
 * under the lock, but the database refuses it rather than trusting that).
 */
export async function moveAccount(
  em: EntityManager,
  row: CollectiveAccountRow,
  line: CollectiveLedgerLine,
): Promise<void> {
  const head = headOf(row);
  const moved = await em.nativeUpdate(
    CollectiveAccountEntity,
    { id: row.id, ledgerSeq: head.seq },
    { balanceFen: line.balanceAfter, ledgerSeq: line.seq },
  );
  if (moved !== 1) {
    throw new DomainError('COLLECTIVE_ACCOUNT_LEDGER_CONFLICT', `account ${row.id} moved meanwhile`, {
      accountId: row.id,
    });
  }
  await em.insert(CollectiveLedgerEntity, accountLineRow(line));
}

const stationKindError = (kind: 'CAR' | 'EBIKE', stationIds: readonly string[]) =>
  new DomainError('CARD_PRODUCT_STATIONS_INVALID', `this product kind binds no ${kind} stations`, {
    kind,
    stationIds,
  });

/** CARD-1: bound stations are stations of the product's own property, of the given kind. */
async function checkStations(
  em: EntityManager,
  propertyId: string,
  kind: 'CAR' | 'EBIKE',
  stationIds: readonly string[],
): Promise<void> {
  if (stationIds.length === 0) return;
  const unique = [...new Set(stationIds)];
  const found = await em.find(StationEntity, { id: { $in: unique }, property: propertyId, kind });
  if (found.length !== unique.length) {
    const known = new Set(found.map((s) => s.id));
    throw new DomainError(
      'CARD_PRODUCT_STATIONS_INVALID',
      `stations must be ${kind} stations of the product's property`,
      { kind, stationIds: unique.filter((id) => !known.has(id)) },
    );
  }
}
