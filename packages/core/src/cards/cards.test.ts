import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fen } from '../money/fen.js';
import { issueCard, type IssueCardInput } from './issue.js';
import { planAccountRecharge } from './collective.js';
import {
  cardBalance,
  consumeCard,
  planConsume,
  planRecharge,
  rechargeBonus,
  rechargeCard,
  verifyLedger,
} from './ledger.js';
import { changeCardStatus } from './status.js';
import type { Card, CardProduct, CollectiveAccount, LedgerLine } from './types.js';
import { checkCardUsable } from './usability.js';

const f = (n: number | bigint) => BigInt(n) as Fen;
const product: CardProduct = {
  productId: 'P1',
  name: 'Monthly',
  kind: 'UNIVERSAL',
  issueType: 'COLLECTIVE_ACCOUNT',
  price: f(10_000),
  faceValue: f(11_000),
  carStationIds: ['S1'],
  ebikeStationIds: ['E1'],
  rechargeRules: [
    { minPayment: f(10_000), bonus: f(1_000) },
    { minPayment: f(50_000), bonus: f(8_000) },
  ],
  enabled: true,
};
const account: CollectiveAccount = { accountId: 'A1', balance: f(10_000), enabled: true, locked: false };
const input: IssueCardInput = {
  cardId: 'C1',
  holderPhone: '13800000000',
  holderName: 'Li',
  printedNo: 'P-1',
  chipNo: 'IC-1',
  issueType: 'COLLECTIVE_ACCOUNT',
  validFrom: 100,
  validTo: 1_000,
  at: 100,
};

describe('card issuing (CARD-1, CARD-2)', () => {
  it('CARD-2 issuing through a collective account debits the price and opens the ledger with the face value', () => {
    const result = issueCard('PROPERTY', product, input, account);
    expect(result.ok && result.value.accountDebit).toEqual({
      accountId: 'A1',
      amount: 10_000n,
      balanceAfter: 0n,
    });
    expect(result.ok && cardBalance(result.value.ledger)).toBe(11_000n);
    expect(result.ok && result.value.card.stationIds).toEqual(['S1', 'E1']);
  });

  it.each([
    ['OPERATOR', product, account, 'CARD_ISSUER_NOT_PROPERTY'],
    ['PROPERTY', { ...product, enabled: false }, account, 'CARD_PRODUCT_DISABLED'],
    ['PROPERTY', product, { ...account, balance: f(9_999) }, 'COLLECTIVE_ACCOUNT_INSUFFICIENT_BALANCE'],
    ['PROPERTY', product, { ...account, locked: true }, 'COLLECTIVE_ACCOUNT_LOCKED'],
    ['PROPERTY', product, { ...account, enabled: false }, 'COLLECTIVE_ACCOUNT_DISABLED'],
    ['PROPERTY', product, undefined, 'COLLECTIVE_ACCOUNT_REQUIRED'],
  ] as const)('CARD-1/CARD-2 issuing as %s is refused with the right code', (role, p, acc, code) => {
    const result = issueCard(role, p, input, acc);
    expect(!result.ok && result.error.code).toBe(code);
  });
});

const card: Card = { ...input, productId: 'P1', enabled: true, stationIds: ['S1'] };

describe('card usability (CARD-3)', () => {
  it.each([
    [card, 500, 'S1', undefined],
    [{ ...card, enabled: false }, 500, 'S1', 'CARD_DISABLED'],
    [card, 99, 'S1', 'CARD_NOT_YET_VALID'],
    [card, 1_000, 'S1', 'CARD_EXPIRED'],
    [card, 500, 'S2', 'CARD_STATION_NOT_BOUND'],
  ] as const)('CARD-3 card at t=%#: %s', (c, at, station, code) => {
    const result = checkCardUsable(c, at, station);
    expect(result.ok ? undefined : result.error.code).toBe(code);
  });
});

