import { ConfigError } from '../config/endpoints.js';
import { ACCESS_TOKEN_SECRET_MIN_BYTES, ACCESS_TOKEN_TTL_MS } from './access-tokens.js';
import { REFRESH_TOKEN_TTL_MS } from './refresh-tokens.js';

/** The auth settings of a process that issues or checks tokens. */
export interface AuthConfig {
  /** AUTH_TOKEN_SECRET as bytes (UTF-8), at least 32. */
  readonly tokenSecret: Uint8Array;
  /** AUTH_ACCESS_TOKEN_TTL_SECONDS × 1000 (default 15 minutes). */
  readonly accessTokenTtlMs: number;
  /** AUTH_REFRESH_TOKEN_TTL_SECONDS × 1000 (default 30 days). */
  readonly refreshTokenTtlMs: number;
}

/** A whole number of seconds ≥ 1 from the environment, or the default when unset. */
function seconds(env: NodeJS.ProcessEnv, variable: string, defaultMs: number, maxSeconds: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return defaultMs;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > maxSeconds) {
    throw new ConfigError(variable, raw, `expected a whole number of seconds from 1 to ${maxSeconds}`);
  }
  return Number(raw) * 1000;
}

/**
 * Reads the auth settings: AUTH_TOKEN_SECRET (required, ≥ 32 bytes; never echoed in errors, only its
 * length), AUTH_ACCESS_TOKEN_TTL_SECONDS (default 900), AUTH_REFRESH_TOKEN_TTL_SECONDS (default
 * 2 592 000 = 30 days). A bad value is a ConfigError naming the variable.
 */
export function authConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const secret = env['AUTH_TOKEN_SECRET'];
  if (secret === undefined || secret === '') {
    throw new ConfigError(
      'AUTH_TOKEN_SECRET',
      undefined,
      `a secret of at least ${ACCESS_TOKEN_SECRET_MIN_BYTES} bytes is required to sign access tokens`,
    );
  }
  const tokenSecret = new TextEncoder().encode(secret);
  if (tokenSecret.byteLength < ACCESS_TOKEN_SECRET_MIN_BYTES) {
    throw new ConfigError(
      'AUTH_TOKEN_SECRET',
      `(${tokenSecret.byteLength} bytes, hidden)`,
      `at least ${ACCESS_TOKEN_SECRET_MIN_BYTES} bytes are required`,
    );
  }
  return {
    tokenSecret,
    accessTokenTtlMs: seconds(env, 'AUTH_ACCESS_TOKEN_TTL_SECONDS', ACCESS_TOKEN_TTL_MS, 24 * 3600),
    refreshTokenTtlMs: seconds(env, 'AUTH_REFRESH_TOKEN_TTL_SECONDS', REFRESH_TOKEN_TTL_MS, 365 * 24 * 3600),
  };
}
