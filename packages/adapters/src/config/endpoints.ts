import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Where the real services are. Every endpoint comes from the environment; the defaults are the
 * loopback addresses `scripts/services/services.sh up` starts (its handshakes read them from here too).
 */
export const DEFAULT_ENDPOINTS = {
  DATABASE_URL: 'mysql://chargeflow:chargeflow@127.0.0.1:3306/chargeflow',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: 'default',
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGODB_URL: 'mongodb://127.0.0.1:27017/chargeflow',
} as const;

/** The cache folder the service scripts install binaries into (CHARGEFLOW_CACHE, else ~/.cache/chargeflow). */
export const serviceCacheDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env['CHARGEFLOW_CACHE'] ?? join(homedir(), '.cache', 'chargeflow');

const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port');

export const EndpointsSchema = z.object({
  DATABASE_URL: z.url({
    protocol: /^(mysql|mariadb)$/,
    error: 'expected mysql://user:password@host:port/database',
  }),
  TEMPORAL_ADDRESS: hostPort,
  TEMPORAL_NAMESPACE: z.string().min(1),
  KAFKA_BROKERS: z
    .string()
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .pipe(z.array(hostPort).min(1)),
  MONGODB_URL: z.url({ protocol: /^mongodb(\+srv)?$/, error: 'expected mongodb://host:port/database' }),
  TEMPORAL_CLI_PATH: z.string().min(1),
  TEMPORAL_TEST_SERVER_PATH: z.string().min(1),
});

export type Endpoints = z.output<typeof EndpointsSchema>;

/** A configuration problem, reported as one line naming the variable and the value tried. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly tried: string | undefined,
    reason: string,
  ) {
    super(`configuration: ${variable}=${tried ?? '(unset)'} is invalid: ${reason}`);
  }
}

/**
 * Reads and validates ONE endpoint variable (its default when unset), ignoring the others: a check of
 * one service (the services handshake) must not fail because another service's setting is of a kind
 * it does not accept (e.g. `DATABASE_URL=file:…` for the local stack's SQLite while waiting for Temporal).
 */
export function serviceEndpoint<K extends keyof Endpoints>(
  key: K,
  env: NodeJS.ProcessEnv = process.env,
): Endpoints[K] {
  const bin = join(serviceCacheDir(env), 'bin');
  const defaults: Record<string, string> = {
    ...DEFAULT_ENDPOINTS,
    TEMPORAL_CLI_PATH: join(bin, 'temporal'),
    TEMPORAL_TEST_SERVER_PATH: join(bin, 'temporal-test-server'),
  };
  const given = env[key];
  const raw = given !== undefined && given !== '' ? given : defaults[key];
  const parsed = EndpointsSchema.shape[key].safeParse(raw);
  if (!parsed.success) throw new ConfigError(key, raw, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data as Endpoints[K];
}

/** Reads and validates the service endpoints from the environment (defaults: the local services). */
export function serviceEndpoints(env: NodeJS.ProcessEnv = process.env): Endpoints {
  const bin = join(serviceCacheDir(env), 'bin');
  const raw = {
    ...DEFAULT_ENDPOINTS,
    TEMPORAL_CLI_PATH: join(bin, 'temporal'),
    TEMPORAL_TEST_SERVER_PATH: join(bin, 'temporal-test-server'),
    ...Object.fromEntries(
      Object.keys(EndpointsSchema.shape)
        .filter((key) => env[key] !== undefined && env[key] !== '')
        .map((key) => [key, env[key]]),
    ),
  };
  const parsed = EndpointsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(
      variable,
      (raw as Record<string, string | undefined>)[variable],
      issue?.message ?? 'invalid',
    );
  }
  return parsed.data;
}