describe('card ledger (CARD-3)', () => {
  it('CARD-1 recharge discount: pay 100 get 110; the best single rule applies', () => {
    expect(rechargeBonus(f(9_999), product.rechargeRules)).toBe(0n);
    expect(rechargeBonus(f(10_000), product.rechargeRules)).toBe(1_000n);
    expect(rechargeBonus(f(60_000), product.rechargeRules)).toBe(8_000n);
    const lines = rechargeCard('C1', [], f(10_000), product.rechargeRules, 5, 'PAY9');
    expect(lines.ok && lines.value.map((l) => [l.kind, l.amount, l.balanceAfter])).toEqual([
      ['RECHARGE', 10_000n, 10_000n],
      ['RECHARGE_BONUS', 1_000n, 11_000n],
    ]);
  });

  it('CARD-3 consumption names the order, cannot overdraw, and is idempotent per order', () => {
    const funded = rechargeCard('C1', [], f(500), [], 1);
    if (!funded.ok) throw funded.error;
    const over = consumeCard('C1', funded.value, f(501), 'O1', 2);
    expect(!over.ok && over.error.code).toBe('CARD_INSUFFICIENT_BALANCE');
    const spent = consumeCard('C1', funded.value, f(300), 'O1', 2);
    expect(spent.ok && spent.value).toEqual([
      { cardId: 'C1', seq: 2, kind: 'CONSUME', amount: -300n, balanceAfter: 200n, at: 2, orderNo: 'O1' },
    ]);
    const ledger = [...funded.value, ...(spent.ok ? spent.value : [])];
    expect(consumeCard('C1', ledger, f(100), 'O1', 3)).toEqual({ ok: true, value: [] });
  });

  it('CARD-3 a ledger whose balanceAfter disagrees with the sum is inconsistent', () => {
    const bad: LedgerLine[] = [
      { cardId: 'C1', seq: 1, kind: 'RECHARGE', amount: f(100), balanceAfter: f(90), at: 1 },
    ];
    const result = verifyLedger(bad);
    expect(!result.ok && result.error.code).toBe('CARD_LEDGER_INCONSISTENT');
  });

  it('CARD-3 under any sequence of recharges and consumptions, balance = Σ ledger, every line consistent, never negative', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('recharge' as const), amount: fc.integer({ min: -5, max: 60_000 }) }),
      fc.record({
        kind: fc.constant('consume' as const),
        amount: fc.integer({ min: -5, max: 20_000 }),
        order: fc.integer({ min: 0, max: 8 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 50 }), (ops) => {
        let ledger: readonly LedgerLine[] = [];
        let expected = 0n;
        ops.forEach((o, i) => {
          const result =
            o.kind === 'recharge'
              ? rechargeCard('C1', ledger, f(o.amount), product.rechargeRules, i)
              : consumeCard('C1', ledger, f(o.amount), `O${o.order}`, i);
          if (!result.ok) return;
          expected += result.value.reduce((a, l) => a + l.amount, 0n);
          ledger = [...ledger, ...result.value];
        });
        const verified = verifyLedger(ledger);
        expect(verified.ok && verified.value).toBe(expected);
        expect(cardBalance(ledger)).toBe(expected);
        expect(expected).toBeGreaterThanOrEqual(0n);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ledger heads, collective accounts and card states (CARD-2, CARD-3)', () => {
  it('CARD-3 planning from a head numbers the lines and carries the balance on', () => {
    const lines = planRecharge('C1', { seq: 7, balance: f(250) }, f(10_000), product.rechargeRules, 9);
    expect(lines.ok && lines.value.map((l) => [l.seq, l.amount, l.balanceAfter])).toEqual([
      [8, 10_000n, 10_250n],
      [9, 1_000n, 11_250n],
    ]);
    const spent = planConsume('C1', { seq: 9, balance: f(11_250) }, f(11_250), 'O7', 10);
    expect(spent.ok && [spent.value.seq, spent.value.balanceAfter, spent.value.orderNo]).toEqual([
      10,
      0n,
      'O7',
    ]);
  });

  it.each([0, -1, 10_000_001])(
    'CARD-3 a recharge or consumption of %i fen is CARD_AMOUNT_INVALID',
    (amount) => {
      const head = { seq: 0, balance: f(20_000_000) };
      const recharge = planRecharge('C1', head, f(amount), [], 1);
      const consume = planConsume('C1', head, f(amount), 'O1', 1);
      expect([!recharge.ok && recharge.error.code, !consume.ok && consume.error.code]).toEqual([
        'CARD_AMOUNT_INVALID',
        'CARD_AMOUNT_INVALID',
      ]);
    },
  );

  it('CARD-2 a top-up is one line; a disabled account takes none; a locked one does', () => {
    const line = planAccountRecharge(account, 3, f(5_000), 1, 'bank');
    expect(line.ok && [line.value.seq, line.value.balanceAfter, line.value.kind]).toEqual([
      4,
      15_000n,
      'RECHARGE',
    ]);
    const off = planAccountRecharge({ ...account, enabled: false }, 3, f(5_000), 1);
    expect(!off.ok && off.error.code).toBe('COLLECTIVE_ACCOUNT_DISABLED');
    expect(planAccountRecharge({ ...account, locked: true }, 3, f(5_000), 1).ok).toBe(true);
    const zero = planAccountRecharge(account, 3, f(0), 1);
    expect(!zero.ok && zero.error.code).toBe('COLLECTIVE_ACCOUNT_AMOUNT_INVALID');
  });

  it('CARD-3 enable/disable, report loss; a lost card is never enabled or usable again', () => {
    const on = { enabled: true, lost: false };
    expect(changeCardStatus('C1', on, 'DISABLE')).toEqual({
      ok: true,
      value: { enabled: false, lost: false },
    });
    const lost = changeCardStatus('C1', on, 'REPORT_LOSS');
    expect(lost).toEqual({ ok: true, value: { enabled: false, lost: true } });
    const again = changeCardStatus('C1', { enabled: false, lost: true }, 'ENABLE');
    expect(!again.ok && again.error.code).toBe('CARD_LOST');
    const usable = checkCardUsable({ ...card, lost: true }, 500, 'S1');
    expect(!usable.ok && usable.error.code).toBe('CARD_LOST');
  });
});
