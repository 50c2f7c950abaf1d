// Issue 6 / issue 10, local stack: the `npm start` composition (startLocalStack: apps/api's buildApi and
// a worker) on embedded defaults (a SQLite platform file, one SQLite file per tenant, in-process
// chargers, in-memory telemetry) against the running Temporal dev server seeds the platform operator,
// the demo tenant and its operator, and the `npm run demo` client signs an app user in with the sandbox
// SMS code and drives one session to COMPLETED over HTTP; its bill is core's pricing of the readings
// the simulated charger reported.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { fen, parseCarTariff, priceCarSession, type DeviceEvent, type MeterReading } from '@chargeflow/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStackConfig, type LocalStackConfig } from '../../src/config.js';
import { runDemo } from '../../src/demo-client.js';
import { formatReservation, runReservationDemo } from '../../src/demo-reservation.js';
import { DEMO_CHARGERS, DEMO_TARIFF } from '../../src/demo-data.js';
import { startLocalStack, type LocalStack } from '../../src/stack.js';
import { freePort } from '../../../../packages/adapters/test/integration/fixtures/processes.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
let scratch: string;
let config: LocalStackConfig;
let stack: LocalStack | undefined;
const events: DeviceEvent[] = [];
const observe = (_serial: string, batch: readonly DeviceEvent[]): void => void events.push(...batch);

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  scratch = await mkdtemp(join(tmpdir(), 'chargeflow-demo-'));
  const run = randomUUID().slice(0, 8);
  // Embedded defaults on purpose: no KAFKA_BROKERS / MONGODB_URL, whatever the outer environment says.
  config = localStackConfig(root, {
    ...(process.env['TEMPORAL_ADDRESS'] ? { TEMPORAL_ADDRESS: process.env['TEMPORAL_ADDRESS'] } : {}),
    DATABASE_URL: `file:${join(scratch, 'chargeflow.db')}`,
    PORT: String(await freePort()),
    TASK_QUEUE: `local-demo-${run}`,
    // A tenant of this run only: workflow ids are charging-<tenant>-<orderNo> on the shared server.
    DEMO_TENANT_ID: `demo-${run}`,
    DEVICE_TIME_SCALE: '600',
  });
  stack = await startLocalStack(config, { observe });
});

afterAll(async () => {
  await stack?.stop();
  await rm(scratch, { recursive: true, force: true });
});

const ofOrder = (orderNo: string, type: DeviceEvent['type']): DeviceEvent[] =>
  events.filter((e) => e.type === type && 'orderNo' in e && e.orderNo === orderNo);
const reading = (e: DeviceEvent): MeterReading => ({
  at: Date.parse(e.occurredAt),
  wh: (e as { meterWh: number }).meterWh,
});

