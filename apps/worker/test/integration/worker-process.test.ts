// The production worker process (apps/worker/src/main.ts) on the REAL services, configured by the
// environment only: it opens the control plane on a fresh MariaDB platform database and serves a
// tenant provisioned AFTER it started (tenant databases are resolved per call; there is no tenant
// setting). A simulated charger rejects the start over Kafka; the worker finds the serial's tenant
// in the device registry, the session ends ABNORMAL (ORD-2) and is settled and refunded in that
// tenant's own database. The same process runs contract workflows (TEN-4) with their activities over
// the platform database. SIGTERM stops the process cleanly (exit 0).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
  TenantContracts,
  TenantProfiles,
  connectChargeflowClient,
  deleteTopics,
  deviceTopics,
  openPlatformDatabase,
  parseTenantDbAdminUrls,
  serviceEndpoints,
  startDeviceSimulator,
  type DeviceSimulator,
} from '@chargeflow/adapters';
import { chargingStartOptions, refundWorkflowId, type chargingSessionWorkflow } from '@chargeflow/workflows';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnWorker } from '../support/worker-process.js';

const run = randomBytes(3).toString('hex');
const config = serviceEndpoints();
const server = new URL(config.DATABASE_URL.replace(/^mariadb:/, 'mysql:'));
const address = `${server.hostname}:${server.port === '' ? 3306 : server.port}`;
const platformName = `cf_wproc_${run}`;
const platformUrl = (() => {
  const url = new URL(server);
  url.pathname = `/${platformName}`;
  return url.toString();
})();
const key = randomBytes(32);
const topics = deviceTopics({ prefix: `wproc-${run}.`, partitions: 2 });
const taskQueue = `wproc-${run}`;
const ingestionGroup = `cf-wproc-${run}`;
const OPS = platformPrincipal('worker-test', ['OPS']);
const cleanups: (() => Promise<unknown>)[] = [];
let worker: ChildProcess | undefined;

const TARIFF: CarTariffDefinition = {
  kind: 'CAR',
  id: 'T-W',
  version: 1,
  savedAt: '2024-04-30T10:00:00+08:00',
  pricing: { mode: 'FLAT', energyPrice: '1.00000', servicePrice: '0.50000' },
};

