// Issue 12, a reservation end to end on the REAL services (MariaDB, Temporal, Kafka, FerretDB): an app
// user books a bay over HTTP (RES-1); the simulated camera publishes PLATE_RECOGNISED over Kafka; the
// worker's reservationWorkflow sends OPEN_LOCK on the commands topic, the simulated ground lock answers
// LOCK_STATE (RES-2); the car leaves, CLOSE_LOCK / LOCK_STATE, and the reservation is COMPLETED with
// the occupancy fee priced by the station's tariff (RES-3, TAR-12), read back over HTTP. The owner
// charges during the stay (a simulated charger over Kafka): the charging time is not occupancy, and the
// fee is put on that charging order as its own fee. Then a car without a reservation gets its own
// occupancy record (TAR-12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshPhone } from './fixtures/api-stack.js';
import { waitUntil } from './fixtures/e2e-stack.js';
import { SIMULATED } from './fixtures/e2e-session.js';
import { ReservationEntity } from '../../src/persistence/entities/reservations.js';
import { createChargingSite, startTenantsE2e, type TenantsE2e } from './fixtures/e2e-tenants.js';

const HOUR = 3_600_000;
const MIN = 60_000;
const GREEN = '浙AD12345';
let e2e: TenantsE2e;

beforeAll(async () => {
  // The tariff is in force from the next local 24:00 after its creation: create it 27 h ago.
  e2e = await startTenantsE2e(Date.now() - 27 * HOUR);
});
afterAll(async () => {
  await e2e?.stop();
});

