// Assets, tariff versions and charging orders on the real MariaDB and on embedded SQLite: every run
// gets its own throw-away database (dropped afterwards).
import { fen, isDomainError, type Bill, type Settlement } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { AssetRepository } from '../../src/persistence/repositories/asset-repository.js';
import { ChargingOrderRepository } from '../../src/persistence/repositories/charging-order-repository.js';
import type { NewChargingOrder } from '../../src/persistence/repositories/order-records.js';
import { TariffRepository } from '../../src/persistence/repositories/tariff-repository.js';
import { newOrder } from './fixtures/new-order.js';
import { openThrowawayDatabase, type ThrowawayDatabase } from '../../src/persistence/test-database.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-03-10T04:00:00Z');
const TARIFF = {
  kind: 'CAR',
  id: 'T-FLAT',
  version: 1,
  savedAt: '2026-03-01T10:00:00+08:00',
  pricing: { mode: 'FLAT', energyPrice: '0.85230', servicePrice: '0.40000' },
  prepayOptions: ['30', '50'],
};
const BILL: Bill = {
  tariff: { tariffId: 'T-FLAT', version: 1 },
  lines: [
    {
      kind: 'ENERGY',
      label: 'FLAT 00:00–24:00',
      band: 'FLAT',
      quantity: { value: '12.345', unit: 'kWh' },
      unitPrice: '0.85230',
      preciseAmount: '10.52164350',
      amount: fen(1052),
    },
    {
      kind: 'SERVICE',
      label: 'FLAT 00:00–24:00',
      quantity: { value: '12.345', unit: 'kWh' },
      unitPrice: '0.40000',
      preciseAmount: '4.93800000',
      amount: fen(494),
    },
  ],
  uncappedTotal: fen(1546),
  total: fen(1546),
  cap: fen(5000),
  notes: ['capped at the prepay of 50.00'],
};
const SETTLEMENT: Settlement = {
  fee: fen(1546),
  uncappedFee: fen(1546),
  prepayReturned: fen(3454),
  cardDebited: fen(0),
  endReason: 'USER',
  endedAt: NOW - 60_000,
  tariff: BILL.tariff,
  finalMeter: { at: NOW - 60_000, energyWh: 112_345 },
};

