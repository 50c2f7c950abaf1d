// apps/api's own composition (buildApi) over the real services: /health is public up/down and shows
// its details only to a caller holding system:health (issue 9 item 6, issue 10).
import { randomBytes } from 'node:crypto';
import { DefaultLogger, Runtime, type NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints, silentLogger } from '@chargeflow/adapters';
import { createChargeflowWorker } from '@chargeflow/worker';
import { apiConfig, buildApi, type BuiltApi } from '@chargeflow/api';

const endpoints = serviceEndpoints();
const taskQueue = `health-${process.pid}-${Date.now()}`;
const platformDb = `cf_health_${Date.now()}_${randomBytes(3).toString('hex')}`;
const ADMIN = { phone: '13900000009', password: 'Health!Adm1n' };
let worker: Worker;
let workerConnection: NativeConnection;
let running: Promise<void>;
let api: BuiltApi;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  ({ worker, connection: workerConnection } = await createChargeflowWorker({
    address: endpoints.TEMPORAL_ADDRESS,
    namespace: endpoints.TEMPORAL_NAMESPACE,
    taskQueue,
  }));
  running = worker.run();
  const url = new URL(endpoints.DATABASE_URL);
  url.pathname = `/${platformDb}`;
  const config = apiConfig({
    DATABASE_URL: url.toString(),
    TEMPORAL_ADDRESS: endpoints.TEMPORAL_ADDRESS,
    KAFKA_BROKERS: endpoints.KAFKA_BROKERS.join(','),
    MONGODB_URL: endpoints.MONGODB_URL,
    TASK_QUEUE: taskQueue,
    CHARGEFLOW_SECRET_KEY: randomBytes(32).toString('hex'),
    AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'),
    PLATFORM_ADMIN_PHONE: ADMIN.phone,
    PLATFORM_ADMIN_PASSWORD: ADMIN.password,
  });
  api = await buildApi(config, silentLogger);
});

afterAll(async () => {
  await api?.controlPlane.orm.em.getConnection().execute(`drop database if exists \`${platformDb}\``);
  await api?.close();
  worker?.shutdown();
  await running;
  await workerConnection?.close();
});

describe('apps/api /health over the real services (foundation, issue 9 item 6)', () => {
  it('answers a plain up/down to anyone, without endpoints, hosts or pids', async () => {
    const response = await api.app.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'up' });
  });

  it('shows every dependency (platform database, Temporal, worker round trip, Kafka, MongoDB) to a platform operator', async () => {
    const signIn = await api.app.request('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(signIn.status).toBe(200);
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const response = await api.app.request('/health', {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const body = (await response.json()) as {
      status: string;
      dependencies: Array<{ name: string; status: string; detail: string }>;
    };
    expect(body.dependencies.filter((d) => d.status !== 'up')).toEqual([]);
    expect(body.dependencies.map((d) => d.name)).toEqual([
      'database',
      'temporal',
      'worker',
      'kafka',
      'mongodb',
    ]);
    expect(body.dependencies.find((d) => d.name === 'worker')?.detail).toContain('chargeflow-worker@');
  });

  it('an invalid token sees the plain answer (no details, no error)', async () => {
    const response = await api.app.request('/health', { headers: { authorization: 'Bearer nope' } });
    expect(await response.json()).toEqual({ status: 'up' });
  });
});
