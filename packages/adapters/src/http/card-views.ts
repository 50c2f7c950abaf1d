import { parseCny, type CollectiveLedgerLine, type Fen, type RechargeRule } from '@chargeflow/core';
import { z } from '@hono/zod-openapi';
import type {
  CardLedgerRecord,
  CardProductRecord,
  CardRecord,
  CollectiveAccountRecord,
} from '../persistence/repositories/card-records.js';
import { IdParam, iso } from './asset-views.js';
import { MoneySchema, money } from './money-view.js';

// Request and response shapes of the member centre (CARD-1 … CARD-3); money as decimal CNY text in,
// { cny, fen } out; instants ISO 8601 UTC.

/**
 * A signed CNY amount with at most 2 decimals and 9 integer digits ("50", "12.50", "-1"): the sign
 * and the range are business rules (CARD_AMOUNT_INVALID, COLLECTIVE_ACCOUNT_AMOUNT_INVALID), so a
 * zero or negative amount gets its own code rather than VALIDATION_FAILED.
 */
export const AmountTextSchema = z
  .string()
  .regex(/^-?\d{1,9}(\.\d{1,2})?$/, 'a CNY amount such as 50 or 12.50')
  .openapi({ example: '100.00' });
/** A non-negative CNY amount 0 … 999999999.99 (product prices and face values). */
export const PriceTextSchema = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,2})?$/, 'a CNY amount from 0 with at most 2 decimals')
  .openapi({ example: '100.00' });
/** Parses amount text into fen (exact). */
export const fenOf = (text: string): Fen => parseCny(text);

const RuleSchema = z.object({ minPayment: PriceTextSchema, bonus: PriceTextSchema });
const RuleView = z.object({ minPayment: MoneySchema, bonus: MoneySchema });
const ruleView = (r: RechargeRule) => ({ minPayment: money(r.minPayment), bonus: money(r.bonus) });
/** Recharge rules from their text form. */
export const rulesOf = (rules: ReadonlyArray<{ minPayment: string; bonus: string }>): RechargeRule[] =>
  rules.map((r) => ({ minPayment: fenOf(r.minPayment), bonus: fenOf(r.bonus) }));

export const NewCardProductSchema = z
  .object({
    propertyId: IdParam,
    name: z.string().trim().min(1).max(128),
    kind: z.enum(['CAR', 'EBIKE', 'UNIVERSAL']),
    issueType: z.enum(['COLLECTIVE_ACCOUNT', 'DIRECT']),
    price: PriceTextSchema,
    faceValue: PriceTextSchema,
    carStationIds: z.array(IdParam).max(200).default([]),
    ebikeStationIds: z.array(IdParam).max(200).default([]),
    /** Pay at least minPayment, get bonus on top; the largest applicable bonus wins (no stacking). */
    rechargeRules: z.array(RuleSchema).max(20).default([]),
  })
  .openapi('NewCardProduct');

