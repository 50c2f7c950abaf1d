import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '@chargeflow/adapters';

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
  /** Set to report (and later use) a Kafka cluster instead of the in-process event path. */
  KAFKA_BROKERS: z.string().min(1).optional(),
  /** Set to report (and later use) MongoDB for telemetry instead of the embedded store. */
  MONGODB_URL: z.string().min(1).optional(),
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
