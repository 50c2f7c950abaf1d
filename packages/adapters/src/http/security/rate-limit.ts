import type { MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import type { AppEnv } from './env.js';

/** A limit: at most `max` requests per `windowMs` from one client address to one bucket. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** The limits of the sign-in routes (per client address): password and SMS sign-in, SMS code requests. */
export interface AuthRateLimits {
  readonly signIn: RateLimit;
  readonly smsCode: RateLimit;
}

/** Defaults: 20 sign-in attempts a minute, 5 SMS code requests every 10 minutes, per address. */
export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimits = {
  signIn: { max: 20, windowMs: 60_000 },
  smsCode: { max: 5, windowMs: 10 * 60_000 },
};

/**
 * A fixed-window limiter per client address and bucket, in this process (bounded memory: the
 * least recently seen addresses are forgotten first). Above the limit: 429 RATE_LIMITED with
 * Retry-After. It complements the durable rules (account lockout after 5 wrong passwords, core's
 * SMS resend interval) that hold across processes.
 */
export function rateLimit(bucket: string, limit: RateLimit, clock: () => number): MiddlewareHandler<AppEnv> {
  const windows = new LRUCache<string, { start: number; count: number }>({ max: 50_000 });
  return async (c, next) => {
    const now = clock();
    const key = `${bucket}:${c.get('ip')}`;
    const current = windows.get(key);
    const window = current && now - current.start < limit.windowMs ? current : { start: now, count: 0 };
    window.count += 1;
    windows.set(key, window);
    if (window.count > limit.max) {
      const retryAfterMs = window.start + limit.windowMs - now;
      c.header('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
      return c.json(
        {
          error: {
            code: 'RATE_LIMITED',
            message: `too many requests; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
            details: { retryAfterMs, limit: limit.max, windowMs: limit.windowMs },
          },
        },
        429,
      );
    }
    return next();
  };
}
