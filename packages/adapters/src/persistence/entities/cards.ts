import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PortableJsonType } from './portable-json.js';

// CARD-1 … CARD-3: card products, collective accounts, cards and their two ledgers. Every card
// product, account and card belongs to a property (ORG-1: provider_id, property_id are its scope).
// A balance column is the running sum of its ledger: both move in one transaction under the row's
// lock, and the database refuses a negative balance and a second line with the same seq (see
// docs/cards.md).

/** CARD-1 电卡产品. */
export const CardProductEntity = defineEntity({
  name: 'CardProduct',
  tableName: 'card_product',
  indexes: [{ name: 'card_product_scope_idx', properties: ['providerId', 'propertyId'] }],
  properties: {
    id: p.string().length(36).primary(),
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    name: p.string().length(128),
    kind: p.enum(['CAR', 'EBIKE', 'UNIVERSAL']),
    issueType: p.enum(['COLLECTIVE_ACCOUNT', 'DIRECT']),
    priceFen: p.bigint(),
    faceValueFen: p.bigint(),
    carStationIds: p.json<string[]>().type(PortableJsonType),
    ebikeStationIds: p.json<string[]>().type(PortableJsonType),
    /** [{ minPaymentFen, bonusFen }] as decimal strings of fen. */
    rechargeRules: p.json<Array<{ minPaymentFen: string; bonusFen: string }>>().type(PortableJsonType),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
  },
});
/** A card product row. */
export type CardProductRow = InferEntity<typeof CardProductEntity>;

/** 集体户: a company account under a property whose balance pays for the cards issued through it. */
export const CollectiveAccountEntity = defineEntity({
  name: 'CollectiveAccount',
  tableName: 'collective_account',
  indexes: [{ name: 'collective_account_scope_idx', properties: ['providerId', 'propertyId'] }],
  properties: {
    id: p.string().length(36).primary(),
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    name: p.string().length(128),
    contactPhone: p.string().length(32).nullable(),
    balanceFen: p.bigint().default(0),
    /** The seq of the last ledger line (0: none yet). */
    ledgerSeq: p.integer().default(0),
    enabled: p.boolean().default(true),
    locked: p.boolean().default(false),
    createdAt: p.bigint('number'),
  },
});
/** A collective account row. */
export type CollectiveAccountRow = InferEntity<typeof CollectiveAccountEntity>;

/** The collective account's own ledger: one line per balance move. */
export const CollectiveLedgerEntity = defineEntity({
  name: 'CollectiveLedgerLine',
  tableName: 'collective_account_ledger',
  properties: {
    accountId: p.string().length(36).primary(),
    seq: p.integer().primary(),
    kind: p.enum(['RECHARGE', 'CARD_ISSUE']),
    amountFen: p.bigint(),
    balanceAfterFen: p.bigint(),
    cardId: p.string().length(36).nullable(),
    reference: p.string().length(64).nullable(),
    at: p.bigint('number'),
  },
});
/** A collective ledger row. */
export type CollectiveLedgerRow = InferEntity<typeof CollectiveLedgerEntity>;

/** CARD-2 电卡: printed and chip numbers are unique in the tenant (a swipe names one card). */
export const CardEntity = defineEntity({
  name: 'Card',
  tableName: 'card',
  indexes: [
    { name: 'card_scope_idx', properties: ['providerId', 'propertyId'] },
    { name: 'card_holder_phone_idx', properties: ['holderPhone'] },
  ],
  properties: {
    id: p.string().length(36).primary(),
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    productId: p.string().length(36),
    collectiveAccountId: p.string().length(36).nullable(),
    printedNo: p.string().length(32).unique('card_printed_no_unique'),
    chipNo: p.string().length(32).unique('card_chip_no_unique'),
    holderPhone: p.string().length(32),
    holderName: p.string().length(64),
    issueType: p.enum(['COLLECTIVE_ACCOUNT', 'DIRECT']),
    validFrom: p.bigint('number'),
    validTo: p.bigint('number'),
    enabled: p.boolean().default(true),
    lost: p.boolean().default(false),
    stationIds: p.json<string[]>().type(PortableJsonType),
    rechargeRules: p.json<Array<{ minPaymentFen: string; bonusFen: string }>>().type(PortableJsonType),
    balanceFen: p.bigint().default(0),
    ledgerSeq: p.integer().default(0),
    createdAt: p.bigint('number'),
  },
});
/** A card row. */
export type CardRow = InferEntity<typeof CardEntity>;

/** CARD-3: a card's ledger; `entry_no` (unique) makes a retried movement one movement. */
export const CardLedgerEntity = defineEntity({
  name: 'CardLedgerLine',
  tableName: 'card_ledger',
  indexes: [{ name: 'card_ledger_order_idx', properties: ['orderNo'] }],
  properties: {
    cardId: p.string().length(36).primary(),
    seq: p.integer().primary(),
    kind: p.enum(['ISSUE', 'RECHARGE', 'RECHARGE_BONUS', 'CONSUME', 'REFUND']),
    amountFen: p.bigint(),
    balanceAfterFen: p.bigint(),
    orderNo: p.string().length(32).nullable(),
    entryNo: p.string().length(64).nullable().unique('card_ledger_entry_no_unique'),
    reference: p.string().length(64).nullable(),
    at: p.bigint('number'),
  },
});
/** A card ledger row. */
export type CardLedgerRow = InferEntity<typeof CardLedgerEntity>;

/** CARD-4 会员: a card holder, by phone (one member however many cards they hold). */
export const MemberEntity = defineEntity({
  name: 'Member',
  tableName: 'member',
  properties: {
    id: p.string().length(36).primary(),
    phone: p.string().length(32).unique('member_phone_unique'),
    nickname: p.string().length(64).nullable(),
    name: p.string().length(64).nullable(),
    plate: p.string().length(16).nullable(),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
  },
});
/** A member row. */
export type MemberRow = InferEntity<typeof MemberEntity>;
