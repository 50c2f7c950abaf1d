// Platform operators in the platform database on the real MariaDB and on SQLite (libsql): ORG-4
// passwords as slow salted hashes, issue 10 wrong password (one answer for unknown phones, lockout
// after 5 failures also under parallel guesses).
import { LOCKOUT_POLICY, type PasswordHasher } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformUserEntity } from '../../src/auth/entities.js';
import { Argon2PasswordHasher } from '../../src/auth/passwords.js';
import { PlatformUserStore } from '../../src/auth/platform-users.js';
import { openAuthTestDatabase, type AuthTestDatabase } from '../../src/auth/test-database.js';
import { serviceEndpoints } from '../../src/config/endpoints.js';

const T0 = Date.parse('2026-03-10T04:00:00Z');
const MIN = 60_000;
const PASSWORD = 'Correct-Horse-9';

/** The real argon2id hasher, counting verifications (to see that unknown phones cost one too). */
class CountingHasher implements PasswordHasher {
  verifications = 0;
  private readonly inner = new Argon2PasswordHasher();
  hash(plain: string): Promise<string> {
    return this.inner.hash(plain);
  }
  verify(plain: string, hash: string): Promise<boolean> {
    this.verifications += 1;
    return this.inner.verify(plain, hash);
  }
}

/** What a promise rejects with (an Error 'resolved' when it does not). */
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );

