import {
  fen,
  type Card,
  type CardProduct,
  type CollectiveAccount,
  type CollectiveLedgerLine,
  type Fen,
  type LedgerHead,
  type LedgerLine,
  type RechargeRule,
} from '@chargeflow/core';
import type {
  CardLedgerRow,
  CardProductRow,
  CardRow,
  CollectiveAccountRow,
  CollectiveLedgerRow,
} from '../entities/cards.js';

// Rows of the card tables as core's types (CARD-1 … CARD-3) and back. Fen columns are bigint.

/** A card product as the API shows it: core's product plus its place and creation time. */
export interface CardProductRecord extends CardProduct {
  readonly providerId: string;
  readonly propertyId: string;
  readonly createdAt: number;
}

/** A card with its balance (Σ ledger, kept in the row) and place. */
export interface CardRecord extends Card {
  readonly providerId: string;
  readonly propertyId: string;
  readonly collectiveAccountId: string | null;
  readonly lost: boolean;
  readonly balance: Fen;
  readonly ledgerSeq: number;
  readonly rechargeRules: readonly RechargeRule[];
  readonly createdAt: number;
}

/** A collective account with its name and place. */
export interface CollectiveAccountRecord extends CollectiveAccount {
  readonly providerId: string;
  readonly propertyId: string;
  readonly name: string;
  readonly contactPhone: string | null;
  readonly ledgerSeq: number;
  readonly createdAt: number;
}

/** A card ledger line with its idempotency key. */
export interface CardLedgerRecord extends LedgerLine {
  readonly entryNo: string | null;
}

type StoredRules = Array<{ minPaymentFen: string; bonusFen: string }>;

/** Recharge rules as stored (decimal strings of fen: exact in JSON). */
export const rulesToJson = (rules: readonly RechargeRule[]): StoredRules =>
  rules.map((r) => ({ minPaymentFen: r.minPayment.toString(), bonusFen: r.bonus.toString() }));

const rulesFromJson = (rules: StoredRules): RechargeRule[] =>
  rules.map((r) => ({ minPayment: BigInt(r.minPaymentFen) as Fen, bonus: BigInt(r.bonusFen) as Fen }));

/** A product row as a record. */
export const toProduct = (row: CardProductRow): CardProductRecord => ({
  productId: row.id,
  providerId: row.providerId,
  propertyId: row.propertyId,
  name: row.name,
  kind: row.kind,
  issueType: row.issueType,
  price: fen(row.priceFen),
  faceValue: fen(row.faceValueFen),
  carStationIds: row.carStationIds,
  ebikeStationIds: row.ebikeStationIds,
  rechargeRules: rulesFromJson(row.rechargeRules),
  enabled: row.enabled,
  createdAt: row.createdAt,
});

/** A card row as a record. */
export const toCard = (row: CardRow): CardRecord => ({
  cardId: row.id,
  providerId: row.providerId,
  propertyId: row.propertyId,
  productId: row.productId,
  collectiveAccountId: row.collectiveAccountId ?? null,
  printedNo: row.printedNo,
  chipNo: row.chipNo,
  holderPhone: row.holderPhone,
  holderName: row.holderName,
  issueType: row.issueType,
  validFrom: row.validFrom,
  validTo: row.validTo,
  enabled: row.enabled,
  lost: row.lost,
  stationIds: row.stationIds,
  rechargeRules: rulesFromJson(row.rechargeRules),
  balance: fen(row.balanceFen),
  ledgerSeq: row.ledgerSeq,
  createdAt: row.createdAt,
});

/** An account row as a record. */
export const toAccount = (row: CollectiveAccountRow): CollectiveAccountRecord => ({
  accountId: row.id,
  providerId: row.providerId,
  propertyId: row.propertyId,
  name: row.name,
  contactPhone: row.contactPhone ?? null,
  balance: fen(row.balanceFen),
  ledgerSeq: row.ledgerSeq,
  enabled: row.enabled,
  locked: row.locked,
  createdAt: row.createdAt,
});

/** Where a row's ledger stands. */
export const headOf = (row: { readonly ledgerSeq: number; readonly balanceFen: bigint }): LedgerHead => ({
  seq: row.ledgerSeq,
  balance: fen(row.balanceFen),
});

/** A card ledger row as a record. */
export const toCardLine = (row: CardLedgerRow): CardLedgerRecord => ({
  cardId: row.cardId,
  seq: row.seq,
  kind: row.kind,
  amount: fen(row.amountFen),
  balanceAfter: fen(row.balanceAfterFen),
  at: row.at,
  entryNo: row.entryNo ?? null,
  ...(row.orderNo === null || row.orderNo === undefined ? {} : { orderNo: row.orderNo }),
  ...(row.reference === null || row.reference === undefined ? {} : { reference: row.reference }),
});

/** A card ledger line as a row to insert. */
export const cardLineRow = (line: LedgerLine, entryNo: string | null) => ({
  cardId: line.cardId,
  seq: line.seq,
  kind: line.kind,
  amountFen: line.amount,
  balanceAfterFen: line.balanceAfter,
  orderNo: line.orderNo ?? null,
  entryNo,
  reference: line.reference ?? null,
  at: line.at,
});

/** A collective ledger row as core's line. */
export const toAccountLine = (row: CollectiveLedgerRow): CollectiveLedgerLine => ({
  accountId: row.accountId,
  seq: row.seq,
  kind: row.kind,
  amount: fen(row.amountFen),
  balanceAfter: fen(row.balanceAfterFen),
  at: row.at,
  ...(row.cardId === null || row.cardId === undefined ? {} : { cardId: row.cardId }),
  ...(row.reference === null || row.reference === undefined ? {} : { reference: row.reference }),
});

/** A collective ledger line as a row to insert. */
export const accountLineRow = (line: CollectiveLedgerLine) => ({
  accountId: line.accountId,
  seq: line.seq,
  kind: line.kind,
  amountFen: line.amount,
  balanceAfterFen: line.balanceAfter,
  cardId: line.cardId ?? null,
  reference: line.reference ?? null,
  at: line.at,
});
