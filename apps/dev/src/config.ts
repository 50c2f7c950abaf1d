import { join } from 'node:path';
import { z } from 'zod';
import { parseEnvironment } from '@chargeflow/adapters';
import { TASK_QUEUE } from '@chargeflow/workflows';

const phone = z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number');

const LocalStackSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  /** Unset: the platform database is embedded SQLite in .services/local (tenants: one file each); set: MariaDB/MySQL. */
  DATABASE_URL: z.string().min(1).optional(),
  /** SQLite only: where tenant files live (default: `tenants/` beside the platform file). */
  TENANT_DB_DIR: z.string().min(1).optional(),
  /** MariaDB only: admin URLs of the servers that host tenant databases (default: DATABASE_URL's). */
  TENANT_DB_ADMIN_URLS: z.string().min(1).optional(),
  /** Unset: the in-process event path (simulated chargers in this process); set: Kafka (comma-separated). */
  KAFKA_BROKERS: z.string().min(1).optional(),
  /** Unset: telemetry in memory (`InMemoryTelemetryStore`); set: MongoDB. */
  MONGODB_URL: z.string().min(1).optional(),
  /** Temporal task queue of this stack's worker (give each stack sharing a Temporal server its own). */
  TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  /** How much faster than the wall clock simulated chargers run while charging. */
  DEVICE_TIME_SCALE: z.coerce.number().positive().max(100_000).default(120),
  /** Generated once into .services/local/secrets.json when unset. */
  CHARGEFLOW_SECRET_KEY: z.string().min(1).optional(),
  AUTH_TOKEN_SECRET: z.string().min(32).optional(),
  /** The seeded platform operator (ADMIN, OPS, DEV). */
  PLATFORM_ADMIN_PHONE: phone.default('13800000000'),
  PLATFORM_ADMIN_PASSWORD: z.string().min(8).default('Platform!2026'),
  /** The seeded demo tenant and its administrator (the demo operator). */
  DEMO_TENANT_ID: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,31}$/)
    .default('demo'),
  DEMO_OPERATOR_PHONE: phone.default('13800000001'),
  DEMO_OPERATOR_PASSWORD: z.string().min(8).default('Operator!2026'),
});

export type LocalStackConfig = z.output<typeof LocalStackSchema> & {
  /** The platform database (DATABASE_URL, or the embedded SQLite file). */
  readonly databaseUrl: string;
  /** Where the embedded stack keeps its files (.services/local). */
  readonly localDir: string;
};

/** The local stack's settings: embedded defaults, each overridable by the environment. */
export function localStackConfig(root: string, env: NodeJS.ProcessEnv = process.env): LocalStackConfig {
  const settings = parseEnvironment(LocalStackSchema, env);
  const localDir = join(root, '.services/local');
  const databaseUrl = settings.DATABASE_URL ?? `file:${join(localDir, 'platform.db')}`;
  return { ...settings, databaseUrl, localDir };
}
