// HTTP: e-bike orders (ORD-8) on a real MariaDB database and the shared Temporal dev server (real
// ebikeSessionWorkflow, in-memory device/money ports): starts by operator and by app prepay, socket
// states (ASSET-7), operator end with an entered duration refused or the last one used (ORD-5), the
// e-bike order list, and the tariff test for e-bike (TAR-11) and car (TAR-5) tariffs.
import { chargingWorkflowId, deviceEventsSignal } from '@chargeflow/workflows';
import type { DeviceEvent } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedEbikeBox } from '../../../workflows/test/support/ebike-box.js';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

const SAVED = Date.parse('2026-03-10T10:00:00+08:00');
const STARTS = Date.parse('2026-03-11T09:00:00+08:00');
const SERIAL = 'SN-EBOX-1';
const MINUTE = 60_000;
/** TAR-7: per started hour by max power: ≤ 200 W 0.20, ≤ 400 W 0.30; 10 free minutes; auto-stop 8 h. */
const POWER_TARIFF = {
  kind: 'EBIKE',
  freeMinutes: 10,
  autoStopMinutes: 480,
  pricing: {
    mode: 'POWER',
    unitMinutes: 60,
    bands: [
      { upToW: 200, unitPrice: '0.20' },
      { upToW: 400, unitPrice: '0.30' },
    ],
  },
};

