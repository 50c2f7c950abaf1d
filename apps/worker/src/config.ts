import {
  ConfigError,
  deviceTopics,
  serviceEndpoints,
  type DeviceTopics,
  type Endpoints,
} from '@chargeflow/adapters';
import { TASK_QUEUE } from '@chargeflow/workflows';
import { z } from 'zod';

const Schema = z.object({
  CHARGEFLOW_TENANT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" or "-", at most 64')
    .default('default'),
  TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(10_000).default(6),
  INGESTION_GROUP_ID: z.string().min(1).max(249).default('chargeflow-ingestion'),
  /** `false` when migrations are applied by a separate deploy step. */
  MIGRATE_ON_START: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

/** The worker process's configuration: the service endpoints plus its own settings. */
export interface WorkerConfig extends Endpoints {
  /** The single tenant this worker serves (signals go to `charging-<tenantId>-<orderNo>`). */
  readonly tenantId: string;
  readonly taskQueue: string;
  readonly topics: DeviceTopics;
  readonly ingestionGroupId: string;
  readonly migrateOnStart: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/**
 * Reads and validates the worker's configuration from the environment: `serviceEndpoints()`
 * (DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, KAFKA_BROKERS, MONGODB_URL) plus
 * CHARGEFLOW_TENANT_ID (default `default`), TASK_QUEUE, KAFKA_TOPIC_PREFIX, KAFKA_TOPIC_PARTITIONS,
 * INGESTION_GROUP_ID, MIGRATE_ON_START, LOG_LEVEL. Throws ConfigError naming the bad variable.
 */
export function workerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const endpoints = serviceEndpoints(env);
  const raw = Object.fromEntries(
    Object.keys(Schema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = Schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, raw[variable], issue?.message ?? 'invalid');
  }
  const settings = parsed.data;
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
    ...endpoints,
    tenantId: settings.CHARGEFLOW_TENANT_ID,
    taskQueue: settings.TASK_QUEUE,
    topics,
    ingestionGroupId: settings.INGESTION_GROUP_ID,
    migrateOnStart: settings.MIGRATE_ON_START === 'true',
    logLevel: settings.LOG_LEVEL,
  };
}
