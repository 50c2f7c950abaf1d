import {
  ADMIN_URLS_VARIABLE,
  ConfigError,
  DEFAULT_ENDPOINTS,
  deviceTopics,
  isSqliteUrl,
  parseTenantDbAdminUrls,
  secretBoxFromEnv,
  serviceEndpoint,
  type DeviceTopics,
  parseEnvironment,
  PAYMENT_SETTINGS,
  paymentOptionsOf,
  type PaymentOptions,
  INVOICE_SETTINGS,
  invoiceOptionsOf,
  type InvoiceProviderOptions,
} from '@chargeflow/adapters';
import { TASK_QUEUE } from '@chargeflow/workflows';
import { z } from 'zod';
import { TuningSchema, workerTuning, type WorkerTuning } from './tuning.js';

const Schema = TuningSchema.extend({
  /** The PLATFORM database: mysql://… (production) or file:… (a single-machine install). */
  DATABASE_URL: z
    .string()
    .regex(
      /^(mysql|mariadb):\/\/[^\s]+$|^file:[^\s]+$/,
      'expected mysql://user:password@host:port/database or file:path.db',
    )
    .default(DEFAULT_ENDPOINTS.DATABASE_URL),
  /** Seals the datasource passwords; the same key as the API's (checked by `secretBoxFromEnv`). */
  CHARGEFLOW_SECRET_KEY: z.string().optional(),
  /** Admin accounts of the tenant database servers; default: DATABASE_URL's server and account. */
  TENANT_DB_ADMIN_URLS: z.string().min(1).optional(),
  /** SQLite platform only: the folder of the tenant files; default `tenants/` beside the platform file. */
  TENANT_DB_DIR: z.string().min(1).optional(),
  TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(10_000).default(6),
  INGESTION_GROUP_ID: z.string().min(1).max(249).default('chargeflow-ingestion'),
  /** `false` when migrations (platform and tenant databases) are applied by a separate deploy step. */
  MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** How contract expiry notices leave (TEN-4): only the sandbox (recorded in the platform database) exists yet. */
  CONTRACT_NOTIFIER: z.enum(['sandbox']).default('sandbox'),
  /** Timeouts of the sessions the worker starts itself (card swipes, ORD-1); the API's defaults. */
  ORDER_START_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  ORDER_HEARTBEAT_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  ORDER_STOP_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** `production` refuses the sandbox payment channel unless ALLOW_SANDBOX=true. */
  CHARGEFLOW_MODE: z.enum(['development', 'production']).default('development'),
  ALLOW_SANDBOX: z.enum(['true', 'false']).default('false'),
  ...PAYMENT_SETTINGS,
  ...INVOICE_SETTINGS,
});

/** The worker process's configuration: the service endpoints, the control plane, its own settings. */
export interface WorkerConfig {
  /** The platform database (tenants, datasources, device registry): mysql://… or file:…. */
  readonly DATABASE_URL: string;
  readonly TEMPORAL_ADDRESS: string;
  readonly TEMPORAL_NAMESPACE: string;
  readonly KAFKA_BROKERS: string[];
  readonly MONGODB_URL: string;
  /** CHARGEFLOW_SECRET_KEY as given (validated): opens the tenants' datasource passwords. */
  readonly secretKey: string;
  /** TENANT_DB_ADMIN_URLS as given (validated), or undefined: DATABASE_URL's server and account. */
  readonly tenantDbAdminUrls: string | undefined;
  /** TENANT_DB_DIR as given, or undefined: `tenants/` beside a file: platform database. */
  readonly tenantDbDir: string | undefined;
  readonly taskQueue: string;
  readonly topics: DeviceTopics;
  readonly ingestionGroupId: string;
  readonly migrateOnStart: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** CONTRACT_NOTIFIER: the contract workflow's notifier (TEN-4). */
  readonly contractNotifier: 'sandbox';
  /** Temporal worker tuning (WORKER_MAX_CACHED_WORKFLOWS, …; apps/worker/src/tuning.ts). */
  readonly tuning: WorkerTuning;
  /** Partitions consumed at once by this process (INGESTION_PARTITIONS_CONCURRENTLY). */
  readonly partitionsConsumedConcurrently: number;
  /** SIGN_OF_LIFE_INTERVAL_MS: heartbeat-only signals to a session at most this often. */
  readonly signOfLifeIntervalMs: number;
  /** SAMPLE_CHECKPOINT_MS: a session with held (recorded) samples is signalled at least this often. */
  readonly sampleCheckpointMs: number;
  /** Timeouts of card-swipe sessions (ORDER_*_TIMEOUT_SECONDS), ms. */
  readonly orderTimeouts: { readonly startMs: number; readonly heartbeatMs: number; readonly stopMs: number };
  /** The payment channels (PAYMENT_SANDBOX, …): prepay returns and refunds go through them. */
  readonly payments: PaymentOptions;
  /** The invoicing provider (INVOICE_PROVIDER, …; refused as sandbox in production unless ALLOW_SANDBOX=true). */
  readonly invoices: InvoiceProviderOptions;
}

