// Rotating refresh tokens in the platform database (issue 10: revoked refresh token) on the real
// MariaDB and on SQLite (libsql): rotation, reuse detection, concurrent rotation, logout, expiry.
import { createHash } from 'node:crypto';
import { isDomainError } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefreshTokenEntity } from '../../src/auth/entities.js';
import type { Subject } from '../../src/auth/ports.js';
import { REFRESH_TOKEN_TTL_MS, RefreshTokenStore } from '../../src/auth/refresh-tokens.js';
import { openAuthTestDatabase, type AuthTestDatabase } from '../../src/auth/test-database.js';
import { serviceEndpoints } from '../../src/config/endpoints.js';

const T0 = Date.parse('2026-03-10T04:00:00Z');
const DAY = 24 * 3_600_000;

/** The details.reason of the UNAUTHENTICATED error a promise rejects with (fails when it resolves). */
async function reasonOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  expect(isDomainError(error, 'UNAUTHENTICATED'), String(error)).toBe(true);
  return isDomainError(error) ? error.details['reason'] : undefined;
}

describe.each([
  ['MariaDB', () => serviceEndpoints().DATABASE_URL],
  ['SQLite (libsql)', () => 'sqlite' as const],
])('refresh tokens on %s', (_name, server) => {
  let db: AuthTestDatabase;
  let tokens: RefreshTokenStore;
  const clock = { now: T0 };
  let n = 0;
  /** A fresh subject per test, so sessions never mix. */
  const subject = (kind: Subject['kind'] = 'STAFF'): Subject => ({
    kind,
    tenantId: 'acme',
    userId: `user-${(n += 1)}`,
  });

  beforeAll(async () => {
    db = await openAuthTestDatabase(server(), 'cf_authrt');
    tokens = new RefreshTokenStore({ em: db.orm.em, now: () => clock.now });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('issue: an opaque rt_<id>.<secret> valid for 30 days; only a sha256 of the secret is stored', async () => {
    clock.now = T0;
    const issued = await tokens.issue(subject());
    expect(issued.token).toMatch(/^rt_[0-9a-f]{32}\.[A-Za-z0-9_-]{43}$/);
    expect(issued.expiresAt).toBe(T0 + 30 * DAY);
    expect(REFRESH_TOKEN_TTL_MS).toBe(30 * DAY);
    expect(await tokens.isActive(issued.sessionId)).toBe(true);
    const [id, secret = ''] = issued.token.slice(3).split('.');
    const row = await db.orm.em.fork().findOneOrFail(RefreshTokenEntity, { id: id ?? '' });
    expect(row.tokenHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('rotate: the successor belongs to the same session and subject; the presented token is spent', async () => {
    clock.now = T0;
    const who = subject('APP');
    const first = await tokens.issue(who);
    clock.now = T0 + DAY;
    const second = await tokens.rotate(first.token);
    expect(second.subject).toEqual(who);
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.token).not.toBe(first.token);
    expect(second.expiresAt).toBe(T0 + DAY + 30 * DAY); // sliding: 30 days from the rotation
    const third = await tokens.rotate(second.token);
    expect(third.sessionId).toBe(first.sessionId);
    expect(await tokens.isActive(first.sessionId)).toBe(true);
  });

  it('issue 10: reusing a rotated token is REFRESH_TOKEN_REVOKED and revokes the whole session', async () => {
    clock.now = T0;
    const first = await tokens.issue(subject());
    const second = await tokens.rotate(first.token);
    const error = await tokens.rotate(first.token).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'REFRESH_TOKEN_REVOKED', reuseDetected: true },
    });
    // the legitimate successor dies with its session: the thief and the owner both sign in again
    expect(await reasonOf(tokens.rotate(second.token))).toBe('REFRESH_TOKEN_REVOKED');
    expect(await tokens.isActive(first.sessionId)).toBe(false);
  });

  it('issue 10: of 10 concurrent rotations of one token exactly one succeeds', async () => {
    clock.now = T0;
    const first = await tokens.issue(subject());
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => tokens.rotate(first.token)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const { reason } of lost) {
      expect(reason).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'REFRESH_TOKEN_REVOKED' } });
    }
    // The losers presented a token that had been rotated: reuse, so the session is revoked.
    expect(await tokens.isActive(first.sessionId)).toBe(false);
    const rows = await db.orm.em.fork().find(RefreshTokenEntity, { sessionId: first.sessionId });
    expect(rows).toHaveLength(2); // the presented token and exactly one successor
    expect(rows.every((row) => row.revokedAt !== null)).toBe(true);
  });

  it('issue 10: an expired token is REFRESH_TOKEN_EXPIRED (valid until 30 days, refused from then on)', async () => {
    clock.now = T0;
    const issued = await tokens.issue(subject());
    clock.now = T0 + 30 * DAY;
    expect(await tokens.isActive(issued.sessionId)).toBe(false);
    expect(await reasonOf(tokens.rotate(issued.token))).toBe('REFRESH_TOKEN_EXPIRED');
    clock.now = T0 + 30 * DAY - 1;
    await expect(tokens.rotate(issued.token)).resolves.toMatchObject({ sessionId: issued.sessionId });
  });

  it.each([
    ['garbage', () => 'not-a-token'],
    ['an unknown id', () => `rt_${'0'.repeat(32)}.${'A'.repeat(43)}`],
  ])('issue 10: %s is REFRESH_TOKEN_INVALID', async (_case, token) => {
    expect(await reasonOf(tokens.rotate(token()))).toBe('REFRESH_TOKEN_INVALID');
  });

  it('issue 10: a tampered secret is REFRESH_TOKEN_INVALID and does not revoke the real session', async () => {
    clock.now = T0;
    const issued = await tokens.issue(subject());
    const tampered = `${issued.token.slice(0, -1)}${issued.token.endsWith('A') ? 'B' : 'A'}`;
    expect(await reasonOf(tokens.rotate(tampered))).toBe('REFRESH_TOKEN_INVALID');
    await tokens.revoke(tampered); // logout with a forged token: no effect
    expect(await tokens.isActive(issued.sessionId)).toBe(true);
  });

  it('logout revokes the session: its tokens are REFRESH_TOKEN_REVOKED (no reuse flagged)', async () => {
    clock.now = T0;
    const first = await tokens.issue(subject());
    const second = await tokens.rotate(first.token);
    await tokens.revoke(second.token);
    expect(await tokens.isActive(first.sessionId)).toBe(false);
    const error = await tokens.rotate(second.token).catch((e: unknown) => e);
    expect(error).toMatchObject({ details: { reason: 'REFRESH_TOKEN_REVOKED', reuseDetected: false } });
    await tokens.revoke('rt_unknown'); // unknown token: a no-op
  });

  it('revokeAll ends every session of one subject and no other', async () => {
    clock.now = T0;
    const who = subject();
    const phone = await tokens.issue(who);
    const laptop = await tokens.issue(who);
    const sameUserOtherKind = await tokens.issue({ ...who, kind: 'APP' });
    const someoneElse = await tokens.issue(subject());
    await tokens.revokeAll(who);
    expect(await tokens.isActive(phone.sessionId)).toBe(false);
    expect(await tokens.isActive(laptop.sessionId)).toBe(false);
    expect(await reasonOf(tokens.rotate(phone.token))).toBe('REFRESH_TOKEN_REVOKED');
    expect(await tokens.isActive(sameUserOtherKind.sessionId)).toBe(true);
    expect(await tokens.isActive(someoneElse.sessionId)).toBe(true);
  });

  it('isActive is false for an unknown session', async () => {
    expect(await tokens.isActive('f'.repeat(32))).toBe(false);
  });
});
