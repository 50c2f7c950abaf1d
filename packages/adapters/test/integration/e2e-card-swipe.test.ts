// Issue 14, card-funded sessions end to end on the REAL services (MariaDB, Temporal, Kafka,
// FerretDB): a property user issues a card over HTTP; the simulated charger's reader sends
// CARD_SWIPED over Kafka; the worker starts a session funded by the card (ORD-1), the session stops
// when its fee reaches the card's balance (ORD-4, ORD-6), and settlement debits the card once with a
// ledger line naming the order (CARD-3). Swipes that cannot start are answered to the reader with
// the reason (CARD_REJECTED).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshPhone } from './fixtures/api-stack.js';
import { SIMULATED } from './fixtures/e2e-session.js';
import { waitUntil } from './fixtures/e2e-stack.js';
import { createChargingSite, startTenantsE2e, type TenantsE2e } from './fixtures/e2e-tenants.js';

const HOUR = 3_600_000;
const PASSWORD = 'Staff!Pass1';
let e2e: TenantsE2e;

beforeAll(async () => {
  e2e = await startTenantsE2e(Date.now() - 25 * HOUR);
});
afterAll(async () => {
  await e2e?.stop();
});

describe('card swipes on the real pipeline (ORD-1, ORD-6, CARD-3)', () => {
  it('CARD-3, ORD-1, ORD-6: a swipe starts a session that stops when the fee reaches the balance; the card is debited once; refused swipes hear why', async () => {
    const { api, worker } = e2e;
    const tenant = await api.createTenant('ek');
    const admin = tenant.admin;
    const serial = `E2E-CARD-${worker.run}`;
    // FLAT 1.00 CNY/kWh energy, 0 service.
    const site = await createChargingSite(api, tenant, serial, {
      energyPrice: '1.00000',
      servicePrice: '0.00000',
    });
    const station = await call(api.app, 'GET', `/stations/${site.stationId}`, undefined, admin);
    const propertyId = String(station.body.propertyId);
    const properties = await call(api.app, 'GET', '/properties', undefined, admin);
    const providerId = String(
      (properties.body.items as Array<{ id: string; providerId: string }>).find((p) => p.id === propertyId)
        ?.providerId,
    );
    const place = { level: 'PROPERTY', providerId, propertyId };
    const role = await call(
      api.app,
      'POST',
      '/roles',
      { name: 'Desk', owner: place, permissions: ['card:issue', 'card:list', 'card:toggle'] },
      admin,
    );
    const phone = freshPhone();
    await call(
      api.app,
      'POST',
      '/users',
      { phone, name: 'Desk', password: PASSWORD, place, roleIds: [role.body.id] },
      admin,
    );
    const desk = await api.signInStaff(tenant.tenantId, phone, PASSWORD);
    const product = async (name: string, carStationIds: string[]) =>
      (
        await call(
          api.app,
          'POST',
          '/card-products',
          {
            propertyId,
            name,
            kind: 'CAR',
            issueType: 'DIRECT',
            price: '0',
            faceValue: '5.00',
            carStationIds,
          },
          admin,
        )
      ).body.id as string;
    const bound = await product('Here', [site.stationId]);
    const elsewhere = await product('Elsewhere', []);
    const issue = async (productId: string, no: string, validity = ['2026-01-01', '2030-01-01']) => {
      const res = await call(
        api.app,
        'POST',
        '/cards',
        {
          productId,
          holderPhone: '13800138000',
          holderName: 'Zhao',
          printedNo: `P-${no}-${worker.run}`,
          chipNo: `IC-${no}-${worker.run}`,
          validFrom: `${validity[0]}T00:00:00Z`,
          validTo: `${validity[1]}T00:00:00Z`,
        },
        desk,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { id: String(res.body.card.id), printedNo: String(res.body.card.printedNo) };
    };
    const good = await issue(bound, 'GOOD');
    const disabled = await issue(bound, 'OFF');
    await call(api.app, 'POST', `/cards/${disabled.id}/status`, { action: 'DISABLE' }, desk);
    const expired = await issue(bound, 'OLD', ['2020-01-01', '2021-01-01']);
    const unbound = await issue(elsewhere, 'AWAY');
    api.clock.now = Date.now();

    const simulator = await worker.startSimulator(serial, {
      ...SIMULATED,
      batteryWh: 80_000,
      initialSoc: 10,
    });
    const reasons = () => simulator.rejections(serial).map((r) => `${r.cardNo} ${r.reason}`);

    // Refused: unknown, disabled, expired, not bound to this station; each answered with its reason.
    for (const cardNo of [`NOPE-${worker.run}`, disabled.printedNo, expired.printedNo, unbound.printedNo]) {
      simulator.swipe(serial, cardNo);
    }
    await waitUntil(
      () => reasons().length >= 4,
      () => `rejections so far: ${reasons().join('; ')}`,
    );
    expect(reasons().sort()).toEqual(
      [
        `NOPE-${worker.run} CARD_NOT_FOUND`,
        `${disabled.printedNo} CARD_DISABLED`,
        `${expired.printedNo} CARD_EXPIRED`,
        `${unbound.printedNo} CARD_STATION_NOT_BOUND`,
      ].sort(),
    );

    // The good card: a CARD session capped at its 5.00 CNY balance.
    simulator.swipe(serial, good.printedNo);
    let orderNo = '';
    await waitUntil(
      () => worker.events.some((e) => e.type === 'START_ACCEPTED' && e.serialNo === serial),
      () => 'the card swipe started nothing',
    );
    for (let i = 0; i < 600; i += 1) {
      api.clock.now = Date.now(); // the worker stamped the order with its own clock: list up to now
      const orders = await call(api.app, 'GET', '/orders?limit=10', undefined, admin);
      const order = (orders.body.items as Array<Record<string, unknown>>).find(
        (o) => o['startWay'] === 'CARD',
      );
      if (order !== undefined && order['settledAt'] !== null) {
        orderNo = String(order['orderNo']);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(orderNo).not.toBe('');
    const detail = await call(api.app, 'GET', `/orders/${orderNo}`, undefined, admin);
    expect(detail.body).toMatchObject({
      status: 'COMPLETED',
      startWay: 'CARD',
      funding: { kind: 'CARD', cardId: good.id, cardBalance: { cny: '5.00' } },
      cardNo: good.printedNo,
      // The balance stop: the fee reached the 5.00 balance (core names it PREPAY_EXHAUSTED for any funding cap).
      endReason: 'PREPAY_EXHAUSTED',
      fee: { cny: '5.00', fen: 500 },
    });
    // 5.00 CNY at 1.00 CNY/kWh: at least 5,000 Wh went in before the stop.
    expect(Number(detail.body.energyWh)).toBeGreaterThanOrEqual(5_000);

    // Debited once: ISSUE +5.00, CONSUME −5.00 naming the order; balance 0.00 = Σ ledger.
    let ledger: Array<{
      kind: string;
      amount: { fen: number };
      balanceAfter: { fen: number };
      orderNo: string | null;
    }> = [];
    for (let i = 0; i < 200; i += 1) {
      ledger = (await call(api.app, 'GET', `/cards/${good.id}/ledger`, undefined, desk)).body.items;
      if (ledger.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ledger.map((l) => [l.kind, l.amount.fen, l.balanceAfter.fen, l.orderNo])).toEqual([
      ['ISSUE', 500, 500, null],
      ['CONSUME', -500, 0, orderNo],
    ]);
    expect((await call(api.app, 'GET', `/cards/${good.id}`, undefined, desk)).body.balance.fen).toBe(0);

    // The empty card cannot start again: the reader hears ORDER_START_NO_BALANCE.
    simulator.swipe(serial, good.printedNo);
    await waitUntil(
      () => reasons().includes(`${good.printedNo} ORDER_START_NO_BALANCE`),
      () => `rejections: ${reasons().join('; ')}`,
    );
  });
});