/**
 * Reads and validates the worker's configuration from the environment: DATABASE_URL (the platform
 * database, mysql:// or file:), CHARGEFLOW_SECRET_KEY (required), TENANT_DB_ADMIN_URLS, TENANT_DB_DIR,
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, KAFKA_BROKERS, MONGODB_URL, TASK_QUEUE, KAFKA_TOPIC_PREFIX,
 * KAFKA_TOPIC_PARTITIONS, INGESTION_GROUP_ID, MIGRATE_ON_START, LOG_LEVEL, CHARGEFLOW_MODE, ALLOW_SANDBOX,
 * PAYMENT_SANDBOX and INVOICE_PROVIDER (sandboxes refused in production unless ALLOW_SANDBOX=true), CONTRACT_NOTIFIER, ORDER_START_TIMEOUT_SECONDS,
 * ORDER_HEARTBEAT_TIMEOUT_SECONDS, ORDER_STOP_TIMEOUT_SECONDS (card-swipe sessions), and the tuning
 * (WORKER_MAX_CACHED_WORKFLOWS, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, WORKER_MAX_CONCURRENT_ACTIVITIES,
 * WORKER_STICKY_TIMEOUT_MS, INGESTION_PARTITIONS_CONCURRENTLY, SIGN_OF_LIFE_INTERVAL_MS, SAMPLE_CHECKPOINT_MS). The worker serves every
 * tenant of the platform, so there is no tenant setting. Throws a ConfigError naming the first bad
 * variable (secrets never repeated).
 */
export function workerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const settings = parseEnvironment(Schema, env);
  // Checked here, so a bad key or admin URL stops the start with one line (exit 78) before any connection.
  secretBoxFromEnv(settings.CHARGEFLOW_SECRET_KEY);
  if (!isSqliteUrl(settings.DATABASE_URL)) {
    const adminUrls = settings.TENANT_DB_ADMIN_URLS ?? defaultAdminUrl(settings.DATABASE_URL);
    if (parseTenantDbAdminUrls(adminUrls).size === 0)
      throw new ConfigError(ADMIN_URLS_VARIABLE, '(hidden)', 'names no server');
  }
  let topics: DeviceTopics;
  try {
    topics = deviceTopics({
      prefix: settings.KAFKA_TOPIC_PREFIX,
      partitions: settings.KAFKA_TOPIC_PARTITIONS,
    });
  } catch (error) {
    throw new ConfigError('KAFKA_TOPIC_PREFIX', settings.KAFKA_TOPIC_PREFIX, String(error));
  }
  return {
    DATABASE_URL: settings.DATABASE_URL,
    TEMPORAL_ADDRESS: serviceEndpoint('TEMPORAL_ADDRESS', env),
    TEMPORAL_NAMESPACE: serviceEndpoint('TEMPORAL_NAMESPACE', env),
    KAFKA_BROKERS: serviceEndpoint('KAFKA_BROKERS', env),
    MONGODB_URL: serviceEndpoint('MONGODB_URL', env),
    secretKey: settings.CHARGEFLOW_SECRET_KEY ?? '',
    tenantDbAdminUrls: settings.TENANT_DB_ADMIN_URLS,
    tenantDbDir: settings.TENANT_DB_DIR,
    taskQueue: settings.TASK_QUEUE,
    topics,
    ingestionGroupId: settings.INGESTION_GROUP_ID,
    migrateOnStart: settings.MIGRATE_ON_START === 'true',
    logLevel: settings.LOG_LEVEL,
    contractNotifier: settings.CONTRACT_NOTIFIER,
    tuning: workerTuning(settings),
    partitionsConsumedConcurrently: settings.INGESTION_PARTITIONS_CONCURRENTLY,
    signOfLifeIntervalMs: settings.SIGN_OF_LIFE_INTERVAL_MS,
    sampleCheckpointMs: settings.SAMPLE_CHECKPOINT_MS,
    orderTimeouts: {
      startMs: settings.ORDER_START_TIMEOUT_SECONDS * 1000,
      heartbeatMs: settings.ORDER_HEARTBEAT_TIMEOUT_SECONDS * 1000,
      stopMs: settings.ORDER_STOP_TIMEOUT_SECONDS * 1000,
    },
    payments: paymentOptionsOf(settings),
    invoices: invoiceOptionsOf(settings),
  };
}

/** DATABASE_URL's server with its account and no database (what `openControlPlane` defaults to). */
function defaultAdminUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  url.pathname = '';
  return url.toString().replace(/\/$/, '');
}
