// The charging workflow's CardLedger port on MariaDB (ORD-6, CARD-3): a settlement's debit is one
// CONSUME line naming the order, a retried activity moves nothing, and a debit no retry can make
// succeed fails non-retryably with its code.
import { fen } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseCardLedger } from '../../src/cards/card-ledger.js';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { AssetRepository } from '../../src/persistence/repositories/asset-repository.js';
import { CardProducts } from '../../src/persistence/repositories/card-products.js';
import { Cards } from '../../src/persistence/repositories/cards.js';
import { WHOLE_TENANT } from '../../src/persistence/scope.js';
import { openThrowawayDatabase, type ThrowawayDatabase } from '../../src/persistence/test-database.js';

const NOW = Date.parse('2026-03-10T04:00:00Z');
let db: ThrowawayDatabase;
let cards: Cards;
let cardId: string;

beforeAll(async () => {
  db = await openThrowawayDatabase(serviceEndpoints().DATABASE_URL, 'cf_cardport');
  const { propertyId } = await new AssetRepository(db.orm.em, () => NOW).createOwner({
    providerName: 'P',
    propertyName: 'Prop',
  });
  const product = await new CardProducts(db.orm.em, () => NOW, WHOLE_TENANT).createProduct({
    propertyId,
    name: 'Direct',
    kind: 'CAR',
    issueType: 'DIRECT',
    price: fen(0),
    faceValue: fen(3_000),
    carStationIds: [],
    ebikeStationIds: [],
    rechargeRules: [],
  });
  cards = new Cards(db.orm.em, () => NOW, WHOLE_TENANT);
  const issued = await cards.issue('PROPERTY', {
    productId: product.productId,
    holderPhone: '13800000000',
    holderName: 'Li',
    printedNo: 'P-PORT',
    chipNo: 'IC-PORT',
    validFrom: NOW - 1,
    validTo: NOW + 1_000_000,
  });
  cardId = issued.card.cardId;
});
afterAll(async () => {
  await db?.drop();
});

describe('DatabaseCardLedger (ORD-6, CARD-3)', () => {
  const request = (amount: number, orderNo = 'CH20260310120000000001') => ({
    tenantId: 't',
    entryNo: `${orderNo}-CD`,
    cardId,
    orderNo,
    amount: fen(amount),
  });

  it('ORD-6 debits once with a line naming the order, also when the activity is retried', async () => {
    const ledger = new DatabaseCardLedger(db.orm.em, () => NOW);
    await ledger.debit(request(1_234));
    await ledger.debit(request(1_234));
    await Promise.all([ledger.debit(request(1_234)), ledger.debit(request(1_234))]);
    const lines = await cards.ledger(cardId);
    expect(lines.map((l) => [l.kind, l.amount, l.balanceAfter, l.orderNo ?? null])).toEqual([
      ['ISSUE', 3_000n, 3_000n, null],
      ['CONSUME', -1_234n, 1_766n, 'CH20260310120000000001'], // 30.00 − 12.34 = 17.66
    ]);
  });

  it('CARD-3 a debit beyond the balance or of an unknown card fails non-retryably with its code', async () => {
    const ledger = new DatabaseCardLedger(db.orm.em, () => NOW);
    await expect(ledger.debit(request(1_767, 'CH20260310120000000002'))).rejects.toMatchObject({
      type: 'CARD_INSUFFICIENT_BALANCE',
      nonRetryable: true,
    });
    await expect(ledger.debit({ ...request(1), cardId: 'nope' })).rejects.toMatchObject({
      type: 'CARD_NOT_FOUND',
      nonRetryable: true,
    });
    expect((await cards.get(cardId)).balance).toBe(1_766n);
  });
});
