// TAR-12 without a reservation, on MariaDB: a camera sees a plate enter and leave a space on a charger
// with the occupancy-fee flag while no reservation is active → one occupancy record, priced by the
// station's occupancy rule after the grace period, settled once; duplicates and reordered events give
// the same record and fee; whitelisted plates pay nothing (RES-4); listed over HTTP (GET /occupancy-records).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraEventRouter } from '../../src/reservations/camera-event-router.js';
import { ChargingOrderEntity } from '../../src/persistence/entities/charging-order.js';
import { OrderFeeEntity } from '../../src/persistence/entities/order-fees.js';
import { OccupancyTracker } from '../../src/reservations/occupancy-tracker.js';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

const SAVED = Date.parse('2026-03-10T23:55:00+08:00');
const OPENS = Date.parse('2026-03-11T00:05:00+08:00');
const MIN = 60_000;
const tag = () => randomBytes(4).toString('hex').toUpperCase();

describe('occupancy records without a reservation (TAR-12, RES-4)', () => {
  let stack: HttpStack;
  let app: HttpStack['app'];
  let stationId: string;
  let areaId: string;
  let router: CameraEventRouter;
  let seq = 0;

  /** A space on a new charger (with or without the TAR-12 flag) and a camera watching it. */
  const bay = async (chargesOccupancy: boolean) => {
    const charger = await call(app, 'POST', `/stations/${stationId}/chargers`, {
      serialNo: `SN-OC-${tag()}`,
      name: 'Pile',
    });
    await call(app, 'POST', `/chargers/${charger.body.id}/parking-flags`, {
      reservable: false,
      chargesOccupancy,
    });
    const name = `O-${tag()}`;
    const space = await call(app, 'POST', '/parking-spaces', { areaId, name, chargerId: charger.body.id });
    expect(space.status).toBe(201);
    const serialNo = `CAM-OC-${tag()}`;
    const camera = await call(app, 'POST', '/cameras', {
      areaId,
      serialNo,
      ip: '10.3.0.1',
      name: 'Cam',
      leftSpaceId: space.body.id,
    });
    expect(camera.status).toBe(201);
    const sight = (
      plate: string,
      direction: 'ENTER' | 'LEAVE',
      minute: number,
      eventId = `ev-${(seq += 1)}`,
    ) =>
      router.handle(
        {
          eventId,
          serialNo,
          occurredAt: new Date(OPENS + minute * MIN).toISOString(),
          type: 'PLATE_RECOGNISED',
          spaceNo: name,
          plate,
          plateColour: plate.length === 8 ? 'GREEN' : 'BLUE',
          direction,
        },
        stack.tenantId,
      );
    const records = async () =>
      (await call(app, 'GET', `/occupancy-records?spaceId=${space.body.id}`)).body.items as Array<
        Record<string, unknown>
      >;
    return {
      spaceId: String(space.body.id),
      chargerId: String(charger.body.id),
      serialNo: charger.body.serialNo as string,
      sight,
      records,
    };
  };

  /** A car order that charged on `chargerId` from minute `from` to minute `to` (device time), as the charging workflow leaves it. */
  let orders = 0;
  const chargedOrder = async (bayOf: { chargerId: string; serialNo: string }, from: number, to: number) => {
    orders += 1;
    const orderNo = `CHOC${tag()}${orders}`;
    const station = await call(app, 'GET', `/stations/${stationId}`);
    await stack.orders.create({
      orderNo,
      providerId: String(station.body.providerId),
      propertyId: String(station.body.propertyId),
      stationId,
      chargerId: bayOf.chargerId,
      chargerSerial: bayOf.serialNo,
      connectorId: `cn-${orderNo}`,
      connectorNo: '1',
      startWay: 'PLATFORM',
      funding: { kind: 'PLATFORM' },
      tariff: { tariffId: 'T-OC', version: 1 },
      createdAt: OPENS + from * MIN,
    });
    const db = await stack.api.services.tenants.get(stack.tenantId);
    await db.em
      .fork()
      .nativeUpdate(
        ChargingOrderEntity,
        { orderNo },
        { status: 'COMPLETED', startedAt: OPENS + from * MIN, endedAt: OPENS + to * MIN },
      );
    return orderNo;
  };

  beforeAll(async () => {
    stack = await startHttpStack(SAVED);
    app = stack.app;
    const o = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
    const station = await call(app, 'POST', '/stations', { propertyId: o.propertyId, name: 'Open bays' });
    stationId = station.body.station.id;
    areaId = station.body.defaultArea.id;
    // TAR-12: 15 min grace, then 2.00 CNY per started 30 min; in force from 00:00.
    const tariff = await call(app, 'POST', `/stations/${stationId}/tariffs`, {
      kind: 'CAR',
      pricing: { mode: 'FLAT', energyPrice: '0.80', servicePrice: '0.40' },
      occupancy: { graceMinutes: 15, unitMinutes: 30, unitPrice: '2.00' },
    });
    expect(tariff.status).toBe(201);
    stack.clock.now = OPENS;
    router = new CameraEventRouter({
      tenants: stack.api.services.tenants,
      workflows: stack.client.workflow,
      occupancy: new OccupancyTracker(() => stack.clock.now),
    });
  });
  afterAll(async () => stack?.stop());

  it('TAR-12 enter → leave 70 min later: one record, 70 − 15 grace = 55 min → 2 × 2.00 = 4.00; repeats change nothing', async () => {
    const b = await bay(true);
    expect(await b.sight('浙AD11111', 'ENTER', 0, 'in-1')).toMatch(/^RECORDED /);
    expect(await b.sight('浙AD11111', 'ENTER', 0, 'in-1')).toBe('DUPLICATE');
    expect(await b.sight('浙AD11111', 'ENTER', 0, 'in-1-again')).toBe('DUPLICATE');
    expect(await b.sight('浙AD11111', 'LEAVE', 70, 'out-1')).toMatch(/^SETTLED /);
    expect(await b.sight('浙AD11111', 'LEAVE', 70, 'out-1')).toBe('DUPLICATE');
    expect(await b.sight('浙AD11111', 'LEAVE', 70, 'out-1-again')).toBe('DUPLICATE');
    const items = await b.records();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      plate: '浙AD11111',
      occupancyMinutes: 70,
      whitelisted: false,
      settled: true,
      occupancyFee: {
        kind: 'OCCUPANCY',
        quantity: { value: '2' },
        unitPrice: '2.00000',
        amount: { cny: '4.00', fen: 400 },
      },
    });
    expect(String((items[0]?.['occupancyFee'] as { label: string }).label)).toContain('15 min grace');
  });

  it('TAR-12 the leave arrives before the enter: the same stay, 100 − 15 = 85 min → 3 × 2.00 = 6.00', async () => {
    const b = await bay(true);
    expect(await b.sight('浙AD22222', 'LEAVE', 200)).toMatch(/^RECORDED /);
    expect((await b.records())[0]).toMatchObject({ settled: false, enteredAt: null, occupancyFee: null });
    expect(await b.sight('浙AD22222', 'ENTER', 100)).toMatch(/^SETTLED /);
    const items = await b.records();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      occupancyMinutes: 100,
      occupancyFee: { amount: { cny: '6.00', fen: 600 } },
    });
  });

  it('TAR-12 within the grace period (12 min): a 0.00 line; two stays of two plates are two records', async () => {
    const b = await bay(true);
    await b.sight('浙AD33333', 'ENTER', 0);
    await b.sight('浙AD44444', 'ENTER', 5);
    await b.sight('浙AD33333', 'LEAVE', 12);
    await b.sight('浙AD44444', 'LEAVE', 50);
    const byPlate = Object.fromEntries((await b.records()).map((r) => [r['plate'], r]));
    expect(byPlate['浙AD33333']).toMatchObject({
      occupancyMinutes: 12,
      occupancyFee: { amount: { fen: 0 } },
    });
    // 45 min − 15 = 30 min → 1 × 2.00.
    expect(byPlate['浙AD44444']).toMatchObject({
      occupancyMinutes: 45,
      occupancyFee: { amount: { fen: 200 } },
    });
  });

  it('RES-4 TAR-12 a whitelisted plate stays 120 min for free', async () => {
    const b = await bay(true);
    const entry = await call(app, 'POST', '/whitelist', { stationId, plate: '浙AD55555', remark: 'staff' });
    expect(entry.status).toBe(201);
    await b.sight('浙AD55555', 'ENTER', 0);
    await b.sight('浙AD55555', 'LEAVE', 120);
    expect((await b.records())[0]).toMatchObject({
      whitelisted: true,
      occupancyMinutes: 120,
      occupancyFee: { band: 'WHITELISTED', amount: { fen: 0 } },
    });
  });

  it('TAR-12 a charger without the occupancy-fee flag keeps no record', async () => {
    const b = await bay(false);
    expect(await b.sight('浙AD66666', 'ENTER', 0)).toBe('NO_OCCUPANCY_FEE');
    expect(await b.sight('浙AD66666', 'LEAVE', 90)).toBe('NO_OCCUPANCY_FEE');
    expect(await b.records()).toEqual([]);
  });

  it('RES-3 TAR-12 the stay charged 40 of its 100 min: 60 − 15 grace = 45 min → 2 × 2.00 = 4.00, put once on the order that charged as its own fee', async () => {
    const b = await bay(true);
    const other = await bay(true);
    const orderNo = await chargedOrder(b, 10, 50);
    // Neither counts: an order on another charger during the stay, an order on this charger after it.
    const elsewhere = await chargedOrder(other, 0, 100);
    const later = await chargedOrder(b, 200, 230);
    await b.sight('浙AD77777', 'ENTER', 0);
    await b.sight('浙AD77777', 'LEAVE', 100);
    await b.sight('浙AD77777', 'LEAVE', 100);
    const [record] = await b.records();
    expect(record).toMatchObject({
      plate: '浙AD77777',
      chargedMinutes: 40,
      occupancyMinutes: 60,
      occupancyFee: { quantity: { value: '2' }, amount: { cny: '4.00', fen: 400 } },
    });
    const order = await call(app, 'GET', `/orders/${orderNo}`);
    expect(order.status, JSON.stringify(order.body)).toBe(200);
    expect(order.body.fees).toHaveLength(1);
    expect(order.body.fees[0]).toMatchObject({
      kind: 'OCCUPANCY',
      source: { kind: 'OCCUPANCY_RECORD', ref: record?.['id'] },
      amount: { cny: '4.00', fen: 400 },
      status: 'UNPAID',
      line: { kind: 'OCCUPANCY', quantity: { value: '2' }, unitPrice: '2.00000', amount: { fen: 400 } },
    });
    expect(String(order.body.fees[0].line.label)).toContain('60 min idle');
    expect(order.body.feesDue).toEqual({ cny: '4.00', fen: 400 });
    for (const no of [elsewhere, later]) {
      const untouched = await call(app, 'GET', `/orders/${no}`);
      expect(untouched.body).toMatchObject({ fees: [], feesDue: { fen: 0 } });
    }
  });

  it('TAR-12 a stay during which nothing charged keeps its fee on the record only', async () => {
    const b = await bay(true);
    const before = await chargedOrder(b, 0, 20);
    await b.sight('浙AD88888', 'ENTER', 30);
    await b.sight('浙AD88888', 'LEAVE', 80);
    // 50 − 15 = 35 min → 2 × 2.00.
    expect((await b.records())[0]).toMatchObject({
      chargedMinutes: 0,
      occupancyMinutes: 50,
      occupancyFee: { amount: { fen: 400 } },
    });
    expect((await call(app, 'GET', `/orders/${before}`)).body.fees).toEqual([]);
  });

  it('TAR-12 the database refuses an order fee outside 0 … 10^15 fen and a second fee of one source', async () => {
    const b = await bay(true);
    const orderNo = await chargedOrder(b, 0, 10);
    const db = await stack.api.services.tenants.get(stack.tenantId);
    const row = (id: string, amountFen: bigint, sourceRef: string) => ({
      id,
      orderNo,
      providerId: 'p',
      propertyId: 'q',
      stationId,
      kind: 'OCCUPANCY' as const,
      sourceKind: 'OCCUPANCY_RECORD' as const,
      sourceRef,
      amountFen,
      line: { kind: 'OCCUPANCY' },
      status: 'UNPAID' as const,
      createdAt: OPENS,
    });
    const insert = async (value: ReturnType<typeof row>) => {
      const em = db.em.fork();
      em.create(OrderFeeEntity, value);
      await em.flush();
    };
    await expect(insert(row(`f-${tag()}`, -1n, `neg-${tag()}`))).rejects.toThrow();
    await expect(insert(row(`f-${tag()}`, 1_000_000_000_000_001n, `big-${tag()}`))).rejects.toThrow();
    const ref = `once-${tag()}`;
    await insert(row(`f-${tag()}`, 100n, ref));
    await expect(insert(row(`f-${tag()}`, 100n, ref))).rejects.toThrow();
  });

  it('ORG-1 GET /occupancy-records validates its query', async () => {
    expect((await call(app, 'GET', '/occupancy-records?limit=0')).status).toBe(400);
    expect((await call(app, 'GET', '/occupancy-records?bogus=1')).status).toBe(400);
  });
});