describe.each([
  ['MariaDB', () => serviceEndpoints().DATABASE_URL],
  ['SQLite (libsql)', () => 'sqlite' as const],
])('platform users on %s', (_name, server) => {
  let db: AuthTestDatabase;
  let users: PlatformUserStore;
  const hasher = new CountingHasher();
  const clock = { now: T0 };
  let n = 0;
  const phone = () => `1380000${String((n += 1)).padStart(4, '0')}`;

  beforeAll(async () => {
    db = await openAuthTestDatabase(server(), 'cf_authpu');
    users = new PlatformUserStore({ em: db.orm.em, hasher, now: () => clock.now });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('ORG-4 the password is stored only as an argon2id hash (salted: two users, two hashes)', async () => {
    clock.now = T0;
    const a = await users.create({ phone: phone(), name: 'Ada', password: PASSWORD, roles: ['ADMIN'] });
    const b = await users.create({ phone: phone(), name: 'Bo', password: PASSWORD, roles: ['OPS', 'DEV'] });
    expect(a).toEqual({
      id: a.id,
      phone: a.phone,
      name: 'Ada',
      roles: ['ADMIN'],
      enabled: true,
      createdAt: T0,
    });
    const rows = await db.orm.em.fork().find(PlatformUserEntity, { id: { $in: [a.id, b.id] } });
    for (const row of rows) {
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(JSON.stringify(row)).not.toContain(PASSWORD);
    }
    expect(rows[0]?.passwordHash).not.toBe(rows[1]?.passwordHash);
    expect(await users.signIn(a.phone, PASSWORD)).toEqual(a);
  });

  it('ORG-4 create refuses a weak password (PASSWORD_WEAK), a taken phone and bad input', async () => {
    const p = phone();
    await expect(
      users.create({ phone: p, name: 'W', password: 'password', roles: ['ADMIN'] }),
    ).rejects.toMatchObject({
      code: 'PASSWORD_WEAK',
      details: { missing: ['UPPER_CASE', 'DIGIT', 'SPECIAL'] },
    });
    await users.create({ phone: p, name: 'First', password: PASSWORD, roles: ['ADMIN'] });
    await expect(
      users.create({ phone: p, name: 'Again', password: PASSWORD, roles: ['OPS'] }),
    ).rejects.toMatchObject({
      code: 'LOGIN_PHONE_TAKEN',
    });
    await expect(
      users.create({ phone: '12345', name: 'X', password: PASSWORD, roles: ['ROOT' as never] }),
    ).rejects.toMatchObject({ code: 'PLATFORM_USER_INVALID' });
  });

  it('two parallel creates of one phone: one user, the other LOGIN_PHONE_TAKEN', async () => {
    const p = phone();
    const results = await Promise.allSettled(
      ['A', 'B'].map((name) => users.create({ phone: p, name, password: PASSWORD, roles: ['ADMIN'] })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'LOGIN_PHONE_TAKEN' },
    });
    expect(await db.orm.em.fork().count(PlatformUserEntity, { phone: p })).toBe(1);
  });

  it('issue 10: an unknown phone and a wrong password give the same SIGN_IN_FAILED, each after one hash check', async () => {
    clock.now = T0;
    const user = await users.create({ phone: phone(), name: 'Cy', password: PASSWORD, roles: ['ADMIN'] });
    const before = hasher.verifications;
    const wrong = await failure(users.signIn(user.phone, 'Wrong-Horse-9'));
    const unknown = await failure(users.signIn('13999999999', PASSWORD));
    expect(hasher.verifications - before).toBe(2);
    for (const error of [wrong, unknown]) {
      expect(error).toMatchObject({
        code: 'SIGN_IN_FAILED',
        message: 'wrong phone or password',
        details: {},
      });
    }
  });

  it('issue 10: 5 failures lock the account for 15 minutes (ACCOUNT_LOCKED, retryAfterMs), then it opens', async () => {
    clock.now = T0;
    const user = await users.create({ phone: phone(), name: 'Di', password: PASSWORD, roles: ['OPS'] });
    for (let i = 1; i <= LOCKOUT_POLICY.maxFailures; i += 1) {
      clock.now = T0 + i * 1000;
      await expect(users.signIn(user.phone, `Wrong-${i}!`)).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
    }
    // the 5th failure at T0 + 5 s locked until T0 + 5 s + 15 min; the right password is refused too
    clock.now = T0 + 5000 + 10 * MIN;
    await expect(users.signIn(user.phone, PASSWORD)).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
      details: { retryAfterMs: 5 * MIN, lockedUntil: T0 + 5000 + 15 * MIN },
    });
    clock.now = T0 + 5000 + 15 * MIN;
    expect(await users.signIn(user.phone, PASSWORD)).toMatchObject({ id: user.id });
    const row = await db.orm.em.fork().findOneOrFail(PlatformUserEntity, { id: user.id });
    expect([row.failedLogins, row.lockedUntil]).toEqual([0, null]);
  });

  it('issue 10: a success before the 5th failure resets the count', async () => {
    clock.now = T0;
    const user = await users.create({ phone: phone(), name: 'Ed', password: PASSWORD, roles: ['DEV'] });
    for (let i = 0; i < 4; i += 1) await failure(users.signIn(user.phone, 'Wrong-Horse-9'));
    await users.signIn(user.phone, PASSWORD);
    for (let i = 0; i < 4; i += 1) await failure(users.signIn(user.phone, 'Wrong-Horse-9'));
    expect(await users.signIn(user.phone, PASSWORD)).toMatchObject({ id: user.id });
  });

  it('issue 10: 12 parallel wrong guesses: exactly 5 are checked, the rest ACCOUNT_LOCKED; the count is 5', async () => {
    clock.now = T0;
    const user = await users.create({ phone: phone(), name: 'Flo', password: PASSWORD, roles: ['ADMIN'] });
    const before = hasher.verifications;
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => users.signIn(user.phone, `Wrong-guess-${i}!`)),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'OK'));
    expect(codes.filter((c) => c === 'SIGN_IN_FAILED')).toHaveLength(LOCKOUT_POLICY.maxFailures);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(12 - LOCKOUT_POLICY.maxFailures);
    expect(hasher.verifications - before).toBe(LOCKOUT_POLICY.maxFailures); // no guess escaped the count
    const row = await db.orm.em.fork().findOneOrFail(PlatformUserEntity, { id: user.id });
    expect([row.failedLogins, row.lockedUntil]).toEqual([5, T0 + 15 * MIN]);
    await expect(users.signIn(user.phone, PASSWORD)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('USER_DISABLED only for the right password; a wrong one stays SIGN_IN_FAILED', async () => {
    clock.now = T0;
    const user = await users.create({ phone: phone(), name: 'Gus', password: PASSWORD, roles: ['ADMIN'] });
    await db.orm.em.fork().nativeUpdate(PlatformUserEntity, { id: user.id }, { enabled: false });
    await expect(users.signIn(user.phone, 'Wrong-Horse-9')).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
    await expect(users.signIn(user.phone, PASSWORD)).rejects.toMatchObject({ code: 'USER_DISABLED' });
  });

  it('get, list (oldest first) and count', async () => {
    const all = await users.list();
    expect(await users.count()).toBe(all.length);
    expect(all.length).toBeGreaterThan(5);
    const first = all[0];
    expect(first && (await users.get(first.id))).toEqual(first);
    expect(await users.get('nobody')).toBeNull();
  });
});
