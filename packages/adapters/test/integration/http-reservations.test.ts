// HTTP: reservations (RES-1 … RES-4, TAR-12) through the whole API on MariaDB with reservationWorkflow on
// the shared Temporal dev server: booking gates, one active reservation per space and per owner kept
// by the database (50 simultaneous bookings of one space), camera events, lock commands, the fee.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  reservationEventSignal,
  reservationLockSignal,
  reservationWorkflowId,
  type ReservationSignal,
} from '@chargeflow/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VehicleOwnerEntity } from '../../src/persistence/entities/access.js';
import { ReservationService } from '../../src/reservations/reservation-service.js';
import { CameraEventRouter } from '../../src/reservations/camera-event-router.js';
import { OrderNoAllocator } from '../../src/charging/order-numbers.js';
import { WHOLE_TENANT } from '../../src/persistence/scope.js';
import { freshPhone } from './fixtures/api-stack.js';
import { call, startHttpStack, type HttpStack } from './fixtures/http-stack.js';

const SAVED = Date.parse('2026-03-10T23:55:00+08:00');
const OPENS = Date.parse('2026-03-11T00:05:00+08:00');
const MIN = 60_000;
const GREEN = '浙AD54321';
const tag = () => randomBytes(4).toString('hex').toUpperCase();