afterAll(async () => {
  worker?.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe('apps/worker process (issue 10: every tenant)', () => {
  it('serves a tenant provisioned after it started: the serial’s tenant from the registry, ORD-2 settled in that tenant’s database; TEN-4 contract workflows; SIGTERM exits 0', async () => {
    const kafka = new Kafka({
      clientId: `wproc-${run}`,
      brokers: config.KAFKA_BROKERS,
      logLevel: logLevel.NOTHING,
    });
    cleanups.push(async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.deleteGroups([ingestionGroup, `cf-wproc-sim-${run}`]).catch(() => undefined);
        // The worker process created the topics: this client learns them first, and KRaft deletes
        // asynchronously, so delete until they are gone.
        const names = [topics.events, topics.dlq, topics.commands];
        for (let attempt = 0; attempt < 20; attempt += 1) {
          const left = new Set(await admin.listTopics());
          if (!names.some((name) => left.has(name))) break;
          await admin
            .fetchTopicMetadata({ topics: names.filter((name) => left.has(name)) })
            .catch(() => undefined);
          await deleteTopics(admin, topics).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      } finally {
        await admin.disconnect();
      }
    });
    const spawned = await spawnWorker({
      DATABASE_URL: platformUrl,
      CHARGEFLOW_SECRET_KEY: key.toString('base64'),
      KAFKA_TOPIC_PREFIX: `wproc-${run}.`,
      KAFKA_TOPIC_PARTITIONS: '2',
      INGESTION_GROUP_ID: ingestionGroup,
      TASK_QUEUE: taskQueue,
      LOG_LEVEL: 'info',
    });
    worker = spawned.child;
    const { exited } = spawned;

    // The control plane's side, as the API would do it: a tenant, its database, a charger's serial.
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
    const tenantId = `wp${run}`;
    await catalog.createTenant({ id: tenantId, name: 'Worker test' });
    await catalog.configureDatasource(
      tenantId,
      {
        address,
        account: `u_${tenantId}`,
        password: 'W0rker!Tenant#1',
        maxConnections: 2,
        minConnections: 1,
      },
      OPS,
    );
    cleanups.push(() => catalog.deleteDatasource(tenantId, OPS));
    const pools = new PooledTenantDatabases({ em: platform.em, provisioner, secrets });
    cleanups.push(() => pools.closeAll());
    const db = await pools.get(tenantId);
    const serial = `WPROC-${run}`;
    await new PlatformDeviceRegistry({ em: platform.em, now: Date.now }).register(serial, tenantId);
    const simulator: DeviceSimulator = await startDeviceSimulator({
      kafka,
      topics,
      serials: [serial],
      settings: { rejectStarts: true },
      groupId: `cf-wproc-sim-${run}`,
      fromBeginning: true,
    });
    cleanups.push(() => simulator.stop());

    // What the API does on an app start: the order row and the prepay, then the workflow.
    const orderNo = `CH${run}W1`;
    const paymentNo = `PY${run}W1`;
    const prepay = fen(3000);
    // The API's payment side: the sandbox answers in-process with a signed callback (PAY-1).
    const payments = openPaymentServices({
      options: { sandbox: 'default', sandboxBehaviour: { delayMs: 5 } },
      tenants: pools,
      secrets,
      clock: Date.now,
    });
    cleanups.push(async () => payments.close());
    const paid = await payments
      .channels(db.em, tenantId)
      .pay({ paymentNo, orderNo, amount: prepay, stationId: 'st' });
    expect(paid.status).toBe('PAY_SUCCESS');
    const orders = new ChargingOrderRepository(db.em, Date.now);
    const funding = { kind: 'PREPAY', paymentNo, prepay } as const;
    await orders.create({
      orderNo,
      providerId: 'pv',
      propertyId: 'pp',
      stationId: 'st',
      chargerId: 'ch',
      chargerSerial: serial,
      connectorId: 'cn',
      connectorNo: '1',
      startWay: 'APP',
      funding,
      tariff: { tariffId: TARIFF.id, version: TARIFF.version },
      createdAt: Date.now(),
    });
    const temporal = await connectChargeflowClient({
      address: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
    });
    cleanups.push(temporal.close);
    const handle = await temporal.client.workflow.start<typeof chargingSessionWorkflow>(
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
          timeouts: { startMs: 30_000, heartbeatMs: 60_000, stopMs: 30_000 },
          preconditions: {
            assets: { stationEnabled: true, areaEnabled: true, chargerEnabled: true, connectorEnabled: true },
            prepayPaid: true,
          },
          options: { afterEndListenMs: 0 },
        },
        taskQueue,
      ),
    );
    const result = await handle.result();
    expect(result.status, spawned.output()).toBe('ABNORMAL');
    expect(await orders.get(orderNo)).toMatchObject({
      status: 'ABNORMAL',
      settlementCount: 1,
      fee: 0n,
      prepayReturned: prepay,
    });
    // ORD-6, REF-2: the return is carried by a refundWorkflow the activity started in the worker.
    const ledger = new PaymentLedger(db.em);
    for (let i = 0; i < 300; i += 1) {
      if ((await ledger.refundsOf(paymentNo))[0]?.status === 'REFUNDED') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await ledger.refundsOf(paymentNo)).toMatchObject([
      { type: 'PREPAY_RETURN', amount: prepay, status: 'REFUNDED' },
    ]);
    const refundRun = await temporal.client.workflow
      .getHandle(refundWorkflowId(tenantId, `${orderNo}-PR`, 1))
      .result();
    expect(refundRun).toMatchObject({ status: 'REFUNDED', attempts: 1 });

    // TEN-4: the same process runs contract workflows with their activities over the platform
    // database: signed on its start date, the contract is ACTIVE at once; terminated, it closes the tenant.
    const profiles = new TenantProfiles({ em: platform.em, now: Date.now });
    await profiles.update(tenantId, {
      licenceNo: 'L-W',
      enterpriseName: 'Worker Co.',
      address: 'Worker Road 1',
      contactName: 'W',
      contactPhone: '13800000001',
    });
    await profiles.open(tenantId);
    const contracts = new TenantContracts({
      em: platform.em,
      workflows: temporal.client.workflow,
      taskQueue,
      now: Date.now,
    });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const made = await contracts.create(
      tenantId,
      {
        bankName: 'ICBC',
        legalRepresentative: 'W',
        accountNo: '6222020000000000',
        startDate: today,
        endDate: '2099-12-31',
        authorisedCommunityCount: 1,
        amount: '0.01',
        partyAContact: 'W',
        partyAPhone: '13800000001',
        partyBContact: 'Ops',
        partyBPhone: '13800000002',
      },
      'worker-test',
    );
    const signed = await contracts.sign(made.contract.contractNo, 'worker-test');
    expect(signed.contract, spawned.output()).toMatchObject({ status: 'ACTIVE', revision: 3, amount: 1n });
    const ended = await contracts.terminate(made.contract.contractNo, 'worker test done', 'worker-test');
    expect(ended.live).toMatchObject({ status: 'TERMINATED', tenantClosed: true });
    expect((await profiles.get(tenantId)).state).toBe('CLOSED');

    worker.kill('SIGTERM');
    expect(await exited, spawned.output()).toBe(0);
    worker = undefined;
  });
});