describe('npm start + npm run demo: the local stack on embedded defaults', () => {
  const operator = async (): Promise<Record<string, string>> => {
    const response = await fetch(`${stack!.url}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenant: config.DEMO_TENANT_ID,
        phone: config.DEMO_OPERATOR_PHONE,
        password: config.DEMO_OPERATOR_PASSWORD,
      }),
    });
    expect(response.status).toBe(200);
    return { authorization: `Bearer ${((await response.json()) as { accessToken: string }).accessToken}` };
  };

  it('migrates and seeds the demo operator: a CAR station in Asia/Shanghai, the TOU tariff, two chargers with connectors (and the EBIKE station)', async () => {
    expect(stack?.migrations.length).toBeGreaterThan(0);
    expect(stack?.seed.created).toBe(true);
    const api = stack!.url;
    expect((await fetch(`${api}/stations`)).status).toBe(401); // issue 10: nothing without sign-in
    const headers = await operator();
    const get = (path: string) => fetch(`${api}${path}`, { headers });
    const stations = (await (await get('/stations')).json()) as { items: Record<string, unknown>[] };
    expect(stations.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'demo-car-station', kind: 'CAR', timezone: 'Asia/Shanghai' }),
        expect.objectContaining({ id: 'demo-ebike-station', kind: 'EBIKE' }),
      ]),
    );
    expect(stations.items).toHaveLength(2);
    const chargers = (await (await get('/stations/demo-car-station/chargers')).json()) as {
      items: { serialNo: string }[];
    };
    expect(chargers.items.map((c) => c.serialNo).sort()).toEqual(DEMO_CHARGERS.map((c) => c.serialNo).sort());
    for (const charger of DEMO_CHARGERS) {
      const connectors = (await (await get(`/chargers/${charger.serialNo}/connectors`)).json()) as {
        items: { connectorNo: string }[];
      };
      expect(connectors.items.map((c) => c.connectorNo)).toEqual(charger.connectors);
    }
    const tariffs = await (await get('/stations/demo-car-station/tariffs')).text();
    expect(tariffs).toContain(DEMO_TARIFF.id);
    expect((await fetch(`${api}/openapi.json`)).status).toBe(200);
  });

  it('a demo session (APP start with prepay, simulated charging, user stop) completes with a bill equal to core pricing of the reported readings', async () => {
    const order = await runDemo({
      apiUrl: stack!.url,
      prepay: '100',
      chargeSeconds: 3,
      chargerSerial: 'CF-DEMO-DC01',
      tenant: config.DEMO_TENANT_ID,
      phone: '13900000001',
      operator: { phone: config.PLATFORM_ADMIN_PHONE, password: config.PLATFORM_ADMIN_PASSWORD },
      timeoutSeconds: 60,
    });
    expect(order.status).toBe('COMPLETED');
    expect(order.endReason).toBe('USER');

    const samples = ofOrder(order.orderNo, 'METER_SAMPLE');
    expect(samples.length).toBeGreaterThan(5);
    const readings = [
      reading(ofOrder(order.orderNo, 'START_ACCEPTED')[0]!),
      ...samples.map(reading),
      reading(ofOrder(order.orderNo, 'STOPPED')[0]!),
    ];
    const tariff = parseCarTariff(DEMO_TARIFF);
    if (!tariff.ok) throw tariff.error;
    const expected = priceCarSession(tariff.value, readings, { timeZone: 'Asia/Shanghai', cap: fen(10_000) });
    expect(expected.total).toBeGreaterThan(0n);
    expect(order.bill?.lines).toEqual(
      expected.lines.map((l) => ({
        kind: l.kind,
        label: l.label,
        band: l.band ?? null,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        preciseAmount: l.preciseAmount,
        amount: { cny: expect.any(String), fen: Number(l.amount) },
      })),
    );
    expect(order.bill?.total.fen).toBe(Number(expected.total));
    expect(order.prepayReturned?.fen).toBe(10_000 - Number(expected.total));
    expect(order.energyWh).toBe(readings.at(-1)!.wh - readings[0]!.wh);

    // The samples also reached the embedded telemetry store (same path as Kafka's telemetry fan-out).
    const stored = await stack!.devices.memoryTelemetry!.samplesForOrder(order.orderNo);
    expect(stored.map((s) => s.eventId)).toEqual(samples.map((e) => e.eventId));
  });

  it('RES-1 RES-2 RES-3 TAR-12 npm run demo -- --reservation: a booked bay, the camera sees the car, the lock opens, it charges, stands 40 min and leaves; the occupancy fee is on the reservation and on the charging order; §14 a SNAPSHOT command is answered by the in-process camera', async () => {
    const result = await runReservationDemo({
      apiUrl: stack!.url,
      prepay: '100',
      chargeSeconds: 2,
      // Bay P-02 at the AC post: its simulated clock has not run ahead in an earlier session, so
      // the car starts charging within seconds of entering (device time).
      spaceNo: 'P-02',
      tenant: config.DEMO_TENANT_ID,
      phone: '13900000002',
      operator: { phone: config.PLATFORM_ADMIN_PHONE, password: config.PLATFORM_ADMIN_PASSWORD },
      tenantOperator: { phone: config.DEMO_OPERATOR_PHONE, password: config.DEMO_OPERATOR_PASSWORD },
      timeoutSeconds: 60,
    });
    const { reservation, order } = result;
    const lock = events.filter((e) => e.serialNo === 'CF-DEMO-CAM01' && e.type === 'LOCK_STATE');
    // RES-2: the lock opened on the enter and closed on the leave (the camera's own replies).
    expect(lock.map((e) => (e as { state: string }).state)).toEqual(['OPEN', 'CLOSED']);
    const start = Date.parse(ofOrder(order.orderNo, 'START_ACCEPTED')[0]!.occurredAt);
    const stop = Date.parse(ofOrder(order.orderNo, 'STOPPED')[0]!.occurredAt);
    expect(reservation).toMatchObject({
      status: 'COMPLETED',
      spaceName: 'P-02',
      chargedMinutes: Math.floor((stop - start) / 60_000),
      // TAR-12 (demo tariff): 40–41 idle min − 15 grace = 25–26 min → 1 started 30-min unit × 2.00.
      occupancyFee: { amount: { cny: '2.00', fen: 200 } },
    });
    // The car left (charged minutes + 1 + 40) min after it entered; the exact charging time is
    // subtracted: 40 < idle ≤ 41 min (RES-3).
    expect(reservation.occupancyMinutes).toBeGreaterThanOrEqual(40);
    expect(reservation.occupancyMinutes).toBeLessThanOrEqual(41);
    expect(order.fees).toEqual([
      expect.objectContaining({
        kind: 'OCCUPANCY',
        source: { kind: 'RESERVATION', ref: reservation.reservationNo },
        amount: { cny: '2.00', fen: 200 },
      }),
    ]);
    expect(formatReservation(result)).toContain('as its own fee: 2.00 CNY');

    // The /dev camera control of the local stack: signed-in app users only, validated input.
    const sighting = (body: unknown, authorization?: string) =>
      fetch(`${stack!.url}/dev/cameras/CF-DEMO-CAM01/sightings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(body),
      });
    const valid = { spaceNo: 'P-01', plate: '沪AD12345', direction: 'ENTER' };
    expect((await sighting(valid)).status).toBe(401);
    expect((await sighting(valid, (await operator()).authorization)).status).toBe(401);

    // §14 camera commands on the local stack: the in-process demo camera answers a SNAPSHOT, whose
    // image is then listed and downloadable (PNG).
    const staff = await operator();
    const cameras = (await (
      await fetch(`${stack!.url}/cameras?stationId=demo-car-station`, { headers: staff })
    ).json()) as { items: { id: string; serialNo: string }[] };
    const camera = cameras.items.find((c) => c.serialNo === 'CF-DEMO-CAM01')!;
    const sent = await fetch(`${stack!.url}/cameras/${camera.id}/commands`, {
      method: 'POST',
      headers: { ...staff, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'SNAPSHOT', spaceNo: 'P-01' }),
    });
    expect(sent.status, await sent.clone().text()).toBe(202);
    let snapshots: { id: string; contentType: string }[] = [];
    for (let i = 0; i < 100 && snapshots.length === 0; i += 1) {
      snapshots = (
        (await (await fetch(`${stack!.url}/cameras/${camera.id}/snapshots`, { headers: staff })).json()) as {
          items: { id: string; contentType: string }[];
        }
      ).items;
      if (snapshots.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(snapshots).toHaveLength(1);
    const image = await fetch(`${stack!.url}/snapshots/${snapshots[0]!.id}/image`, { headers: staff });
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('a restart over the same database applies no migration and seeds nothing twice', async () => {
    await stack?.stop();
    stack = await startLocalStack(config, { observe });
    expect(stack.migrations).toEqual([]);
    expect(stack.seed.created).toBe(false);
    const stations = (await (await fetch(`${stack.url}/stations`, { headers: await operator() })).json()) as {
      items: unknown[];
    };
    expect(stations.items).toHaveLength(2); // the car and the e-bike station, once each
  });
});