describe('a reservation on the real pipeline (RES-1, RES-2, RES-3, TAR-12)', () => {
  it('RES-1 RES-2 RES-3 TAR-12: HTTP booking → camera ENTER over Kafka → OPEN_LOCK → LOCK_STATE → charging → LEAVE → CLOSE_LOCK → COMPLETED with the fee on the charging order; a car without a reservation gets its own occupancy record', async () => {
    const { api, worker } = e2e;
    const tenant = await api.createTenant('rv');
    const admin = tenant.admin;
    const chargerSerial = `E2E-RES-${worker.run}`;
    // TAR-12: 15 min grace, then 2.00 CNY per started 30 min.
    const site = await createChargingSite(
      api,
      tenant,
      chargerSerial,
      { energyPrice: '1.00000', servicePrice: '0.00000' },
      { occupancy: { graceMinutes: 15, unitMinutes: 30, unitPrice: '2.00' } },
    );
    const post = async (path: string, body: unknown, headers = admin) => {
      const res = await call(api.app, 'POST', path, body, headers);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      return res.body as Record<string, unknown>;
    };
    api.clock.now = Date.now() - 10 * MIN;
    await post(`/chargers/${site.chargerId}/parking-flags`, { reservable: true, chargesOccupancy: true });
    const space = await post('/parking-spaces', {
      areaId: site.areaId,
      name: 'B-7',
      chargerId: site.chargerId,
    });
    const cameraSerial = `E2E-CAM-${worker.run}`;
    await post('/cameras', {
      areaId: site.areaId,
      serialNo: cameraSerial,
      ip: '10.2.0.7',
      name: 'Bay camera',
      leftSpaceId: space['id'],
    });
    const camera = await worker.startCamera(cameraSerial, ['B-7']);

    const phone = freshPhone();
    const user = await api.signInApp(tenant.tenantId, phone);
    const me = await call(api.app, 'GET', '/me', undefined, user);
    await post(`/vehicle-owners/${String(me.body.id)}/verification`, { verified: true });
    // Booked 10 min ago (the API's clock); the car enters 5 min ago (device time).
    const booked = await post('/me/reservations', { spaceId: space['id'], plate: GREEN }, user);
    expect(booked).toMatchObject({ status: 'RESERVED', plate: GREEN, spaceName: 'B-7' });
    const no = String(booked['reservationNo']);
    api.clock.now = Date.now();
    const reservation = async () =>
      (await call(api.app, 'GET', `/reservations/${no}`, undefined, admin)).body;
    const enteredAt = Date.now() - 5 * MIN;
    let rowStatus = '';
    let chargedMinutes = -1;
    await camera.sight({ spaceNo: 'B-7', plate: GREEN, plateColour: 'GREEN', direction: 'ENTER' }, enteredAt);

    // The workflow's OPEN_LOCK reached the camera through the commands topic; the lock answered OPEN.
    await waitUntil(
      () => camera.lockCommands().some((c) => c.type === 'OPEN_LOCK'),
      () => `lock commands: ${JSON.stringify(camera.lockCommands())}`,
      90_000,
    );
    expect(camera.lockCommands()[0]).toMatchObject({
      type: 'OPEN_LOCK',
      serialNo: cameraSerial,
      spaceNo: 'B-7',
    });
    expect(camera.lockOf('B-7')).toBe('OPEN');
    await waitUntil(
      () => worker.events.some((e) => e.type === 'LOCK_STATE' && e.serialNo === cameraSerial),
      () => 'no LOCK_STATE on the events topic',
    );
    let status = '';
    for (let i = 0; i < 600 && status !== 'OCCUPYING'; i += 1) {
      status = String((await reservation())['status']);
      if (status !== 'OCCUPYING') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('OCCUPYING');

    // The row says OCCUPYING (the charging edges go to the reservation the database shows on the charger).
    const tenantDb = await api.services.tenants.get(tenant.tenantId);
    await waitUntil(
      () => rowStatus === 'OCCUPYING',
      () => `reservation row: ${rowStatus}`,
      30_000,
      async () => {
        rowStatus =
          (await tenantDb.em.fork().findOne(ReservationEntity, { reservationNo: no }))?.status ?? '';
      },
    );

    // The owner charges in the bay: 80 % of 5,000 Wh, then the charger stops by itself (AUTO_STOP).
    await worker.startSimulator(chargerSerial, { ...SIMULATED, batteryWh: 5_000, initialSoc: 20 });
    const started = await call(
      api.app,
      'POST',
      '/me/orders',
      { chargerSerial, connectorNo: '1', prepay: '50.00' },
      user,
    );
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const orderNo = String(started.body.orderNo);
    const edge = (type: string) => worker.events.find((e) => e.type === type && e.serialNo === chargerSerial);
    await waitUntil(
      () => edge('STOPPED') !== undefined,
      () => 'the charger did not stop',
      90_000,
    );
    // Charging time (device time) from the charger's own edges.
    const charged = Date.parse(edge('STOPPED')!.occurredAt) - Date.parse(edge('START_ACCEPTED')!.occurredAt);
    expect(charged).toBeGreaterThan(MIN);
    await waitUntil(
      () => chargedMinutes === Math.floor(charged / MIN),
      () => `reservation charged minutes: ${chargedMinutes}, expected ${Math.floor(charged / MIN)}`,
      30_000,
      async () => {
        chargedMinutes = Number((await reservation())['chargedMinutes']);
      },
    );

    // The car leaves 50 idle minutes after it entered (device time): in the space charged + 50 min.
    // The same leave twice (a camera repeats itself): one completion, one fee.
    const leftAt = enteredAt + charged + 50 * MIN;
    const leave = { spaceNo: 'B-7', plate: GREEN, plateColour: 'GREEN', direction: 'LEAVE' } as const;
    await camera.sight(leave, leftAt);
    await camera.sight(leave, leftAt);
    await waitUntil(
      () => camera.lockCommands().some((c) => c.type === 'CLOSE_LOCK'),
      () => `lock commands: ${JSON.stringify(camera.lockCommands())}`,
      90_000,
    );
    let done: Record<string, unknown> = {};
    for (let i = 0; i < 600; i += 1) {
      done = await reservation();
      if (
        done['status'] === 'COMPLETED' &&
        done['occupancyFee'] !== null &&
        done['occupancyFee'] !== undefined
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // In the space charged + 50 min, charging not counted: 50 − 15 grace = 35 min → 2 started
    // 30-min units × 2.00 = 4.00.
    expect(done).toMatchObject({
      status: 'COMPLETED',
      chargedMinutes: Math.floor(charged / MIN),
      occupancyMinutes: 50,
      occupancyFee: { kind: 'OCCUPANCY', quantity: { value: '2' }, amount: { cny: '4.00', fen: 400 } },
    });
    expect(camera.lockOf('B-7')).toBe('CLOSED');
    expect(camera.lockCommands().map((c) => c.type)).toEqual(['OPEN_LOCK', 'CLOSE_LOCK']);
    const mine = await call(api.app, 'GET', `/me/reservations/${no}`, undefined, user);
    expect(mine.body).toMatchObject({ status: 'COMPLETED', occupancyFee: { amount: { fen: 400 } } });

    // TAR-12: the fee is the charging order's own fee (beside its bill), put on it once.
    let order: Record<string, unknown> = {};
    await waitUntil(
      () => Array.isArray(order['fees']) && (order['fees'] as unknown[]).length > 0,
      () => `order: ${JSON.stringify(order)}`,
      30_000,
      async () => {
        order = (await call(api.app, 'GET', `/me/orders/${orderNo}`, undefined, user)).body;
      },
    );
    expect(order).toMatchObject({
      status: 'COMPLETED',
      reservationNo: no,
      feesDue: { cny: '4.00', fen: 400 },
      fees: [
        {
          kind: 'OCCUPANCY',
          source: { kind: 'RESERVATION', ref: no },
          amount: { cny: '4.00', fen: 400 },
          status: 'UNPAID',
          line: { quantity: { value: '2' }, unitPrice: '2.00000' },
        },
      ],
    });

    // TAR-12 without a reservation: another car stands in the bay 40 min (camera events over Kafka):
    // 40 − 15 grace = 25 min → 1 started 30-min unit × 2.00 = 2.00, on its own occupancy record.
    const other = '浙AF67890';
    const walkIn = Date.now() - 50 * MIN;
    await camera.sight({ spaceNo: 'B-7', plate: other, plateColour: 'GREEN', direction: 'ENTER' }, walkIn);
    await camera.sight(
      { spaceNo: 'B-7', plate: other, plateColour: 'GREEN', direction: 'LEAVE' },
      walkIn + 40 * MIN,
    );
    let records: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 600; i += 1) {
      records = (
        await call(api.app, 'GET', `/occupancy-records?spaceId=${String(space['id'])}`, undefined, admin)
      ).body.items;
      if (records.some((r) => r['settled'] === true)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      plate: other,
      chargedMinutes: 0,
      occupancyMinutes: 40,
      settled: true,
      occupancyFee: { quantity: { value: '1' }, amount: { cny: '2.00', fen: 200 } },
    });
    // No reservation: the lock was not commanded again.
    expect(camera.lockCommands()).toHaveLength(2);
  });
});
