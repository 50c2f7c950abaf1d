import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@chargeflow/adapters';
import { describe, expect, it } from 'vitest';
import { workerConfig } from './config.js';

const KEY = randomBytes(32).toString('base64');
const failure = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    workerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('workerConfig (every tenant: no tenant setting)', () => {
  it('defaults: the platform database on the local MariaDB, admin URL from its server, no tenant id', () => {
    const config = workerConfig({ CHARGEFLOW_SECRET_KEY: KEY, CHARGEFLOW_TENANT_ID: 'ignored' });
    expect(config).toMatchObject({
      DATABASE_URL: 'mysql://chargeflow:chargeflow@127.0.0.1:3306/chargeflow',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      secretKey: KEY,
      tenantDbAdminUrls: undefined,
      taskQueue: 'chargeflow',
      ingestionGroupId: 'chargeflow-ingestion',
      migrateOnStart: true,
    });
    expect(config).not.toHaveProperty('tenantId');
  });

  it('refuses the sandbox payment channel in production mode unless told to (ASSET-3)', () => {
    const production = { CHARGEFLOW_SECRET_KEY: KEY, CHARGEFLOW_MODE: 'production' };
    expect(failure(production).variable).toBe('PAYMENT_SANDBOX');
    expect(failure({ ...production, PAYMENT_SANDBOX: 'on' }).variable).toBe('PAYMENT_SANDBOX');
    expect(
      workerConfig({ ...production, PAYMENT_SANDBOX: 'off', INVOICE_PROVIDER: 'none' }).payments.sandbox,
    ).toBe('off');
    expect(workerConfig({ ...production, ALLOW_SANDBOX: 'true' }).payments.sandbox).toBe('default');
    expect(
      workerConfig({ CHARGEFLOW_SECRET_KEY: KEY, PAYMENT_SANDBOX_FAILURE_RATE: '0.25' }).payments,
    ).toEqual({
      sandbox: 'default',
      sandboxBehaviour: { delayMs: 200, failureRate: 0.25 },
    });
  });

  it('refuses the sandbox invoicing provider in production mode unless told to (INV-2)', () => {
    const production = { CHARGEFLOW_SECRET_KEY: KEY, CHARGEFLOW_MODE: 'production', PAYMENT_SANDBOX: 'off' };
    expect(failure(production).variable).toBe('INVOICE_PROVIDER');
    expect(failure({ ...production, INVOICE_PROVIDER: 'sandbox' }).variable).toBe('INVOICE_PROVIDER');
    expect(workerConfig({ ...production, INVOICE_PROVIDER: 'none' }).invoices).toEqual({ kind: 'none' });
    expect(workerConfig({ ...production, ALLOW_SANDBOX: 'true' }).invoices.kind).toBe('sandbox');
    expect(
      workerConfig({
        CHARGEFLOW_SECRET_KEY: KEY,
        INVOICE_SANDBOX_DELAY_MS: '50',
        INVOICE_SANDBOX_FAILURE_RATE: '0.5',
      }).invoices,
    ).toEqual({ kind: 'sandbox', delayMs: 50, failureRate: 0.5 });
    expect(failure({ CHARGEFLOW_SECRET_KEY: KEY, INVOICE_SANDBOX_FAILURE_RATE: '2' }).variable).toBe(
      'INVOICE_SANDBOX_FAILURE_RATE',
    );
  });

  it('accepts a file: platform database (SQLite tenant files beside it, or TENANT_DB_DIR)', () => {
    const config = workerConfig({
      CHARGEFLOW_SECRET_KEY: KEY,
      DATABASE_URL: 'file:/var/lib/chargeflow/platform.db',
      TENANT_DB_DIR: '/var/lib/chargeflow/tenants',
    });
    expect(config).toMatchObject({
      DATABASE_URL: 'file:/var/lib/chargeflow/platform.db',
      tenantDbDir: '/var/lib/chargeflow/tenants',
    });
  });

  it('names the bad variable in one line, never repeating a secret', () => {
    expect(failure({}).variable).toBe('CHARGEFLOW_SECRET_KEY');
    const short = failure({ CHARGEFLOW_SECRET_KEY: 'c2hvcnQ=' });
    expect(short.variable).toBe('CHARGEFLOW_SECRET_KEY');
    expect(short.message).not.toContain('c2hvcnQ=');
    expect(failure({ CHARGEFLOW_SECRET_KEY: KEY, DATABASE_URL: 'postgres://x/y' }).variable).toBe(
      'DATABASE_URL',
    );
    const admin = failure({ CHARGEFLOW_SECRET_KEY: KEY, TENANT_DB_ADMIN_URLS: 'http://root:s3cret@db' });
    expect(admin.variable).toBe('TENANT_DB_ADMIN_URLS');
    expect(admin.message).not.toContain('s3cret');
    expect(failure({ CHARGEFLOW_SECRET_KEY: KEY, KAFKA_BROKERS: 'no-port' }).variable).toBe('KAFKA_BROKERS');
    expect(failure({ CHARGEFLOW_SECRET_KEY: KEY, KAFKA_TOPIC_PARTITIONS: '0' }).variable).toBe(
      'KAFKA_TOPIC_PARTITIONS',
    );
    for (const error of [short, admin]) expect(error.message.split('\n')).toHaveLength(1);
  });

  it('the process exits with code 78 and one line naming the variable when it is missing', () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const env = { ...process.env, CHARGEFLOW_SECRET_KEY: '' };
    const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', main], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(78);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('CHARGEFLOW_SECRET_KEY');
  }, 30_000); // a cold `tsx` start of the worker takes ~5 s on a loaded 2-core machine

  it('issue 16: the worker tuning defaults hold 10,000 sessions in the cache; a variable overrides one knob, a bad one is named', () => {
    expect(workerConfig({ CHARGEFLOW_SECRET_KEY: KEY })).toMatchObject({
      tuning: {
        maxCachedWorkflows: 10_000,
        maxConcurrentWorkflowTaskExecutions: 40,
        maxConcurrentActivityTaskExecutions: 200,
        stickyQueueScheduleToStartTimeout: 10_000,
      },
      partitionsConsumedConcurrently: 6,
      signOfLifeIntervalMs: 60_000,
      // Decision 0019: a session with held samples is signalled at least every 2 minutes.
      sampleCheckpointMs: 120_000,
    });
    const tuned = workerConfig({
      CHARGEFLOW_SECRET_KEY: KEY,
      WORKER_MAX_CACHED_WORKFLOWS: '20000',
      INGESTION_PARTITIONS_CONCURRENTLY: '12',
      SAMPLE_CHECKPOINT_MS: '0',
    });
    expect(tuned.sampleCheckpointMs).toBe(0);
    expect(failure({ CHARGEFLOW_SECRET_KEY: KEY, SAMPLE_CHECKPOINT_MS: '-1' }).message).toContain(
      'SAMPLE_CHECKPOINT_MS',
    );
    expect(tuned.tuning.maxCachedWorkflows).toBe(20_000);
    expect(tuned.tuning.maxConcurrentWorkflowTaskExecutions).toBe(40);
    expect(tuned.partitionsConsumedConcurrently).toBe(12);
    expect(failure({ CHARGEFLOW_SECRET_KEY: KEY, WORKER_MAX_CACHED_WORKFLOWS: 'lots' }).message).toContain(
      'WORKER_MAX_CACHED_WORKFLOWS',
    );
  });
});
