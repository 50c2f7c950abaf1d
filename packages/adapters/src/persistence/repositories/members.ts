import { randomUUID } from 'node:crypto';
import { DomainError, checkMemberEdit, unwrap, type MemberEdit } from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { CardEntity, MemberEntity, type CardRow, type MemberRow } from '../entities/cards.js';
import { isUniqueViolation } from '../errors.js';
import { within, type QueryScope } from '../scope.js';
import { propertyRowsWhere } from './card-scope.js';

/** CARD-4 会员: a card holder with the cards of theirs the caller may see. */
export interface MemberRecord {
  readonly id: string;
  readonly phone: string;
  readonly nickname: string | null;
  readonly name: string | null;
  readonly plate: string | null;
  readonly cardIds: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

const notFound = (id: string) => new DomainError('MEMBER_NOT_FOUND', `no member ${id}`, { id });

/**
 * CARD-4 members: every card holder is one, by phone (enrolled when a card is issued to the phone).
 * A caller sees the members holding at least one card in its scope (ORG-1), with those cards.
 */
export class Members {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: () => number,
    private readonly scope: QueryScope,
  ) {}

  /**
   * Enrols a card's holder inside the issuing transaction; an existing member is kept as it is. Two
   * issues to a new phone at once: the phone's unique key keeps one (a duplicate key fails only that
   * statement, not the transaction).
   */
  static async enrol(em: EntityManager, phone: string, name: string, at: number): Promise<void> {
    if ((await em.count(MemberEntity, { phone })) > 0) return;
    try {
      await em.insert(MemberEntity, { id: randomUUID(), phone, name, createdAt: at, updatedAt: at });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** Members in scope whose phone starts with `phone` (all of them without it), by phone, at most `limit`. */
  async search(phone?: string, limit = 100): Promise<MemberRecord[]> {
    const em = this.em.fork();
    const cards = await em.find(
      CardEntity,
      within<FilterQuery<CardRow>>(
        this.cardScope(),
        phone === undefined ? {} : { holderPhone: { $like: `${escapeLike(phone)}%` } },
      ),
      { fields: ['id', 'holderPhone'], orderBy: { holderPhone: 'asc', id: 'asc' } },
    );
    const byPhone = new Map<string, string[]>();
    for (const card of cards)
      byPhone.set(card.holderPhone, [...(byPhone.get(card.holderPhone) ?? []), card.id]);
    const phones = [...byPhone.keys()].slice(0, limit);
    if (phones.length === 0) return [];
    const rows = await em.find(MemberEntity, { phone: { $in: phones } }, { orderBy: { phone: 'asc' } });
    return rows.map((row) => toMember(row, byPhone.get(row.phone) ?? []));
  }

  /** One member in scope, or MEMBER_NOT_FOUND. */
  async get(id: string, em = this.em.fork()): Promise<MemberRecord> {
    const row = await em.findOne(MemberEntity, { id });
    if (!row) throw notFound(id);
    const cards = await em.find(
      CardEntity,
      within<FilterQuery<CardRow>>(this.cardScope(), { holderPhone: row.phone }),
      { fields: ['id'], orderBy: { id: 'asc' } },
    );
    if (cards.length === 0) throw notFound(id);
    return toMember(
      row,
      cards.map((c) => c.id),
    );
  }

  /** CARD-4: edits nickname, name and plate (PLATE_INVALID for a plate that is none); null clears a field. */
  async update(id: string, edit: MemberEdit): Promise<MemberRecord> {
    const checked = unwrap(checkMemberEdit(edit));
    await this.get(id);
    await this.em.fork().nativeUpdate(MemberEntity, { id }, { ...checked, updatedAt: this.clock() });
    return this.get(id);
  }

  private cardScope(): Record<string, unknown> {
    return propertyRowsWhere(this.scope, 'collectiveAccountId');
  }
}

/** `%` and `_` of a user's text match themselves in LIKE. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const toMember = (row: MemberRow, cardIds: readonly string[]): MemberRecord => ({
  id: row.id,
  phone: row.phone,
  nickname: row.nickname ?? null,
  name: row.name ?? null,
  plate: row.plate ?? null,
  cardIds,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
