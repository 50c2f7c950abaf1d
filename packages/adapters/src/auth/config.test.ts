import { describe, expect, it } from 'vitest';
import { authConfig } from './config.js';

const SECRET = 'x'.repeat(32);

describe('auth configuration from the environment', () => {
  it('defaults: access tokens 15 minutes, refresh tokens 30 days', () => {
    const config = authConfig({ AUTH_TOKEN_SECRET: SECRET });
    expect(config.tokenSecret.byteLength).toBe(32);
    expect(config.accessTokenTtlMs).toBe(15 * 60_000);
    expect(config.refreshTokenTtlMs).toBe(30 * 24 * 3_600_000);
  });

  it('TTLs in seconds', () => {
    const config = authConfig({
      AUTH_TOKEN_SECRET: SECRET,
      AUTH_ACCESS_TOKEN_TTL_SECONDS: '300',
      AUTH_REFRESH_TOKEN_TTL_SECONDS: '86400',
    });
    expect([config.accessTokenTtlMs, config.refreshTokenTtlMs]).toEqual([300_000, 86_400_000]);
  });

  it('a missing secret is one line naming the variable', () => {
    expect(() => authConfig({})).toThrow(/^configuration: AUTH_TOKEN_SECRET=\(unset\) is invalid/);
  });

  it('a short secret is refused without echoing it', () => {
    const attempt = () => authConfig({ AUTH_TOKEN_SECRET: 'hunter2-short' });
    expect(attempt).toThrow(/AUTH_TOKEN_SECRET=\(13 bytes, hidden\) is invalid: at least 32 bytes/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it.each(['0', '-5', '1.5', '15m', '99999999'])('AUTH_ACCESS_TOKEN_TTL_SECONDS=%s is refused', (value) => {
    expect(() => authConfig({ AUTH_TOKEN_SECRET: SECRET, AUTH_ACCESS_TOKEN_TTL_SECONDS: value })).toThrow(
      /AUTH_ACCESS_TOKEN_TTL_SECONDS/,
    );
  });
});
