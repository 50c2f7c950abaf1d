import {
  ConfigError,
  DEFAULT_ENDPOINTS,
  PAYMENT_SETTINGS,
  authConfig,
  parseEnvironment,
  paymentOptionsOf,
  type AuthConfig,
  type PaymentOptions,
} from '@chargeflow/adapters';
import { TASK_QUEUE } from '@chargeflow/workflows';
import { z } from 'zod';

const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'expected host:port');
const flag = z.enum(['true', 'false']);

const Schema = z.object({
  /** The platform database: mysql://… (production) or file:… (a single-machine install). */
  DATABASE_URL: z
    .string()
    .regex(
      /^(mysql|mariadb):\/\/|^file:/,
      'expected mysql://user:password@host:port/database or file:path.db',
    )
    .default(DEFAULT_ENDPOINTS.DATABASE_URL),
  TEMPORAL_ADDRESS: hostPort.default(DEFAULT_ENDPOINTS.TEMPORAL_ADDRESS),
  TEMPORAL_NAMESPACE: z.string().min(1).default(DEFAULT_ENDPOINTS.TEMPORAL_NAMESPACE),
  /** Camera commands (the API's own producer on the commands topic, SPEC §14) and /health; the worker consumes. */
  KAFKA_BROKERS: z.string().min(1).optional(),
  /** The worker's topic names (same prefix and partitions, so commands land where the gateway reads). */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(10_000).default(6),
  /** Camera snapshots (GridFS, written by the worker) and /health. */
  MONGODB_URL: z.string().min(1).optional(),
  TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  CHARGEFLOW_SECRET_KEY: z.string().min(1),
  TENANT_DB_ADMIN_URLS: z.string().min(1).optional(),
  TENANT_DB_DIR: z.string().min(1).optional(),
  /** `production` refuses sandbox adapters unless ALLOW_SANDBOX=true. */
  CHARGEFLOW_MODE: z.enum(['development', 'production']).default('development'),
  ALLOW_SANDBOX: flag.default('false'),
  SMS_PROVIDER: z.enum(['sandbox', 'none']).default('sandbox'),
  ...PAYMENT_SETTINGS,
  HTTP_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** Comma-separated origins allowed by CORS; unset: CORS off. */
  CORS_ORIGINS: z.string().min(1).optional(),
  TRUST_PROXY: flag.default('false'),
  MIGRATE_ON_START: flag.default('true'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** First platform operator, created at start when the platform has none. */
  PLATFORM_ADMIN_PHONE: z
    .string()
    .regex(/^1[3-9]\d{9}$/, 'a mainland mobile number')
    .optional(),
  PLATFORM_ADMIN_PASSWORD: z.string().min(1).optional(),
  ORDER_START_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  ORDER_HEARTBEAT_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  ORDER_STOP_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** TEN-4: default days ahead of a contract's end date its expiry notice goes out (a contract may name its own). */
  CONTRACT_NOTICE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});

/** The API process's configuration, validated. */
export type ApiConfig = z.output<typeof Schema> & {
  readonly auth: AuthConfig;
  readonly payments: PaymentOptions;
};

/**
 * Reads and validates the API's configuration from the environment; a ConfigError names the first
 * bad variable (secrets are never echoed). In production mode the sandbox SMS provider and the
 * sandbox payment channel are refused unless ALLOW_SANDBOX=true.
 */
export function apiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const config = parseEnvironment(Schema, env);
  if (
    config.CHARGEFLOW_MODE === 'production' &&
    config.SMS_PROVIDER === 'sandbox' &&
    config.ALLOW_SANDBOX !== 'true'
  ) {
    throw new ConfigError(
      'SMS_PROVIDER',
      'sandbox',
      'the sandbox records codes instead of sending them; refused in production unless ALLOW_SANDBOX=true',
    );
  }
  if ((config.PLATFORM_ADMIN_PHONE === undefined) !== (config.PLATFORM_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      'PLATFORM_ADMIN_PASSWORD',
      '(hidden)',
      'set both PLATFORM_ADMIN_PHONE and PLATFORM_ADMIN_PASSWORD, or neither',
    );
  }
  return { ...config, auth: authConfig(env), payments: paymentOptionsOf(config) };
}
