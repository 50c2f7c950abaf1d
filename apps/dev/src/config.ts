import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '@chargeflow/adapters';
import { TASK_QUEUE } from '@chargeflow/workflows';

const LocalStackSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  /** Unset: embedded SQLite in .services/local; set: a MariaDB/MySQL server. */
  DATABASE_URL: z.string().min(1).optional(),
  /** Unset: the in-process event path (simulated chargers in this process); set: Kafka (comma-separated). */
  KAFKA_BROKERS: z.string().min(1).optional(),
  /** Unset: telemetry in memory (`InMemoryTelemetryStore`); set: MongoDB. */
  MONGODB_URL: z.string().min(1).optional(),
  /** The single tenant served (workflow ids `charging-<tenant>-<orderNo>`). */
  CHARGEFLOW_TENANT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" or "-", at most 64')
    .default('default'),
  /** Temporal task queue of this stack's worker (give each stack sharing a Temporal server its own). */
  TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  /** How much faster than the wall clock simulated chargers run while charging. */
  DEVICE_TIME_SCALE: z.coerce.number().positive().max(100_000).default(120),
});

export type LocalStackConfig = z.output<typeof LocalStackSchema> & { readonly databaseUrl: string };

/** The local stack's settings: embedded defaults, each overridable by the environment. */
export function localStackConfig(root: string, env: NodeJS.ProcessEnv = process.env): LocalStackConfig {
  const keys = Object.keys(LocalStackSchema.shape);
  const raw = Object.fromEntries(
    keys.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]),
  );
  const parsed = LocalStackSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, env[variable], issue?.message ?? 'invalid');
  }
  const databaseUrl = parsed.data.DATABASE_URL ?? `file:${join(root, '.services/local/chargeflow.db')}`;
  return { ...parsed.data, databaseUrl };
}