export const CardProductSchema = z
  .object({
    id: z.string(),
    propertyId: z.string(),
    name: z.string(),
    kind: z.enum(['CAR', 'EBIKE', 'UNIVERSAL']),
    issueType: z.enum(['COLLECTIVE_ACCOUNT', 'DIRECT']),
    price: MoneySchema,
    faceValue: MoneySchema,
    carStationIds: z.array(z.string()),
    ebikeStationIds: z.array(z.string()),
    rechargeRules: z.array(RuleView),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('CardProduct');

export const productView = (p: CardProductRecord): z.infer<typeof CardProductSchema> => ({
  id: p.productId,
  propertyId: p.propertyId,
  name: p.name,
  kind: p.kind,
  issueType: p.issueType,
  price: money(p.price),
  faceValue: money(p.faceValue),
  carStationIds: [...p.carStationIds],
  ebikeStationIds: [...p.ebikeStationIds],
  rechargeRules: p.rechargeRules.map(ruleView),
  enabled: p.enabled,
  createdAt: iso(p.createdAt),
});

export const CollectiveAccountSchema = z
  .object({
    id: z.string(),
    propertyId: z.string(),
    name: z.string(),
    contactPhone: z.string().nullable(),
    balance: MoneySchema,
    enabled: z.boolean(),
    locked: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('CollectiveAccount');

export const accountView = (a: CollectiveAccountRecord): z.infer<typeof CollectiveAccountSchema> => ({
  id: a.accountId,
  propertyId: a.propertyId,
  name: a.name,
  contactPhone: a.contactPhone,
  balance: money(a.balance),
  enabled: a.enabled,
  locked: a.locked,
  createdAt: iso(a.createdAt),
});

export const CollectiveLedgerLineSchema = z
  .object({
    seq: z.number().int(),
    kind: z.enum(['RECHARGE', 'CARD_ISSUE']),
    amount: MoneySchema,
    balanceAfter: MoneySchema,
    cardId: z.string().nullable(),
    reference: z.string().nullable(),
    at: z.string(),
  })
  .openapi('CollectiveLedgerLine');

export const accountLineView = (l: CollectiveLedgerLine): z.infer<typeof CollectiveLedgerLineSchema> => ({
  seq: l.seq,
  kind: l.kind,
  amount: money(l.amount),
  balanceAfter: money(l.balanceAfter),
  cardId: l.cardId ?? null,
  reference: l.reference ?? null,
  at: iso(l.at),
});

export const CardSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    propertyId: z.string(),
    collectiveAccountId: z.string().nullable(),
    printedNo: z.string(),
    chipNo: z.string(),
    holderPhone: z.string(),
    holderName: z.string(),
    issueType: z.enum(['COLLECTIVE_ACCOUNT', 'DIRECT']),
    validFrom: z.string(),
    validTo: z.string(),
    /** ENABLED, DISABLED, or LOST (reported lost: disabled for good). */
    status: z.enum(['ENABLED', 'DISABLED', 'LOST']),
    stationIds: z.array(z.string()),
    /** Σ of the card's ledger (CARD-3). */
    balance: MoneySchema,
    createdAt: z.string(),
  })
  .openapi('Card');

export const cardView = (c: CardRecord): z.infer<typeof CardSchema> => ({
  id: c.cardId,
  productId: c.productId,
  propertyId: c.propertyId,
  collectiveAccountId: c.collectiveAccountId,
  printedNo: c.printedNo,
  chipNo: c.chipNo,
  holderPhone: c.holderPhone,
  holderName: c.holderName,
  issueType: c.issueType,
  validFrom: iso(c.validFrom),
  validTo: iso(c.validTo),
  status: c.lost ? 'LOST' : c.enabled ? 'ENABLED' : 'DISABLED',
  stationIds: [...c.stationIds],
  balance: money(c.balance),
  createdAt: iso(c.createdAt),
});

export const CardLedgerLineSchema = z
  .object({
    cardId: z.string(),
    seq: z.number().int(),
    kind: z.enum(['ISSUE', 'RECHARGE', 'RECHARGE_BONUS', 'CONSUME', 'REFUND']),
    amount: MoneySchema,
    balanceAfter: MoneySchema,
    orderNo: z.string().nullable(),
    entryNo: z.string().nullable(),
    reference: z.string().nullable(),
    at: z.string(),
  })
  .openapi('CardLedgerLine');

export const cardLineView = (l: CardLedgerRecord): z.infer<typeof CardLedgerLineSchema> => ({
  cardId: l.cardId,
  seq: l.seq,
  kind: l.kind,
  amount: money(l.amount),
  balanceAfter: money(l.balanceAfter),
  orderNo: l.orderNo ?? null,
  entryNo: l.entryNo,
  reference: l.reference ?? null,
  at: iso(l.at),
});

/** A ledger as CSV (RFC 4180; amounts as decimal CNY), for the export route. */
export function ledgerCsv(card: CardRecord, lines: readonly CardLedgerRecord[]): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  // A free-text cell that a spreadsheet would run as a formula gets a leading apostrophe.
  const text = (v: string | null) => (v !== null && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));
  const rows = [
    ['card', 'printedNo', 'seq', 'kind', 'amountCny', 'balanceAfterCny', 'orderNo', 'reference', 'at'],
    ...lines.map((l) => {
      const v = cardLineView(l);
      return [
        card.cardId,
        card.printedNo,
        String(v.seq),
        v.kind,
        v.amount.cny,
        v.balanceAfter.cny,
        v.orderNo ?? '',
        text(v.reference),
        v.at,
      ];
    }),
  ];
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
