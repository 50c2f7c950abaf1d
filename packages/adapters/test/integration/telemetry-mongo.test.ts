// Telemetry on the real MongoDB-protocol server at MONGODB_URL (FerretDB 1.24 locally): every run
// uses its own throw-away database and drops it afterwards.
import { randomBytes } from 'node:crypto';
import type { DeviceEvent } from '@chargeflow/core';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { TELEMETRY_COLLECTIONS } from '../../src/telemetry/documents.js';
import { MongoTelemetryStore } from '../../src/telemetry/mongo-telemetry-store.js';

const ORDER = 'CH20260310120000000001';
const sample = (i: number, orderNo = ORDER): DeviceEvent => ({
  type: 'METER_SAMPLE',
  eventId: `ev-${orderNo}-${i}`,
  serialNo: 'SN-0001',
  occurredAt: new Date(Date.parse('2026-03-10T04:00:00Z') + i * 30_000).toISOString(),
  connectorNo: 1,
  orderNo,
  meterWh: 100_000 + i * 250,
  powerW: 30_000,
  soc: 40 + i,
});

describe('telemetry: MongoTelemetryStore on MONGODB_URL', () => {
  let client: MongoClient;
  let db: Db;
  let store: MongoTelemetryStore;

  beforeAll(async () => {
    client = new MongoClient(serviceEndpoints().MONGODB_URL, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    db = client.db(`cf_tel_${Date.now()}_${randomBytes(3).toString('hex')}`);
    store = new MongoTelemetryStore(db, () => new Date('2026-03-10T05:00:00Z'));
    await store.ensureIndexes();
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('VEH-2: ensureIndexes creates serialNo+occurredAt and orderNo+occurredAt, and is idempotent', async () => {
    await store.ensureIndexes();
    const names = (await db.collection(TELEMETRY_COLLECTIONS.METER_SAMPLE).indexes()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['serial_occurred', 'order_occurred']));
  });

  it('VEH-2, ORD-7: a replayed batch (and a duplicate inside a batch) stores each sample once', async () => {
    const batch = [sample(0), sample(1), sample(2), sample(1)];
    expect(await store.writeSamples(batch)).toEqual({ inserted: 3, duplicates: 1, skipped: 0 });
    const replay = [sample(2), sample(3), sample(0), { ...sample(4), type: 'HEARTBEAT' } as DeviceEvent];
    expect(await store.writeSamples(replay)).toEqual({ inserted: 1, duplicates: 2, skipped: 1 });
    expect(await db.collection(TELEMETRY_COLLECTIONS.METER_SAMPLE).countDocuments({ orderNo: ORDER })).toBe(
      4,
    );
  });

  it('VEH-2: samplesForOrder returns the order’s samples in device time order, values intact', async () => {
    await store.writeSamples([sample(0, 'CH-OTHER'), sample(9)]);
    const samples = await store.samplesForOrder(ORDER);
    expect(samples.map((s) => s.meterWh)).toEqual([100_000, 100_250, 100_500, 100_750, 102_250]);
    expect(samples[0]).toEqual({
      eventId: `ev-${ORDER}-0`,
      serialNo: 'SN-0001',
      connectorNo: 1,
      orderNo: ORDER,
      occurredAt: '2026-03-10T04:00:00.000Z',
      meterWh: 100_000,
      powerW: 30_000,
      soc: 40,
    });
  });

  it('VEH-2, ASSET-8: alarms, vehicle telemetry and connectivity land in their own collections', async () => {
    const at = '2026-03-10T12:00:00+08:00';
    const result = await store.writeSamples([
      {
        type: 'ALARM',
        eventId: 'a1',
        serialNo: 'SN-0001',
        occurredAt: at,
        code: 'OVERHEAT',
        severity: 'WARNING',
        message: 'hot',
      },
      { type: 'OFFLINE', eventId: 'o1', serialNo: 'SN-0001', occurredAt: at },
      {
        type: 'VEHICLE_TELEMETRY',
        eventId: 'v1',
        serialNo: 'TBOX-1',
        occurredAt: at,
        frameNo: 'LFV123',
        state: 'PARKED',
        batteryPercent: 80,
        odometerM: 12_345,
      },
    ]);
    expect(result).toEqual({ inserted: 3, duplicates: 0, skipped: 0 });
    expect(await db.collection(TELEMETRY_COLLECTIONS.ALARM).countDocuments()).toBe(1);
    expect(await db.collection(TELEMETRY_COLLECTIONS.OFFLINE).countDocuments()).toBe(1);
    expect(
      await db.collection(TELEMETRY_COLLECTIONS.VEHICLE_TELEMETRY).countDocuments({ frameNo: 'LFV123' }),
    ).toBe(1);
  });
});
