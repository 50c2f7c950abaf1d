// R1 (issue 16), ORD-6, ORD-7: 100 car sessions run on the REAL services while the production worker
// process (apps/worker) is killed with SIGKILL at five random moments and started again each time.
// Every session must settle exactly once at the hand-computed fee and return the rest of its prepay
// exactly once: 0 double and 0 missed settlements. On demand (`npm run test:on-demand`, a few
// minutes): too long for the CI suite; see docs/operations.md.
import { randomBytes, randomInt } from 'node:crypto';
import { fen, parseCarTariff, platformPrincipal, unwrap, type CarTariffDefinition } from '@chargeflow/core';
import {
  ChargingOrderRepository,
  MariaDbProvisioner,
  PaymentLedger,
  PlatformDeviceRegistry,
  PlatformTenantCatalog,
  PooledTenantDatabases,
  openPaymentServices,
  SecretBox,
  connectChargeflowClient,
  deviceTopics,
  openPlatformDatabase,
  parseTenantDbAdminUrls,
  serviceEndpoints,
  startDeviceSimulator,
} from '@chargeflow/adapters';
import {
  chargingStartOptions,
  chargingWorkflowId,
  type chargingSessionWorkflow,
} from '@chargeflow/workflows';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';

const SESSIONS = Number(process.env['R1_SESSIONS'] ?? '100');
const KILLS = 5;
const run = randomBytes(3).toString('hex');
const config = serviceEndpoints();
const server = new URL(config.DATABASE_URL.replace(/^mariadb:/, 'mysql:'));
const address = `${server.hostname}:${server.port === '' ? 3306 : server.port}`;
const platformName = `cf_r1_${run}`;
const platformUrl = (() => {
  const url = new URL(server);
  url.pathname = `/${platformName}`;
  return url.toString();
})();
const key = randomBytes(32);
const topics = deviceTopics({ prefix: `r1-${run}.`, partitions: 6 });
const env = {
  DATABASE_URL: platformUrl,
  CHARGEFLOW_SECRET_KEY: key.toString('base64'),
  KAFKA_TOPIC_PREFIX: `r1-${run}.`,
  KAFKA_TOPIC_PARTITIONS: '6',
  INGESTION_GROUP_ID: `cf-r1-${run}`,
  TASK_QUEUE: `r1-${run}`,
  LOG_LEVEL: 'info', // "worker running" is an info line
};
const OPS = platformPrincipal('r1-test', ['OPS']);
const cleanups: (() => Promise<unknown>)[] = [];
let worker: WorkerProcess | undefined;

// FLAT (TAR-1): 1.00 energy + 0.50 service per kWh.
const TARIFF: CarTariffDefinition = {
  kind: 'CAR',
  id: 'T-R1',
  version: 1,
  savedAt: '2024-04-30T10:00:00+08:00',
  pricing: { mode: 'FLAT', energyPrice: '1.00000', servicePrice: '0.50000' },
};
// Each car charges from 20 % of 20,000 Wh until full and the charger stops by itself (AUTO_STOP):
// 16,000 Wh = 16.000 kWh → ENERGY 16.00 + SERVICE 8.00 = 24.00 CNY; prepay 50.00 → 26.00 back.
const PREPAY = fen(5_000);
const FEE = 2_400n;
const RETURNED = 2_600n;

