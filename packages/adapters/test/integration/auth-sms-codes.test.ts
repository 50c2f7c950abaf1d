// CARD-4 SMS sign-in codes (core's TEN-1 SMS policy) in the platform database, sent through the
// sandbox SMS provider, on the real MariaDB and on SQLite (libsql).
import { createHash } from 'node:crypto';
import { SMS_CODE_POLICY } from '@chargeflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmsCodeEntity } from '../../src/auth/entities.js';
import { SandboxSmsOutbox, SandboxSmsSender, SmsCodeStore } from '../../src/auth/sms.js';
import { openAuthTestDatabase, type AuthTestDatabase } from '../../src/auth/test-database.js';
import { serviceEndpoints } from '../../src/config/endpoints.js';

const T0 = Date.parse('2026-03-10T04:00:00Z');
const MIN = 60_000;

/** What a promise rejects with (an Error 'resolved' when it does not). */
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );

/** A 6-digit code other than `code`. */
const otherThan = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe.each([
  ['MariaDB', () => serviceEndpoints().DATABASE_URL],
  ['SQLite (libsql)', () => 'sqlite' as const],
])('SMS codes on %s', (_name, server) => {
  let db: AuthTestDatabase;
  let sender: SandboxSmsSender;
  let outbox: SandboxSmsOutbox;
  let codes: SmsCodeStore;
  const clock = { now: T0 };
  let n = 0;
  const phone = () => `1370000${String((n += 1)).padStart(4, '0')}`;

  /** The code of the newest message to `to`. */
  const lastCode = async (to: string): Promise<string> => {
    const [message] = await outbox.list(to);
    const code = /your sign-in code is (\d{6})/.exec(message?.text ?? '')?.[1];
    if (!code) throw new Error(`no code sent to ${to}`);
    return code;
  };

  beforeAll(async () => {
    db = await openAuthTestDatabase(server(), 'cf_authsms');
    sender = new SandboxSmsSender({ em: db.orm.em, now: () => clock.now, latencyMs: 5 });
    outbox = new SandboxSmsOutbox({ em: db.orm.em });
    codes = new SmsCodeStore({ em: db.orm.em, sender, now: () => clock.now });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('CARD-4 request sends a 6-digit code valid 5 minutes; the code verifies once', async () => {
    clock.now = T0;
    const to = phone();
    expect(await codes.request('acme', to)).toEqual({ expiresAt: T0 + 5 * MIN });
    const [message] = await outbox.list(to);
    expect(message).toEqual({
      phone: to,
      text: expect.stringMatching(/^chargeflow: your sign-in code is \d{6} \(valid 5 minutes\)$/),
      at: T0,
    });
    const code = await lastCode(to);
    clock.now = T0 + MIN;
    await expect(codes.verify('acme', to, code)).resolves.toBeUndefined();
    // single use: the same code again is refused
    await expect(codes.verify('acme', to, code)).rejects.toMatchObject({ code: 'SMS_CODE_NOT_REQUESTED' });
  });

  it('CARD-4 only a hash of the code is stored', async () => {
    clock.now = T0;
    const to = phone();
    await codes.request('acme', to);
    const code = await lastCode(to);
    const row = await db.orm.em.fork().findOneOrFail(SmsCodeEntity, { key: `acme:${to}` });
    expect(row.state.codeHash).toBe(createHash('sha256').update(`acme:${to}:${code}`).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(code);
  });

  it('CARD-4 a new code within 60 s is SMS_RESEND_TOO_SOON (retryAfterMs); after 60 s it replaces the old one', async () => {
    clock.now = T0;
    const to = phone();
    await codes.request('acme', to);
    const first = await lastCode(to);
    clock.now = T0 + 45_000;
    await expect(codes.request('acme', to)).rejects.toMatchObject({
      code: 'SMS_RESEND_TOO_SOON',
      details: { retryAfterMs: 15_000 },
    });
    expect(await outbox.list(to)).toHaveLength(1);
    clock.now = T0 + 60_000;
    await codes.request('acme', to);
    const second = await lastCode(to);
    expect(await outbox.list(to)).toHaveLength(2);
    // one code per tenant + phone: the first is no longer valid (unless both happen to be equal)
    if (first !== second) {
      await expect(codes.verify('acme', to, first)).rejects.toMatchObject({ code: 'SMS_CODE_MISMATCH' });
    }
    await expect(codes.verify('acme', to, second)).resolves.toBeUndefined();
  });

  it('CARD-4 5 parallel requests for one phone: one code is sent, the rest SMS_RESEND_TOO_SOON', async () => {
    clock.now = T0;
    const to = phone();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => codes.request('acme', to)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
      expect(r.reason).toMatchObject({ code: 'SMS_RESEND_TOO_SOON' });
    }
    expect(await outbox.list(to)).toHaveLength(1);
    await expect(codes.verify('acme', to, await lastCode(to))).resolves.toBeUndefined();
  });

  it('CARD-4 a wrong code is SMS_CODE_MISMATCH with attemptsLeft, counted in the database; the 6th try is ATTEMPTS_EXCEEDED', async () => {
    clock.now = T0;
    const to = phone();
    await codes.request('acme', to);
    const code = await lastCode(to);
    const wrong = otherThan(code);
    for (let left = SMS_CODE_POLICY.maxAttempts - 1; left >= 0; left -= 1) {
      await expect(codes.verify('acme', to, wrong)).rejects.toMatchObject({
        code: 'SMS_CODE_MISMATCH',
        details: { attemptsLeft: left },
      });
    }
    const row = await db.orm.em.fork().findOneOrFail(SmsCodeEntity, { key: `acme:${to}` });
    expect(row.state.attempts).toBe(5);
    // even the right code is refused once the attempts are used up
    await expect(codes.verify('acme', to, code)).rejects.toMatchObject({
      code: 'SMS_CODE_ATTEMPTS_EXCEEDED',
      details: { attempts: 5 },
    });
  });

  it('CARD-4 8 parallel wrong guesses: exactly 5 are counted as mismatches, 3 are ATTEMPTS_EXCEEDED', async () => {
    clock.now = T0;
    const to = phone();
    await codes.request('acme', to);
    const wrong = otherThan(await lastCode(to));
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => codes.verify('acme', to, wrong)),
    );
    const errors = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'OK'));
    expect(errors.filter((c) => c === 'SMS_CODE_MISMATCH')).toHaveLength(5);
    expect(errors.filter((c) => c === 'SMS_CODE_ATTEMPTS_EXCEEDED')).toHaveLength(3);
    const row = await db.orm.em.fork().findOneOrFail(SmsCodeEntity, { key: `acme:${to}` });
    expect(row.state.attempts).toBe(5);
  });

  it('CARD-4 a code is SMS_CODE_EXPIRED from 5 minutes on', async () => {
    clock.now = T0;
    const to = phone();
    await codes.request('acme', to);
    const code = await lastCode(to);
    clock.now = T0 + 5 * MIN;
    await expect(codes.verify('acme', to, code)).rejects.toMatchObject({
      code: 'SMS_CODE_EXPIRED',
      details: { expiresAt: T0 + 5 * MIN },
    });
  });

  it('CARD-4 no code requested is SMS_CODE_NOT_REQUESTED; a bad phone is PHONE_INVALID', async () => {
    await expect(codes.verify('acme', phone(), '123456')).rejects.toMatchObject({
      code: 'SMS_CODE_NOT_REQUESTED',
    });
    await expect(codes.request('acme', '+1 555 0100')).rejects.toMatchObject({ code: 'PHONE_INVALID' });
  });

  it('CARD-4 one code per tenant + phone: tenants do not share codes or throttles', async () => {
    clock.now = T0;
    const to = phone();
    await codes.request('tenant-a', to);
    const codeA = await lastCode(to);
    await codes.request('tenant-b', to); // not throttled by tenant-a's code
    const codeB = await lastCode(to);
    if (codeA !== codeB) {
      await expect(codes.verify('tenant-b', to, codeA)).rejects.toMatchObject({ code: 'SMS_CODE_MISMATCH' });
    }
    await expect(codes.verify('tenant-c', to, codeA)).rejects.toMatchObject({
      code: 'SMS_CODE_NOT_REQUESTED',
    });
    await expect(codes.verify('tenant-a', to, codeA)).resolves.toBeUndefined();
    await expect(codes.verify('tenant-b', to, codeB)).resolves.toBeUndefined();
  });

  it('a failed send is SMS_SEND_FAILED and leaves no code behind: asking again at once works', async () => {
    clock.now = T0;
    const to = phone();
    sender.failNext();
    expect(await failure(codes.request('acme', to))).toMatchObject({ code: 'SMS_SEND_FAILED' });
    expect(await outbox.list(to)).toEqual([]);
    expect(await db.orm.em.fork().count(SmsCodeEntity, { key: `acme:${to}` })).toBe(0);
    await codes.request('acme', to);
    await expect(codes.verify('acme', to, await lastCode(to))).resolves.toBeUndefined();
    // a failure when replacing an older code puts the older one back
    clock.now = T0 + 2 * MIN;
    await codes.request('acme', to);
    const current = await lastCode(to);
    clock.now = T0 + 4 * MIN;
    sender.failNext();
    expect(await failure(codes.request('acme', to))).toMatchObject({ code: 'SMS_SEND_FAILED' });
    await expect(codes.verify('acme', to, current)).resolves.toBeUndefined();
  });

  it('the sandbox outbox lists newest first, for one phone or all', async () => {
    clock.now = T0;
    const to = phone();
    await sender.send(to, 'first');
    clock.now = T0 + 1;
    await sender.send(to, 'second');
    expect((await outbox.list(to)).map((m) => m.text)).toEqual(['second', 'first']);
    expect((await outbox.list())[0]).toEqual({ phone: to, text: 'second', at: T0 + 1 });
  });
});
