// Issue 15, `npm run demo -- --ebike` on the local stack: `npm start`'s composition on embedded
// defaults (SQLite files, in-process devices) against the running Temporal dev server seeds the demo
// e-bike station with its four-socket box and power-band tariff; the demo client, as an app user,
// charges an e-bike on socket 2 (the simulated box draws 350 W there) and reads the bill. The
// expected bill is written by hand from the demo tariff (TAR-7), not computed by core's pricer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { DeviceEvent } from '@chargeflow/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localStackConfig, type LocalStackConfig } from '../../src/config.js';
import { runDemo } from '../../src/demo-client.js';
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
  scratch = await mkdtemp(join(tmpdir(), 'chargeflow-demo-ebike-'));
  const run = randomUUID().slice(0, 8);
  config = localStackConfig(root, {
    ...(process.env['TEMPORAL_ADDRESS'] ? { TEMPORAL_ADDRESS: process.env['TEMPORAL_ADDRESS'] } : {}),
    DATABASE_URL: `file:${join(scratch, 'chargeflow.db')}`,
    PORT: String(await freePort()),
    TASK_QUEUE: `local-demo-ebike-${run}`,
    DEMO_TENANT_ID: `demo-eb-${run}`,
    // 600×: a second of wall time is 10 box minutes (past the 5 free minutes, well inside 4 h).
    DEVICE_TIME_SCALE: '600',
  });
  stack = await startLocalStack(config, { observe });
});

afterAll(async () => {
  await stack?.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe('npm run demo -- --ebike: an e-bike session on the local stack (ORD-8, TAR-7, ASSET-7)', () => {
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

  it('ASSET-7 seeds an EBIKE station with a four-socket box (sockets IDLE) beside the car station', async () => {
    const headers = await operator();
    const get = async (path: string) => (await fetch(`${stack!.url}${path}`, { headers })).json();
    const stations = (await get('/stations')) as { items: { id: string; kind: string }[] };
    expect(stations.items.map((s) => [s.id, s.kind]).sort()).toEqual([
      ['demo-car-station', 'CAR'],
      ['demo-ebike-station', 'EBIKE'],
    ]);
    const sockets = (await get('/chargers/CF-DEMO-EB01/sockets')) as {
      items: { socketNo: string; state: string }[];
    };
    expect(sockets.items.map((s) => [s.socketNo, s.state])).toEqual([
      ['1', 'IDLE'],
      ['2', 'IDLE'],
      ['3', 'IDLE'],
      ['4', 'IDLE'],
    ]);
  });

  it('ORD-8 TAR-7 the app user charges on socket 2 (350 W), stops, and is billed one 4-h unit of the 200–400 W band: 1.50, 3.50 of the 5.00 prepay back', async () => {
    const order = await runDemo({
      apiUrl: stack!.url,
      kind: 'EBIKE',
      prepay: '5',
      chargeSeconds: 2,
      tenant: config.DEMO_TENANT_ID,
      phone: '13900000002',
      operator: { phone: config.PLATFORM_ADMIN_PHONE, password: config.PLATFORM_ADMIN_PASSWORD },
      timeoutSeconds: 60,
    });
    expect(order).toMatchObject({ status: 'ENDED', endReason: 'USER', chargerSerial: 'CF-DEMO-EB01' });
    expect(order.connectorNo).toBe('2');
    expect(order.bill?.lines).toEqual([
      expect.objectContaining({
        kind: 'DURATION',
        band: 'POWER_2',
        label: expect.stringContaining('max 350 W'),
        quantity: expect.objectContaining({ value: '1' }),
        unitPrice: '1.50000',
        amount: { cny: '1.50', fen: 150 },
      }),
    ]);
    expect(order.bill?.total.fen).toBe(150);
    expect(order.prepayReturned?.fen).toBe(350);

    // The box reported the socket's states and its own power curve through the device path.
    const mine = events.filter(
      (e) => e.serialNo === 'CF-DEMO-EB01' && 'connectorNo' in e && e.connectorNo === 2,
    );
    expect(mine.filter((e) => e.type === 'CONNECTOR_STATUS').map((e) => 'status' in e && e.status)).toEqual([
      'CHARGING',
      'AVAILABLE',
    ]);
    const powers = mine.flatMap((e) => (e.type === 'METER_SAMPLE' ? [e.powerW] : []));
    expect(Math.max(...powers)).toBe(350);
  });
});
