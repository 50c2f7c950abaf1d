// HTTP: charging orders end to end — start (ORD-1) on a real MariaDB database and the shared
// Temporal dev server (real workflow, in-memory device/money ports), idempotent start, stop (ORD-4),
// live detail, settled detail with bill lines, and the ORD-9 list with its default window.
import { chargingWorkflowId, deviceEventSignal, liveStatusQuery } from '@chargeflow/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentLedger } from '../../src/payments/payment-ledger.js';
import { scriptedCharger } from '../../../workflows/test/support/device.js';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

/** Tariffs are saved the day before; orders start at 09:00 Shanghai the next day. */
const SAVED = Date.parse('2026-03-10T10:00:00+08:00');
const STARTS = Date.parse('2026-03-11T09:00:00+08:00');
const DAY = 86_400_000;
const SERIAL = 'SN-ORD-1';

describe('HTTP charging orders (ORD-1, ORD-4, ORD-9)', () => {
  let stack: HttpStack;
  let stationId: string;
  let appOrderNo: string;

  const waitLive = async (orderNo: string, status: string) => {
    const handle = stack.client.workflow.getHandle(chargingWorkflowId(stack.tenantId, orderNo));
    for (let i = 0; i < 200; i += 1) {
      if ((await handle.query(liveStatusQuery)).status === status) return handle;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${orderNo} never reached ${status}`);
  };

  const eventually = async <T>(read: () => T | undefined, what: string): Promise<T> => {
    for (let i = 0; i < 200; i += 1) {
      const value = read();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`never: ${what}`);
  };

  beforeAll(async () => {
    stack = await startHttpStack(SAVED);
    const { propertyId } = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
    const station = await call(stack.app, 'POST', '/stations', { propertyId, name: 'Orders' });
    stationId = station.body.station.id;
    expect(
      (await call(stack.app, 'POST', `/stations/${stationId}/chargers`, { serialNo: SERIAL, name: 'P1' }))
        .status,
    ).toBe(201);
    expect(
      (await call(stack.app, 'POST', `/chargers/${SERIAL}/connectors`, { connectorNo: '1' })).status,
    ).toBe(201);
    const tariff = await call(stack.app, 'POST', `/stations/${stationId}/tariffs`, {
      kind: 'CAR',
      pricing: { mode: 'FLAT', energyPrice: '0.80', servicePrice: '0.40' },
    });
    expect(tariff.status).toBe(201);
  });
  afterAll(async () => stack?.stop());

  const appStart = {
    startWay: 'APP',
    chargerSerial: SERIAL,
    connectorNo: '1',
    prepay: '50.00',
    phone: '13800000000',
  };

  it('refuses a start before the tariff is in force (ORD-1 via core)', async () => {
    const res = await call(stack.app, 'POST', '/orders', appStart);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('ORDER_START_NO_TARIFF');
  });

  it('validates the start body with field paths', async () => {
    const res = await call(stack.app, 'POST', '/orders', { ...appStart, prepay: '12.345' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe('body.prepay');
  });

  it('starts an app order: 201, STARTING, prepay paid, workflow running under its id', async () => {
    stack.clock.now = STARTS;
    const res = await call(stack.app, 'POST', '/orders', appStart, { 'Idempotency-Key': 'k-1' });
    expect(res.status).toBe(201);
    appOrderNo = res.body.orderNo;
    expect(appOrderNo).toMatch(/^CH20260311090000\d{6}$/);
    expect(res.headers.get('location')).toBe(`/orders/${appOrderNo}`);
    expect(res.body).toMatchObject({
      status: 'STARTING',
      startWay: 'APP',
      funding: { kind: 'PREPAY', prepay: { cny: '50.00', fen: 5000 } },
      links: { self: `/orders/${appOrderNo}`, stop: `/orders/${appOrderNo}/stop` },
    });
    const description = await stack.client.workflow
      .getHandle(chargingWorkflowId(stack.tenantId, appOrderNo))
      .describe();
    expect(description).toMatchObject({ type: 'chargingSessionWorkflow', taskQueue: stack.taskQueue });
    expect(description.status.name).toBe('RUNNING');
    const payment = await new PaymentLedger(stack.db.orm.em).getPayment(res.body.funding.paymentNo);
    expect(payment).toMatchObject({ status: 'PAY_SUCCESS', orderNo: appOrderNo, amountFen: 5000n });
  });

  it('returns the same order for the same Idempotency-Key, and refuses the key for another request', async () => {
    const again = await call(stack.app, 'POST', '/orders', appStart, { 'Idempotency-Key': 'k-1' });
    expect(again.status).toBe(201);
    expect(again.body.orderNo).toBe(appOrderNo);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await call(
      stack.app,
      'POST',
      '/orders',
      { ...appStart, prepay: '60' },
      { 'Idempotency-Key': 'k-1' },
    );
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a stop while STARTING (409), accepts it while CHARGING (202)', async () => {
    const early = await call(stack.app, 'POST', `/orders/${appOrderNo}/stop`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ORDER_ILLEGAL_TRANSITION');

    const device = scriptedCharger(SERIAL, 1, appOrderNo);
    const handle = stack.client.workflow.getHandle(chargingWorkflowId(stack.tenantId, appOrderNo));
    await handle.signal(deviceEventSignal, device.startAccepted(Date.now(), 1_000));
    await handle.signal(deviceEventSignal, device.sample(Date.now() + 1_000, 6_000));
    await waitLive(appOrderNo, 'CHARGING');

    const live = await call(stack.app, 'GET', `/orders/${appOrderNo}`);
    expect(live.body).toMatchObject({ status: 'CHARGING', source: 'workflow', energyWh: 5_000 });
    expect(live.body.fee).toEqual({ cny: '6.00', fen: 600 });

    const stop = await call(stack.app, 'POST', `/orders/${appOrderNo}/stop`, { by: 'USER' });
    expect(stop.status).toBe(202);
    expect(stop.body).toMatchObject({ orderNo: appOrderNo, status: 'STOPPING' });
    await eventually(
      () => stack.ports.commandCalls.find((c) => c.type === 'STOP_CHARGING'),
      'a stop command',
    );

    await handle.signal(deviceEventSignal, device.stopped(Date.now() + 2_000, 11_000));
    await waitLive(appOrderNo, 'COMPLETED');
  });

  it('shows a settled order from the database with its bill lines', async () => {
    // The order store port (wired by the worker) writes the settlement; here the test writes what the workflow produced.
    const record = await eventually(() => stack.ports.settlements.get(appOrderNo), 'a settlement');
    await stack.orders.recordSettlement(appOrderNo, record.settlement, record.bill);
    const res = await call(stack.app, 'GET', `/orders/${appOrderNo}`);
    expect(res.body).toMatchObject({ source: 'database', fee: { cny: '12.00', fen: 1200 } });
    expect(res.body.bill.total).toEqual({ cny: '12.00', fen: 1200 });
    expect(res.body.bill.lines.map((l: { kind: string }) => l.kind)).toEqual(['ENERGY', 'SERVICE']);
    expect(await call(stack.app, 'POST', `/orders/${appOrderNo}/stop`).then((r) => r.body.error.code)).toBe(
      'ORDER_NOT_ACTIVE',
    );
  });

  it('lists orders with ORD-9 filters inside the default 7-day window', async () => {
    const platform = await call(stack.app, 'POST', '/orders', {
      startWay: 'PLATFORM',
      chargerSerial: SERIAL,
      connectorNo: '1',
    });
    expect(platform.status).toBe(201);
    expect(platform.body.funding).toMatchObject({ kind: 'PLATFORM', prepay: null });
    await stack.orders.create({
      orderNo: 'CH20260301090000000001',
      providerId: 'old',
      propertyId: 'old',
      stationId,
      chargerId: 'old',
      chargerSerial: SERIAL,
      connectorId: 'old',
      connectorNo: '1',
      startWay: 'PLATFORM',
      funding: { kind: 'PLATFORM' },
      tariff: { tariffId: 'T', version: 1 },
      createdAt: STARTS - 8 * DAY,
    });
    const orderNos = async (query: string) =>
      (await call(stack.app, 'GET', `/orders${query}`)).body.items.map((o: { orderNo: string }) => o.orderNo);
    expect(await orderNos('')).toEqual([platform.body.orderNo, appOrderNo].sort().reverse());
    expect(await orderNos('?startWay=PLATFORM')).toEqual([platform.body.orderNo]);
    expect(await orderNos(`?phone=13800000000&stationId=${stationId}`)).toEqual([appOrderNo]);
    expect(await orderNos('?createdFrom=2026-02-28T00:00:00Z&startWay=PLATFORM')).toHaveLength(2);
    const page = await call(stack.app, 'GET', '/orders?limit=1');
    expect(page.body).toMatchObject({ total: 2, limit: 1, window: { to: new Date(STARTS).toISOString() } });
    expect((await call(stack.app, 'GET', '/orders?limit=0')).status).toBe(400);
    expect((await call(stack.app, 'GET', '/orders/CH00000000000000000000')).body.error.code).toBe(
      'ORDER_NOT_FOUND',
    );
    // the platform order's workflow: end it so the shared server does not keep it running
    await stack.client.workflow
      .getHandle(chargingWorkflowId(stack.tenantId, platform.body.orderNo))
      .terminate('test done');
  });

  it('lists the order routes in /openapi.json', async () => {
    const doc = await call(stack.app, 'GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/orders', '/orders/{orderNo}', '/orders/{orderNo}/stop']),
    );
  });
});