describe('HTTP reservations on MariaDB (RES-1 … RES-4, TAR-12)', () => {
  let stack: HttpStack;
  let app: HttpStack['app'];
  let stationId: string;
  let areaId: string;
  let chargerId: string;
  let spaceId: string;
  let cameraSerial: string;
  let chargerSerial: string;
  let owner: { id: string; headers: Record<string, string> };

  const eventually = async <T>(read: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 300; i += 1) {
      const value = await read();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`never: ${what}`);
  };
  const appUser = async (verified: boolean) => {
    const phone = freshPhone();
    const headers = await stack.api.signInApp(stack.tenantId, phone);
    const me = await call(app, 'GET', '/me', undefined, headers);
    if (verified) {
      const res = await call(app, 'POST', `/vehicle-owners/${me.body.id}/verification`, { verified: true });
      expect(res.status).toBe(200);
    }
    return { id: String(me.body.id), headers };
  };
  const handleOf = (reservationNo: string) =>
    stack.client.workflow.getHandle(reservationWorkflowId(stack.tenantId, reservationNo));
  const statusOf = async (reservationNo: string) =>
    (await call(app, 'GET', `/reservations/${reservationNo}`)).body.status as string;

  beforeAll(async () => {
    stack = await startHttpStack(SAVED);
    app = stack.app;
    const o = await stack.assets.createOwner({ providerName: 'P', propertyName: 'Prop' });
    const station = await call(app, 'POST', '/stations', { propertyId: o.propertyId, name: 'Bays' });
    stationId = station.body.station.id;
    areaId = station.body.defaultArea.id;
    chargerSerial = `SN-RV-${tag()}`;
    const charger = await call(app, 'POST', `/stations/${stationId}/chargers`, {
      serialNo: chargerSerial,
      name: 'Pile',
    });
    chargerId = charger.body.id;
    // TAR-12: 15 min grace, then 2.00 CNY per started 30 min; in force from 00:00.
    const tariff = await call(app, 'POST', `/stations/${stationId}/tariffs`, {
      kind: 'CAR',
      pricing: { mode: 'FLAT', energyPrice: '0.80', servicePrice: '0.40' },
      occupancy: { graceMinutes: 15, unitMinutes: 30, unitPrice: '2.00' },
    });
    expect(tariff.status).toBe(201);
    stack.clock.now = OPENS;
    const space = await call(app, 'POST', '/parking-spaces', { areaId, name: 'R-1', chargerId });
    spaceId = space.body.id;
    cameraSerial = `CAM-RV-${tag()}`;
    expect(
      (
        await call(app, 'POST', '/cameras', {
          areaId,
          serialNo: cameraSerial,
          ip: '10.1.1.1',
          name: 'Cam',
          leftSpaceId: spaceId,
        })
      ).status,
    ).toBe(201);
    owner = await appUser(true);
  });
  afterAll(async () => stack?.stop());

  it('RES-1 refuses a charger without the reservation flag, a disabled space, an unverified owner', async () => {
    const noFlag = await call(app, 'POST', '/me/reservations', { spaceId, plate: GREEN }, owner.headers);
    expect(noFlag.status).toBe(422);
    expect(noFlag.body.error.code).toBe('RESERVATION_CHARGER_NOT_RESERVABLE');
    await call(app, 'POST', `/chargers/${chargerId}/parking-flags`, {
      reservable: true,
      chargesOccupancy: true,
    });
    await call(app, 'POST', `/parking-spaces/${spaceId}/status`, { enabled: false });
    const disabled = await call(app, 'POST', '/me/reservations', { spaceId, plate: GREEN }, owner.headers);
    expect(disabled.status).toBe(409);
    expect(disabled.body.error.code).toBe('RESERVATION_SPACE_DISABLED');
    await call(app, 'POST', `/parking-spaces/${spaceId}/status`, { enabled: true });
    const stranger = await appUser(false);
    const unverified = await call(
      app,
      'POST',
      '/me/reservations',
      { spaceId, plate: GREEN },
      stranger.headers,
    );
    expect(unverified.body.error.code).toBe('RESERVATION_OWNER_NOT_VERIFIED');
    expect(
      (await call(app, 'POST', '/me/reservations', { spaceId: 'ghost', plate: GREEN }, owner.headers)).status,
    ).toBe(404);
    expect(
      (await call(app, 'POST', '/me/reservations', { spaceId, plate: 'AB1' }, owner.headers)).status,
    ).toBe(400);
  });

  it('RES-1 50 simultaneous bookings of one space by 50 verified owners: exactly one succeeds', async () => {
    const db = await stack.api.services.tenants.get(stack.tenantId);
    const ids = Array.from({ length: 50 }, () => randomUUID());
    const em = db.em.fork();
    for (const id of ids)
      em.create(VehicleOwnerEntity, {
        id,
        phone: freshPhone(),
        verified: true,
        enabled: true,
        createdAt: OPENS,
      });
    await em.flush();
    const racingSpace = await call(app, 'POST', '/parking-spaces', {
      areaId,
      name: `RACE-${tag()}`,
      chargerId,
    });
    await call(app, 'POST', '/cameras', {
      areaId,
      serialNo: `CAM-RACE-${tag()}`,
      ip: '10.1.1.2',
      name: 'Race',
      leftSpaceId: racingSpace.body.id,
    });
    const service = new ReservationService({
      em: db.em,
      tenantId: stack.tenantId,
      scope: WHOLE_TENANT,
      clock: () => OPENS,
      workflows: stack.client.workflow,
      taskQueue: stack.taskQueue,
      numbers: new OrderNoAllocator(),
    });
    const results = await Promise.allSettled(
      ids.map((ownerId) => service.reserve({ ownerId, spaceId: racingSpace.body.id, plate: GREEN })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const codes = new Set(
      results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : [])),
    );
    expect([...codes]).toEqual(['RESERVATION_SPACE_CONFLICT']);
    const listed = await call(app, 'GET', `/reservations?spaceId=${racingSpace.body.id}`);
    expect(listed.body.items).toHaveLength(1);
    await call(app, 'POST', `/reservations/${listed.body.items[0].reservationNo}/end`);
  });

  it('RES-2 RES-3 TAR-12 reserve → enter (lock opens) → charge → leave: COMPLETED with the fee read back', async () => {
    const res = await call(app, 'POST', '/me/reservations', { spaceId, plate: GREEN }, owner.headers);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'RESERVED', plate: GREEN, spaceName: 'R-1' });
    const no = res.body.reservationNo as string;
    const again = await call(app, 'POST', '/me/reservations', { spaceId, plate: GREEN }, owner.headers);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('RESERVATION_OWNER_CONFLICT');
    const handle = handleOf(no);
    const t0 = OPENS;
    const send = (s: ReservationSignal) => handle.signal(reservationEventSignal, s);
    await send({ kind: 'PLATE_ENTERED', eventId: `in-${no}`, at: t0 + 10 * MIN, plate: GREEN, spaceId });
    const open = await eventually(
      async () => stack.ports.commandCalls.find((c) => c.type === 'OPEN_LOCK' && c.commandId.startsWith(no)),
      'OPEN_LOCK on the bus',
    );
    expect(open).toMatchObject({ serialNo: cameraSerial, spaceNo: 'R-1' });
    await handle.signal(reservationLockSignal, { eventId: `lk-${no}`, at: t0 + 11 * MIN, state: 'OPEN' });
    await eventually(async () => ((await statusOf(no)) === 'OCCUPYING' ? true : undefined), 'OCCUPYING');
    await send({ kind: 'CHARGING_STARTED', eventId: `cs-${no}`, at: t0 + 20 * MIN });
    await send({ kind: 'CHARGING_ENDED', eventId: `ce-${no}`, at: t0 + 80 * MIN });
    await send({ kind: 'PLATE_LEFT', eventId: `out-${no}`, at: t0 + 130 * MIN, plate: GREEN, spaceId });
    await eventually(
      async () => stack.ports.commandCalls.find((c) => c.type === 'CLOSE_LOCK' && c.commandId.startsWith(no)),
      'CLOSE_LOCK on the bus',
    );
    await handle.signal(reservationLockSignal, { eventId: `lk2-${no}`, at: t0 + 131 * MIN, state: 'CLOSED' });
    await handle.result();
    const done = await call(app, 'GET', `/me/reservations/${no}`, undefined, owner.headers);
    // In the space 120 min, charging 60 min → 60 min; 60 − 15 grace = 45 → 2 × 30 min × 2.00 = 4.00.
    expect(done.body).toMatchObject({
      status: 'COMPLETED',
      chargedMinutes: 60,
      occupancyMinutes: 60,
      occupancyFee: { kind: 'OCCUPANCY', quantity: { value: '2' }, amount: { cny: '4.00', fen: 400 } },
    });
    const search = await call(
      app,
      'GET',
      `/reservations?plate=${encodeURIComponent(GREEN)}&status=COMPLETED&stationId=${stationId}`,
    );
    expect(search.body.items.map((r: { reservationNo: string }) => r.reservationNo)).toContain(no);
    const end = await call(app, 'POST', `/reservations/${no}/end`);
    expect(end.status).toBe(409);
    expect(end.body.error.code).toBe('RESERVATION_NOT_ACTIVE');
  });

  it('RES-1 the owner cancels a RESERVED reservation; another owner cannot see it', async () => {
    const res = await call(app, 'POST', '/me/reservations', { spaceId, plate: GREEN }, owner.headers);
    expect(res.status).toBe(201);
    const no = res.body.reservationNo as string;
    const other = await appUser(true);
    expect((await call(app, 'GET', `/me/reservations/${no}`, undefined, other.headers)).status).toBe(404);
    expect((await call(app, 'POST', `/me/reservations/${no}/cancel`, undefined, other.headers)).status).toBe(
      404,
    );
    expect((await call(app, 'POST', `/me/reservations/${no}/cancel`, undefined, owner.headers)).status).toBe(
      202,
    );
    await handleOf(no).result();
    expect(await statusOf(no)).toBe('CANCELLED');
    expect(
      (await call(app, 'POST', `/me/reservations/${no}/cancel`, undefined, owner.headers)).body.error.code,
    ).toBe('RESERVATION_NOT_CANCELLABLE');
    const mine = await call(app, 'GET', '/me/reservations', undefined, owner.headers);
    expect(mine.body.items.every((r: { phone: string }) => r.phone === mine.body.items[0].phone)).toBe(true);
  });

  it('RES-2 ASSET-6 camera and lock events reach the space’s reservation through the event router', async () => {
    expect(await stack.api.services.devices.tenantOf(cameraSerial)).toBe(stack.tenantId);
    const res = await call(app, 'POST', '/me/reservations', { spaceId, plate: GREEN }, owner.headers);
    const no = res.body.reservationNo as string;
    const router = new CameraEventRouter({
      tenants: stack.api.services.tenants,
      workflows: stack.client.workflow,
    });
    const envelope = (n: number) => ({
      eventId: `cam-${no}-${n}`,
      serialNo: cameraSerial,
      occurredAt: new Date(OPENS + n * MIN).toISOString(),
    });
    const plate = (n: number, direction: 'ENTER' | 'LEAVE', spaceNo = 'R-1') =>
      ({
        ...envelope(n),
        type: 'PLATE_RECOGNISED',
        spaceNo,
        plate: GREEN,
        plateColour: 'GREEN',
        direction,
      }) as const;
    expect(await router.handle(plate(1, 'ENTER', 'NOPE'), stack.tenantId)).toBe('UNKNOWN_SPACE');
    expect(await router.handle({ ...plate(1, 'ENTER'), serialNo: 'CAM-GHOST' }, stack.tenantId)).toBe(
      'UNKNOWN_CAMERA',
    );
    expect(await router.handle(plate(2, 'ENTER'), stack.tenantId)).toBe(`SIGNALLED ${no}`);
    await eventually(
      async () => stack.ports.commandCalls.find((c) => c.type === 'OPEN_LOCK' && c.commandId.startsWith(no)),
      'OPEN_LOCK on the bus',
    );
    await router.handle(
      { ...envelope(3), type: 'LOCK_STATE', spaceNo: 'R-1', state: 'OPEN' },
      stack.tenantId,
    );
    await eventually(async () => ((await statusOf(no)) === 'OCCUPYING' ? true : undefined), 'OCCUPYING');
    // GET /reservations/:no answers the workflow's live status; the router reads the row, which the
    // workflow's projection activity writes a moment later: wait for the row (the list reads rows).
    await eventually(async () => {
      const rows = await call(app, 'GET', '/reservations?status=OCCUPYING');
      return (rows.body.items as { reservationNo: string }[]).some((r) => r.reservationNo === no)
        ? true
        : undefined;
    }, 'OCCUPYING row');
    // RES-3: a session on the space's charger from minute 4 to 6 is charging time (2 min).
    const edge = (n: number, type: 'START_ACCEPTED' | 'STOPPED') =>
      type === 'START_ACCEPTED'
        ? ({ ...envelope(n), serialNo: chargerSerial, type, connectorNo: 1, orderNo: `CH-${no}` } as const)
        : ({
            ...envelope(n),
            serialNo: chargerSerial,
            type,
            connectorNo: 1,
            orderNo: `CH-${no}`,
            meterWh: 5000,
            reason: 'USER',
          } as const);
    expect(await router.handleCharging(edge(4, 'START_ACCEPTED'), stack.tenantId)).toBe('SIGNALLED 1');
    expect(await router.handleCharging(edge(6, 'STOPPED'), stack.tenantId)).toBe('SIGNALLED 1');
    // The same leave three times: one completion; the lock closes once confirmed.
    for (let i = 0; i < 3; i += 1) await router.handle(plate(9, 'LEAVE'), stack.tenantId);
    await eventually(
      async () => stack.ports.commandCalls.find((c) => c.type === 'CLOSE_LOCK' && c.commandId.startsWith(no)),
      'CLOSE_LOCK on the bus',
    );
    await router.handle(
      { ...envelope(10), type: 'LOCK_STATE', spaceNo: 'R-1', state: 'CLOSED' },
      stack.tenantId,
    );
    await handleOf(no).result();
    // 7 min in the space (2 → 9), 2 min charging: 5 min, within the 15 min grace → a 0.00 line.
    const done = await call(app, 'GET', `/reservations/${no}`);
    expect(done.body).toMatchObject({
      status: 'COMPLETED',
      chargedMinutes: 2,
      occupancyMinutes: 5,
      occupancyFee: { amount: { fen: 0 } },
    });
    expect(await router.handle(plate(11, 'LEAVE'), stack.tenantId)).toBe('NO_ACTIVE_RESERVATION');
  });
});