describe.each([
  ['MariaDB', () => serviceEndpoints().DATABASE_URL],
  ['SQLite (libsql)', () => 'sqlite' as const],
])('persistence: assets, tariffs and charging orders on %s', (_name, server) => {
  let db: ThrowawayDatabase;
  let assets: AssetRepository;
  let orders: ChargingOrderRepository;
  let tariffs: TariffRepository;
  let order: (orderNo: string, patch?: Partial<NewChargingOrder>) => NewChargingOrder;

  beforeAll(async () => {
    db = await openThrowawayDatabase(server(), 'cf_orders');
    const clock = () => NOW;
    assets = new AssetRepository(db.orm.em, clock);
    orders = new ChargingOrderRepository(db.orm.em, clock);
    tariffs = new TariffRepository(db.orm.em, clock);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('ASSET-1, ASSET-5: station (with its default area) → area → charger → connector → tariff version', async () => {
    const owner = await assets.createOwner({ providerName: 'Provider A', propertyName: 'Property A' });
    const { station, defaultArea } = await assets.createStation({
      propertyId: owner.propertyId,
      kind: 'CAR',
      name: 'West Lake P1',
    });
    expect(station).toMatchObject({ timezone: 'Asia/Shanghai', enabled: true, kind: 'CAR' });
    expect(defaultArea).toMatchObject({ stationId: station.id, isDefault: true });
    const area = await assets.createArea({ stationId: station.id, name: 'B1' });
    const charger = await assets.createCharger({ areaId: area.id, serialNo: 'SN-0001', name: 'Pile 1' });
    const gun = await assets.createConnector({ chargerId: charger.id, connectorNo: '1' });
    expect(gun).toMatchObject({ chargerId: charger.id, kind: 'GUN', connectorNo: '1' });
    expect(await assets.listAreas(station.id)).toHaveLength(2);
    expect(await assets.getChargerBySerial('SN-0001')).toMatchObject({ id: charger.id, areaId: area.id });
    await expect(
      assets.createCharger({ areaId: area.id, serialNo: 'SN-0001', name: 'dup' }),
    ).rejects.toMatchObject({
      code: 'CHARGER_SERIAL_TAKEN',
    });

    const version = await tariffs.saveVersion({ areaId: area.id, definition: TARIFF });
    // TAR-3: saved 2026-03-01 10:00 Shanghai → effective 2026-03-02 00:00 Shanghai.
    expect(version).toMatchObject({
      tariffId: 'T-FLAT',
      version: 1,
      effectiveFrom: Date.parse('2026-03-01T16:00:00Z'),
    });
    expect((await tariffs.getVersion('T-FLAT', 1))?.definition).toEqual(TARIFF);
    await expect(tariffs.saveVersion({ areaId: area.id, definition: TARIFF })).rejects.toMatchObject({
      code: 'TARIFF_VERSION_EXISTS',
    });
    await expect(
      tariffs.saveVersion({
        areaId: area.id,
        definition: { ...TARIFF, version: 2, pricing: { mode: 'FLAT' } },
      }),
    ).rejects.toMatchObject({ code: 'TARIFF_DEFINITION_INVALID' });

    await assets.setStationEnabled(station.id, false);
    await expect(assets.createArea({ stationId: station.id, name: 'B2' })).rejects.toMatchObject({
      code: 'STATION_DISABLED',
    });
    await assets.setStationEnabled(station.id, true);

    order = (orderNo, patch = {}) => newOrder(orderNo, { station, charger, gun }, NOW - DAY, patch);
  });

  it('ORD-6, ORD-7: settles exactly once; the same settlement again is a no-op, a different one ORDER_ALREADY_SETTLED', async () => {
    const orderNo = 'CH20260309120000000001';
    await orders.create(order(orderNo));
    await expect(orders.create(order(orderNo))).rejects.toMatchObject({ code: 'ORDER_ALREADY_EXISTS' });
    expect(
      await orders.recordProgress(orderNo, {
        status: 'CHARGING',
        at: NOW - DAY + 5_000,
        startedAt: NOW - DAY + 5_000,
        startMeterWh: 100_000,
      }),
    ).toBe(true);
    expect(await orders.recordProgress(orderNo, { status: 'STARTING', at: NOW - DAY + 1_000 })).toBe(false);

    const first = await orders.recordSettlement(orderNo, SETTLEMENT, BILL);
    expect(first.applied).toBe(true);
    expect(first.order).toMatchObject({
      status: 'COMPLETED',
      fee: 1546n,
      uncappedFee: 1546n,
      prepayReturned: 3454n,
      startMeterWh: 100_000,
      endMeterWh: 112_345,
      energyWh: 12_345,
      endReason: 'USER',
      settledAt: NOW,
      settlementCount: 1,
    });
    const again = await orders.recordSettlement(orderNo, { ...SETTLEMENT }, { ...BILL });
    expect(again.applied).toBe(false);
    const conflict = await orders
      .recordSettlement(orderNo, { ...SETTLEMENT, fee: fen(1500) }, BILL)
      .catch((e: unknown) => e);
    expect(isDomainError(conflict, 'ORDER_ALREADY_SETTLED')).toBe(true);
    expect((await orders.get(orderNo)).settlementCount).toBe(1);
    expect(await orders.recordProgress(orderNo, { status: 'CHARGING', at: NOW })).toBe(false);

    // Concurrent replays of the same settlement: exactly one applies.
    const other = 'CH20260309120000000002';
    await orders.create(order(other));
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => orders.recordSettlement(other, SETTLEMENT, BILL)),
    );
    expect(outcomes.filter((o) => o.applied)).toHaveLength(1);
    expect(await orders.getBill(other)).toEqual(BILL);
  });

  it('TAR-13: bill lines round-trip exactly (bigint fen, exact decimal strings, band, notes, cap)', async () => {
    const bill = await orders.getBill('CH20260309120000000001');
    expect(bill).toEqual(BILL);
    expect(typeof bill?.lines[0]?.amount).toBe('bigint');
    expect(bill?.lines[0]?.preciseAmount).toBe('10.52164350');
    expect(bill?.lines[1]).not.toHaveProperty('band');
  });

  it('ORD-9: filters by station, order no., serial, connector, state, start way, phone; default window is the last 7 days', async () => {
    await orders.create(order('CH20260301120000000003', { createdAt: NOW - 8 * DAY, status: 'ABNORMAL' }));
    await orders.create(
      order('CH20260309130000000004', {
        startWay: 'CARD',
        phone: '13900000000',
        createdAt: NOW - 2 * DAY,
        funding: { kind: 'CARD', cardId: 'card-1', balance: fen(9900) },
        cardNo: 'C-0001',
      }),
    );
    const nos = (page: { items: readonly { orderNo: string }[] }) => page.items.map((o) => o.orderNo);

    const recent = await orders.list({ now: NOW });
    expect(nos(recent)).toEqual([
      'CH20260309120000000002',
      'CH20260309120000000001',
      'CH20260309130000000004',
    ]);
    expect(recent.total).toBe(3);
    expect(nos(recent)).not.toContain('CH20260301120000000003');
    expect(recent.window).toEqual({ from: NOW - 7 * DAY, to: NOW });
    expect((await orders.list({ now: NOW, createdFrom: NOW - 30 * DAY })).total).toBe(4);

    expect(nos(await orders.list({ now: NOW, orderNo: 'CH20260309120000000001' }))).toEqual([
      'CH20260309120000000001',
    ]);
    expect((await orders.list({ now: NOW, chargerSerial: 'SN-0001', connectorNo: '1' })).total).toBe(3);
    expect((await orders.list({ now: NOW, chargerSerial: 'SN-9999' })).total).toBe(0);
    expect(nos(await orders.list({ now: NOW, status: 'STARTING' }))).toEqual(['CH20260309130000000004']);
    expect((await orders.list({ now: NOW, status: ['COMPLETED'] })).total).toBe(2);
    expect(nos(await orders.list({ now: NOW, startWay: 'CARD', cardNo: 'C-0001' }))).toEqual([
      'CH20260309130000000004',
    ]);
    expect((await orders.list({ now: NOW, phone: '13800000000' })).total).toBe(2);
    const station = (await orders.get('CH20260309120000000001')).stationId;
    expect((await orders.list({ now: NOW, stationId: station })).total).toBe(3);

    // Stable paging: newest first, ties on createdAt broken by order no. (descending).
    const pages = [
      await orders.list({ now: NOW, limit: 2 }),
      await orders.list({ now: NOW, limit: 2, offset: 2 }),
    ];
    expect(pages.flatMap(nos)).toEqual([
      'CH20260309120000000002',
      'CH20260309120000000001',
      'CH20260309130000000004',
    ]);
  });

  it('ORD-1: at most one active order per connector, enforced by the database (concurrent creates: one wins, CONNECTOR_BUSY for the rest)', async () => {
    // CH…0004 (STARTING) holds the gun since the ORD-9 test: end it first.
    await orders.recordProgress('CH20260309130000000004', { status: 'ABNORMAL', at: NOW });
    const nos = Array.from({ length: 10 }, (_, i) => `CH2026030914000000001${i}`);
    const outcomes = await Promise.allSettled(nos.map((no) => orders.create(order(no, { createdAt: NOW }))));
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(refused.map((o) => (o.reason as { code?: string }).code)).toEqual(Array(9).fill('CONNECTOR_BUSY'));
    // A SUSPENDED order still holds the connector; a COMPLETED one frees it.
    const winner = (won[0] as PromiseFulfilledResult<{ orderNo: string }>).value.orderNo;
    await orders.recordProgress(winner, { status: 'SUSPENDED', at: NOW + 1 });
    await expect(orders.create(order('CH20260309150000000001', { createdAt: NOW }))).rejects.toMatchObject({
      code: 'CONNECTOR_BUSY',
    });
    await orders.recordSettlement(winner, { ...SETTLEMENT, endedAt: NOW + 2 }, BILL);
    await expect(orders.create(order('CH20260309150000000001', { createdAt: NOW }))).resolves.toMatchObject({
      status: 'STARTING',
    });
  });

  it('"Money is exact": a money column refuses an amount beyond 10^15 fen and a negative one (CHECK / trigger)', async () => {
    const connection = db.orm.em.getConnection();
    const insert = (no: string, amount: string) =>
      connection.execute(
        `insert into payment (payment_no, order_no, channel, amount_fen, status, created_at, updated_at) values ('${no}', 'CH1', 'sandbox', ${amount}, 'NONE', 1, 1)`,
      );
    await expect(insert('PY-MAX', '1000000000000000')).resolves.toBeDefined();
    await expect(insert('PY-BIG', '1000000000000001')).rejects.toThrow(/payment_money_range/);
    await expect(insert('PY-1E25', '10000000000000000000000000')).rejects.toThrow(
      /payment_money_range|out of range/i,
    );
    await expect(insert('PY-NEG', '-1')).rejects.toThrow(/payment_money_range/);
    await expect(
      connection.execute(
        `update charging_order set fee_fen = 1000000000000001 where order_no = 'CH20260309120000000001'`,
      ),
    ).rejects.toThrow(/charging_order_money_range/);
  });
});