afterAll(async () => {
  worker?.child.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe('the worker process SIGKILLed five times under 100 sessions (R1)', () => {
  it(`R1 ORD-6 ORD-7 ${SESSIONS} sessions, the worker killed with SIGKILL at ${KILLS} random moments and restarted: every order settled exactly once at 24.00, 26.00 returned once`, async () => {
    worker = await spawnWorker(env);
    const kafka = new Kafka({
      clientId: `r1-${run}`,
      brokers: config.KAFKA_BROKERS,
      logLevel: logLevel.NOTHING,
    });
    const { orm: platform } = await openPlatformDatabase(platformUrl, { migrate: false });
    cleanups.push(async () => {
      await platform.em.getConnection().execute(`drop database if exists \`${platformName}\``);
      await platform.close(true);
    });
    const provisioner = new MariaDbProvisioner({
      adminServers: parseTenantDbAdminUrls(`mysql://${server.username}:${server.password}@${address}`),
    });
    const secrets = new SecretBox(key);
    const catalog = new PlatformTenantCatalog({ em: platform.em, provisioner, secrets, now: Date.now });
    const tenantId = `r1${run}`;
    await catalog.createTenant({ id: tenantId, name: 'R1 test' });
    await catalog.configureDatasource(
      tenantId,
      { address, account: `u_${tenantId}`, password: 'R1!Tenant#2026', maxConnections: 8, minConnections: 1 },
      OPS,
    );
    cleanups.push(() => catalog.deleteDatasource(tenantId, OPS));
    // The test keeps `db` for its whole run (over 5 minutes with 100 sessions): no idle close under it.
    const pools = new PooledTenantDatabases({ em: platform.em, provisioner, secrets, idleMs: 60 * 60_000 });
    cleanups.push(() => pools.closeAll());
    const db = await pools.get(tenantId);
    const serials = Array.from({ length: SESSIONS }, (_, i) => `R1-${run}-${i}`);
    const registry = new PlatformDeviceRegistry({ em: platform.em, now: Date.now });
    for (const serial of serials) await registry.register(serial, tenantId);
    const simulator = await startDeviceSimulator({
      kafka,
      topics,
      serials,
      // 600×: a simulated minute per 100 ms; 16 kWh at 7 kW ≈ 137 simulated minutes ≈ 14 s each.
      settings: {
        timeScale: 600,
        sampleIntervalMs: 60_000,
        heartbeatIntervalMs: 300_000,
        batteryWh: 20_000,
        initialSoc: 20,
      },
      groupId: `cf-r1-sim-${run}`,
      fromBeginning: true,
    });
    cleanups.push(() => simulator.stop());
    const payments = openPaymentServices({
      options: { sandbox: 'default', sandboxBehaviour: { delayMs: 5 } },
      tenants: pools,
      secrets,
      clock: Date.now,
    });
    cleanups.push(async () => payments.close());
    const temporal = await connectChargeflowClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    cleanups.push(temporal.close);
    const orders = new ChargingOrderRepository(db.em, Date.now);
    const orderNos = serials.map((_, i) => `CH${run}R${String(i).padStart(3, '0')}`);

    // What the API does on an app start, for every session: the prepay, the order row, the workflow.
    const starting = (async () => {
      for (const [i, serial] of serials.entries()) {
        const orderNo = orderNos[i]!;
        const paymentNo = `PY${orderNo.slice(2)}`;
        const paid = await payments
          .channels(db.em, tenantId)
          .pay({ paymentNo, orderNo, amount: PREPAY, stationId: 'st' });
        expect(paid.status).toBe('PAY_SUCCESS');
        const funding = { kind: 'PREPAY', paymentNo, prepay: PREPAY } as const;
        await orders.create({
          orderNo,
          providerId: 'pv',
          propertyId: 'pp',
          stationId: 'st',
          chargerId: `ch-${i}`,
          chargerSerial: serial,
          connectorId: `cn-${i}`,
          connectorNo: '1',
          startWay: 'APP',
          funding,
          tariff: { tariffId: TARIFF.id, version: TARIFF.version },
          createdAt: Date.now(),
        });
        await temporal.client.workflow.start<typeof chargingSessionWorkflow>(
          'chargingSessionWorkflow',
          chargingStartOptions(
            {
              tenantId,
              orderNo,
              stationId: 'st',
              chargerSerial: serial,
              connectorNo: 1,
              startWay: 'APP',
              funding,
              tariff: unwrap(parseCarTariff(TARIFF)),
              timeZone: 'Asia/Shanghai',
              // Longer than a worker restart: a session must not time out while nobody listens.
              timeouts: { startMs: 120_000, heartbeatMs: 300_000, stopMs: 120_000 },
              preconditions: {
                assets: {
                  stationEnabled: true,
                  areaEnabled: true,
                  chargerEnabled: true,
                  connectorEnabled: true,
                },
                prepayPaid: true,
              },
              options: { afterEndListenMs: 0 },
            },
            env.TASK_QUEUE,
          ),
        );
      }
    })();

    // Five SIGKILLs at random moments while the sessions start and run; a new process each time.
    const kills: number[] = [];
    for (let k = 0; k < KILLS; k += 1) {
      await new Promise((resolve) => setTimeout(resolve, randomInt(1_000, 6_000)));
      worker.child.kill('SIGKILL');
      expect(await worker.exited).toBeNull();
      kills.push(Date.now());
      worker = await spawnWorker(env);
    }
    await starting;

    // Every workflow closes; every order is settled once with the hand-computed fee.
    const results = await Promise.all(
      orderNos.map((orderNo) =>
        temporal.client.workflow.getHandle(chargingWorkflowId(tenantId, orderNo)).result(),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(orderNos.map(() => 'COMPLETED'));
    const ledger = new PaymentLedger(db.em);
    const refundDeadline = Date.now() + 240_000;
    for (const orderNo of orderNos) {
      const order = await orders.get(orderNo);
      expect(order, orderNo).toMatchObject({
        status: 'COMPLETED',
        endReason: 'AUTO_STOP',
        settlementCount: 1,
        energyWh: 16_000,
        fee: FEE,
        prepayReturned: RETURNED,
      });
      let refunds = await ledger.refundsOf(`PY${orderNo.slice(2)}`);
      // A return whose sandbox callback died with a killed worker is settled by the workflow's status
      // query after its 60 s wait: give all of them one shared deadline.
      while (refunds.some((r) => r.status !== 'REFUNDED') && Date.now() < refundDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        refunds = await ledger.refundsOf(`PY${orderNo.slice(2)}`);
      }
      // ORD-6: one PREPAY_RETURN of 26.00, carried out once.
      expect(refunds, orderNo).toMatchObject([
        { type: 'PREPAY_RETURN', amount: RETURNED, status: 'REFUNDED' },
      ]);
    }
    expect(kills).toHaveLength(KILLS);
  }, 900_000);
});