describe('HTTP e-bike orders (ORD-5, ORD-8, ASSET-7, TAR-11)', () => {
  let stack: HttpStack;
  let stationId: string;
  let carStationId: string;
  let operatorOrder: string;
  let appOrder: string;

  const send = (orderNo: string, events: DeviceEvent[]) =>
    stack.client.workflow
      .getHandle(chargingWorkflowId(stack.tenantId, orderNo))
      .signal(deviceEventsSignal, events);
  const until = async (orderNo: string, done: (body: Record<string, unknown>) => boolean) => {
    for (let i = 0; i < 300; i += 1) {
      const res = await call(stack.app, 'GET', `/orders/${orderNo}`);
      if (done(res.body)) return res.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${orderNo} never matched`);
  };

  /** The worker's order store here is in-memory: write what the workflow settled into the tenant database. */
  const settle = async (orderNo: string) => {
    for (let i = 0; i < 300; i += 1) {
      const record = stack.ports.settlements.get(orderNo);
      if (record !== undefined) {
        await stack.orders.recordSettlement(orderNo, record.settlement, record.bill);
        return record;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${orderNo} never settled`);
  };

  beforeAll(async () => {
    stack = await startHttpStack(SAVED);
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Campus' });
    const station = await call(stack.app, 'POST', '/stations', { propertyId, name: 'Bikes', kind: 'EBIKE' });
    stationId = station.body.station.id;
    const car = await call(stack.app, 'POST', '/stations', { propertyId, name: 'Cars', kind: 'CAR' });
    carStationId = car.body.station.id;
    expect(
      (await call(stack.app, 'POST', `/stations/${stationId}/chargers`, { serialNo: SERIAL, name: 'Box' }))
        .status,
    ).toBe(201);
    for (const no of ['1', '2', '3'])
      expect(
        (await call(stack.app, 'POST', `/chargers/${SERIAL}/connectors`, { connectorNo: no })).status,
      ).toBe(201);
    expect((await call(stack.app, 'POST', `/stations/${stationId}/tariffs`, POWER_TARIFF)).status).toBe(201);
    stack.clock.now = STARTS;
  });
  afterAll(async () => stack?.stop());

  it('TAR-11 the tariff test answers by the band that applies and refuses a duration or power beyond the tariff', async () => {
    const test = (body: unknown) => call(stack.app, 'POST', `/stations/${stationId}/tariff-test`, body);
    // 150 min at 300 W → band 2, ⌈9,000 / 3,600⌉ = 3 × 0.30 = 0.90.
    const ok = await test({ durationS: 9000, maxPowerW: 300 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.bill.lines).toMatchObject([
      { kind: 'DURATION', band: 'POWER_2', quantity: { value: '3', unit: '1 h' }, amount: { fen: 90 } },
    ]);
    expect(ok.body.bill.total).toEqual({ cny: '0.90', fen: 90 });
    const long = await test({ durationS: 8 * 3600 + 1, maxPowerW: 100 });
    expect([long.status, long.body.error.code]).toEqual([422, 'EBIKE_QUOTE_DURATION_BEYOND_THRESHOLD']);
    const strong = await test({ durationS: 600, maxPowerW: 401 });
    expect([strong.status, strong.body.error.code]).toEqual([422, 'EBIKE_QUOTE_POWER_BEYOND_BANDS']);
    const negative = await test({ durationS: -1 });
    expect(negative.status).toBe(400);
  });

  it('TAR-5 the tariff test of a car draft: 1.234 kWh × (0.80 + 0.40) = 0.99 + 0.49 = 1.48', async () => {
    const res = await call(stack.app, 'POST', `/stations/${carStationId}/tariff-test`, {
      tariff: { kind: 'CAR', pricing: { mode: 'FLAT', energyPrice: '0.80', servicePrice: '0.40' } },
      energyWh: 1234,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.bill.lines.map((l: { amount: { fen: number } }) => l.amount.fen)).toEqual([99, 49]);
    expect(res.body.bill.total.fen).toBe(148);
    const wrongKind = await call(stack.app, 'POST', `/stations/${carStationId}/tariff-test`, {
      tariff: POWER_TARIFF,
      durationS: 60,
    });
    expect(wrongKind.body.error.code).toBe('TARIFF_KIND_MISMATCH');
  });

  it('ORD-8 an operator start is an EBIKE order, CHARGING from creation; the socket reads CHARGING, a second start CONNECTOR_BUSY', async () => {
    const res = await call(stack.app, 'POST', '/orders', {
      startWay: 'PLATFORM',
      chargerSerial: SERIAL,
      connectorNo: '1',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ kind: 'EBIKE', status: 'CHARGING', startWay: 'PLATFORM' });
    operatorOrder = res.body.orderNo;
    const description = await stack.client.workflow
      .getHandle(chargingWorkflowId(stack.tenantId, operatorOrder))
      .describe();
    expect(description.type).toBe('ebikeSessionWorkflow');
    const box = scriptedEbikeBox(SERIAL, 1, operatorOrder);
    await send(operatorOrder, [box.startAccepted(STARTS), box.sample(STARTS + 150 * MINUTE, 600, 250)]);
    const live = await until(operatorOrder, (b) => b.durationS === 9000);
    expect(live).toMatchObject({ source: 'workflow', energyWh: 600 });

    const busy = await call(stack.app, 'POST', '/orders', {
      startWay: 'PLATFORM',
      chargerSerial: SERIAL,
      connectorNo: '1',
    });
    expect([busy.status, busy.body.error.code]).toEqual([409, 'CONNECTOR_BUSY']);
    const sockets = await call(stack.app, 'GET', `/chargers/${SERIAL}/sockets`);
    expect(sockets.body.items).toEqual([
      { socketNo: '1', enabled: true, state: 'CHARGING', orderNo: operatorOrder, orderStatus: 'CHARGING' },
      { socketNo: '2', enabled: true, state: 'IDLE', orderNo: null, orderStatus: null },
      { socketNo: '3', enabled: true, state: 'IDLE', orderNo: null, orderStatus: null },
    ]);
  });

  it('ORD-5 an entered duration below zero or beyond the session is refused; the end settles with the last reported duration', async () => {
    const end = (body: unknown) => call(stack.app, 'POST', `/orders/${operatorOrder}/end`, body);
    expect((await end({ durationS: -5 })).status).toBe(400);
    const beyond = await end({ durationS: 7200 }); // the workflow has run seconds, not 2 h
    expect([beyond.status, beyond.body.error.code]).toEqual([422, 'EBIKE_END_DURATION_INVALID']);
    const ended = await end({});
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    // last reported 9,000 s at max 250 W → band 2: 3 × 0.30 = 0.90.
    expect(ended.body).toMatchObject({
      status: 'ENDED',
      settlement: { fee: { fen: 90 }, endReason: 'OPERATOR_END' },
    });
    expect((await settle(operatorOrder)).settlement.fee).toBe(90n);
    const settled = await until(operatorOrder, (b) => b.source === 'database' && b.status === 'ENDED');
    expect(settled).toMatchObject({
      fee: { fen: 90 },
      bill: { lines: [{ band: 'POWER_2', amount: { fen: 90 } }] },
    });
    const again = await end({});
    expect([again.status, again.body.error.code]).toEqual([409, 'ORDER_ALREADY_COMPLETED']);
  });

  it('ORD-1 ORD-6 an app start pays its prepay; the user stop and the box report settle it once and return the rest', async () => {
    const res = await call(stack.app, 'POST', '/orders', {
      startWay: 'APP',
      chargerSerial: SERIAL,
      connectorNo: '2',
      prepay: '5.00',
      phone: '13800000000',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    appOrder = res.body.orderNo;
    const box = scriptedEbikeBox(SERIAL, 2, appOrder);
    await send(appOrder, [box.startAccepted(STARTS), box.sample(STARTS + 30 * MINUTE, 100, 150)]);
    await until(appOrder, (b) => b.durationS === 1800);
    const stop = await call(stack.app, 'POST', `/orders/${appOrder}/stop`, { by: 'USER' });
    expect(stop.status, JSON.stringify(stop.body)).toBe(202);
    await send(appOrder, [box.stopped(STARTS + 31 * MINUTE, 110), box.stopped(STARTS + 31 * MINUTE, 110)]);
    // 31 min at max 150 W → band 1: 1 h × 0.20 = 0.20; prepay 5.00 − 0.20 = 4.80 back.
    await settle(appOrder);
    const settled = await until(appOrder, (b) => b.source === 'database' && b.status === 'ENDED');
    expect(settled).toMatchObject({ fee: { fen: 20 }, prepayReturned: { fen: 480 }, endReason: 'USER' });
    // Two stop reports, one settlement (ORD-7).
    expect(stack.ports.settlements.get(appOrder)?.settlement).toMatchObject({
      fee: 20n,
      prepayReturned: 480n,
    });
  });

  it('ORD-9 ORD-8 the e-bike order list holds exactly the e-bike orders', async () => {
    const list = await call(stack.app, 'GET', '/orders?kind=EBIKE');
    expect(list.status).toBe(200);
    expect(
      (list.body.items as Array<{ orderNo: string; kind: string }>).map((o) => [o.orderNo, o.kind]).sort(),
    ).toEqual(
      [
        [operatorOrder, 'EBIKE'],
        [appOrder, 'EBIKE'],
      ].sort(),
    );
    expect((await call(stack.app, 'GET', '/orders?kind=CAR')).body.items).toEqual([]);
  });

  it('ASSET-7 a disabled socket or box starts no session (ORDER_START_ASSET_DISABLED, 409); enabled again, it does', async () => {
    const start = () =>
      call(stack.app, 'POST', '/orders', { startWay: 'PLATFORM', chargerSerial: SERIAL, connectorNo: '3' });
    const off = await call(stack.app, 'PUT', `/chargers/${SERIAL}/sockets/3/enabled`, { enabled: false });
    expect(off.body).toEqual({ socketNo: '3', enabled: false });
    const refused = await start();
    // a *_DISABLED gate is a conflict with the asset's state (409, errors.ts)
    expect([refused.status, refused.body.error.code, refused.body.error.details.asset]).toEqual([
      409,
      'ORDER_START_ASSET_DISABLED',
      'connectorEnabled',
    ]);
    const sockets = await call(stack.app, 'GET', `/chargers/${SERIAL}/sockets`);
    expect(sockets.body.items[2]).toMatchObject({ socketNo: '3', enabled: false, state: 'IDLE' });
    await call(stack.app, 'PUT', `/chargers/${SERIAL}/sockets/3/enabled`, { enabled: true });
    expect(
      (await call(stack.app, 'PUT', `/chargers/${SERIAL}/enabled`, { enabled: false })).body.enabled,
    ).toBe(false);
    const boxOff = await start();
    expect([boxOff.status, boxOff.body.error.details.asset]).toEqual([409, 'chargerEnabled']);
    await call(stack.app, 'PUT', `/chargers/${SERIAL}/enabled`, { enabled: true });
    const missing = await call(stack.app, 'PUT', `/chargers/${SERIAL}/sockets/9/enabled`, { enabled: false });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'CONNECTOR_NOT_FOUND']);
    const started = await start();
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await call(stack.app, 'POST', `/orders/${started.body.orderNo}/end`, {});
  });
});
