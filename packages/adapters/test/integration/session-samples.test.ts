// Decision 0019 on the real MariaDB and on embedded SQLite: the ingestion's RepositorySampleRecorder
// records car sessions' meter samples in `session_sample` (insert-ignore on order no. + event id) and
// reads each order's watch from its row; the session workflow pages the recorded samples back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { AssetRepository } from '../../src/persistence/repositories/asset-repository.js';
import { ChargingOrderRepository } from '../../src/persistence/repositories/charging-order-repository.js';
import type { NewChargingOrder } from '../../src/persistence/repositories/order-records.js';
import { newOrder } from './fixtures/new-order.js';
import { openThrowawayDatabase, type ThrowawayDatabase } from '../../src/persistence/test-database.js';
import { RepositorySampleRecorder, type MeterSampleEvent } from '../../src/temporal/sample-recorder.js';

const NOW = Date.parse('2026-03-10T04:00:00Z');
const TENANT = 't-samples';

/** A METER_SAMPLE of `orderNo`: minute `minute` of the session, the meter at `meterWh`. */
const sample = (orderNo: string, minute: number, meterWh: number): MeterSampleEvent => ({
  type: 'METER_SAMPLE',
  eventId: `${orderNo}-S${minute}`,
  serialNo: 'SN-S1',
  orderNo,
  connectorNo: 1,
  occurredAt: new Date(NOW + minute * 60_000).toISOString(),
  meterWh,
  powerW: 7_000,
  soc: Math.min(100, 20 + minute),
});

describe.each([
  ['MariaDB', () => serviceEndpoints().DATABASE_URL],
  ['SQLite (libsql)', () => 'sqlite' as const],
])('decision 0019: recorded meter samples on %s', (_name, server) => {
  let db: ThrowawayDatabase;
  let orders: ChargingOrderRepository;
  let recorder: RepositorySampleRecorder;
  let order: (orderNo: string, gunIndex: number) => NewChargingOrder;

  beforeAll(async () => {
    db = await openThrowawayDatabase(server(), 'cf_samples');
    const clock = () => NOW;
    const assets = new AssetRepository(db.orm.em, clock);
    orders = new ChargingOrderRepository(db.orm.em, clock);
    recorder = new RepositorySampleRecorder({
      get: async () => ({ tenantId: TENANT, orm: db.orm, em: db.orm.em }),
    });
    const owner = await assets.createOwner({ providerName: 'Provider S', propertyName: 'Property S' });
    const { station, defaultArea } = await assets.createStation({
      propertyId: owner.propertyId,
      kind: 'CAR',
      name: 'Samples P1',
    });
    const charger = await assets.createCharger({ areaId: defaultArea.id, serialNo: 'SN-S1', name: 'Pile 1' });
    // One connector per order: one active order per connector is a database invariant (ORD-1).
    const guns = [
      await assets.createConnector({ chargerId: charger.id, connectorNo: '1' }),
      await assets.createConnector({ chargerId: charger.id, connectorNo: '2' }),
      await assets.createConnector({ chargerId: charger.id, connectorNo: '3' }),
    ];
    order = (orderNo, gunIndex) => newOrder(orderNo, { station, charger, gun: guns[gunIndex]! }, NOW);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('ORD-4, ORD-3: the ingestion reads a car order’s status and published watch; an unknown order is absent, a cleared watch is null', async () => {
    await orders.create(order('CH20260310120000000001', 0));
    await orders.recordProgress('CH20260310120000000001', {
      status: 'CHARGING',
      at: NOW + 1,
      watchWh: 120_000,
    });
    await orders.create(order('CH20260310120000000002', 1));
    await orders.recordProgress('CH20260310120000000002', { status: 'CHARGING', at: NOW + 1, watchWh: null });

    const watches = await recorder.watches(TENANT, [
      'CH20260310120000000001',
      'CH20260310120000000002',
      'CH20260310129999999999',
    ]);
    expect([...watches.entries()].sort()).toEqual([
      ['CH20260310120000000001', { status: 'CHARGING', watchWh: 120_000 }],
      ['CH20260310120000000002', { status: 'CHARGING', watchWh: null }],
    ]);
    expect((await recorder.watches(TENANT, [])).size).toBe(0);
  });

  it('ORD-7: a repeated sample (same order, same event id) is recorded once, also when two deliveries race; the session pages its samples in recorded order', async () => {
    const orderNo = 'CH20260310120000000003';
    await orders.create(order(orderNo, 2));
    // Minutes 1–5 (meter 100,000 → 100,400 Wh), then minutes 3–7 again with 6 and 7 new (a redelivery).
    const first = [1, 2, 3, 4, 5].map((m) => sample(orderNo, m, 100_000 + (m - 1) * 100));
    const again = [3, 4, 5, 6, 7].map((m) => sample(orderNo, m, 100_000 + (m - 1) * 100));
    await recorder.record(TENANT, first, NOW + 10_000);
    await Promise.all([
      recorder.record(TENANT, again, NOW + 20_000),
      recorder.record(TENANT, again, NOW + 20_001),
    ]);
    // Another order's samples with the same event ids are its own rows (the key is order + event id).
    const otherNo = 'CH20260310120000000004';
    await recorder.record(
      TENANT,
      [sample(otherNo, 1, 5_000)].map((e) => ({ ...e, eventId: `${orderNo}-S1` })),
      NOW,
    );

    const all = await recorder.recordedSamples({ tenantId: TENANT, orderNo, afterSeq: 0, limit: 100 });
    expect(all.map((row) => row.eventId)).toEqual([1, 2, 3, 4, 5, 6, 7].map((m) => `${orderNo}-S${m}`));
    expect(all.map((row) => row.meterWh)).toEqual([
      100_000, 100_100, 100_200, 100_300, 100_400, 100_500, 100_600,
    ]);
    expect(all[0]).toMatchObject({
      occurredAt: NOW + 60_000,
      powerW: 7_000,
      soc: 21,
      recordedAt: NOW + 10_000,
    });
    // The first recording of a repeated sample is kept (minute 3 was recorded at +10 s, not +20 s).
    expect(all[2]!.recordedAt).toBe(NOW + 10_000);
    expect(all.map((row) => row.seq)).toEqual([...all.map((row) => row.seq)].sort((a, b) => a - b));

    // Paging: after the fourth row, at most two.
    const page = await recorder.recordedSamples({
      tenantId: TENANT,
      orderNo,
      afterSeq: all[3]!.seq,
      limit: 2,
    });
    expect(page.map((row) => row.eventId)).toEqual([`${orderNo}-S5`, `${orderNo}-S6`]);
    const other = await recorder.recordedSamples({
      tenantId: TENANT,
      orderNo: otherNo,
      afterSeq: 0,
      limit: 100,
    });
    expect(other.map((row) => row.meterWh)).toEqual([5_000]);
  });

  it('§14: a batch larger than one insert statement (1,200 samples, 500 rows per statement) is recorded whole', async () => {
    const orderNo = 'CH20260310120000000005';
    const batch = Array.from({ length: 1_200 }, (_, i) => sample(orderNo, i + 1, 200_000 + i * 10));
    await recorder.record(TENANT, batch, NOW);
    const rows = await recorder.recordedSamples({ tenantId: TENANT, orderNo, afterSeq: 0, limit: 2_000 });
    expect(rows).toHaveLength(1_200);
    expect(rows[1_199]).toMatchObject({ eventId: `${orderNo}-S1200`, meterWh: 211_990 });
  });
});
