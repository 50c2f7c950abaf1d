import { isDomainError } from '@chargeflow/core';
import { SignJWT, UnsecuredJWT, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_TTL_MS, createAccessTokens } from './access-tokens.js';
import type { Subject } from './ports.js';

const SECRET = 'test-secret-of-at-least-32-bytes-0123456789';
const OTHER_SECRET = 'another-secret-of-at-least-32-bytes-98765';
const T0 = 1_700_000_000_000; // a whole second
const SUBJECT: Subject & { sessionId: string } = {
  kind: 'STAFF',
  tenantId: 'acme',
  userId: 'u-1',
  sessionId: 's-1',
};

/** The details.reason of the UNAUTHENTICATED error a promise rejects with. */
async function reasonOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isDomainError(error, 'UNAUTHENTICATED'), String(error)).toBe(true);
  return isDomainError(error) ? error.details['reason'] : undefined;
}

/** A token with the right claims signed by `sign`, for forging variants. */
const forged = (claims: Record<string, unknown> = {}) =>
  new SignJWT({ tenant: 'acme', kind: 'STAFF', sid: 's-1', ...claims })
    .setSubject('u-1')
    .setIssuer('chargeflow')
    .setAudience('chargeflow-api')
    .setIssuedAt(T0 / 1000)
    .setExpirationTime(T0 / 1000 + 900);

describe('access tokens (issue 10: expired or tampered token)', () => {
  const clock = { now: T0 };
  const tokens = createAccessTokens({ secret: SECRET, now: () => clock.now });

  it('round trip: the claims come back, HS256, expiring after 15 minutes', async () => {
    clock.now = T0;
    const { token, expiresAt } = await tokens.issue(SUBJECT);
    expect(expiresAt).toBe(T0 + ACCESS_TOKEN_TTL_MS);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(await tokens.verify(token)).toEqual({ ...SUBJECT, expiresAt: T0 + 15 * 60_000 });
  });

  it('an expired token is TOKEN_EXPIRED (valid until exp, refused from exp on)', async () => {
    clock.now = T0;
    const { token } = await tokens.issue(SUBJECT);
    clock.now = T0 + ACCESS_TOKEN_TTL_MS - 1000;
    await expect(tokens.verify(token)).resolves.toMatchObject({ userId: 'u-1' });
    clock.now = T0 + ACCESS_TOKEN_TTL_MS;
    expect(await reasonOf(tokens.verify(token))).toBe('TOKEN_EXPIRED');
  });

  it('a tampered signature is TOKEN_INVALID', async () => {
    clock.now = T0;
    const { token } = await tokens.issue(SUBJECT);
    const [header, payload, signature = ''] = token.split('.');
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await reasonOf(tokens.verify(`${header}.${payload}.${flipped}`))).toBe('TOKEN_INVALID');
  });

  it('a tampered payload (another tenant) under the original signature is TOKEN_INVALID', async () => {
    clock.now = T0;
    const { token } = await tokens.issue(SUBJECT);
    const [header, payload = '', signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const evil = Buffer.from(JSON.stringify({ ...claims, tenant: 'other' })).toString('base64url');
    expect(await reasonOf(tokens.verify(`${header}.${evil}.${signature}`))).toBe('TOKEN_INVALID');
  });

  it('alg "none" (an unsigned token) is TOKEN_INVALID', async () => {
    clock.now = T0;
    const unsigned = new UnsecuredJWT({ tenant: 'acme', kind: 'STAFF', sid: 's-1' })
      .setSubject('u-1')
      .setIssuer('chargeflow')
      .setAudience('chargeflow-api')
      .setIssuedAt(T0 / 1000)
      .setExpirationTime(T0 / 1000 + 900)
      .encode();
    expect(decodeProtectedHeader(unsigned).alg).toBe('none');
    expect(await reasonOf(tokens.verify(unsigned))).toBe('TOKEN_INVALID');
  });

  it('another HMAC algorithm under the same secret (HS512) is TOKEN_INVALID', async () => {
    clock.now = T0;
    const hs512 = await forged().setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(SECRET));
    expect(await reasonOf(tokens.verify(hs512))).toBe('TOKEN_INVALID');
  });

  it('a token signed with another secret is TOKEN_INVALID', async () => {
    clock.now = T0;
    const other = createAccessTokens({ secret: OTHER_SECRET, now: () => T0 });
    const { token } = await other.issue(SUBJECT);
    expect(await reasonOf(tokens.verify(token))).toBe('TOKEN_INVALID');
  });

  it.each([
    ['wrong audience', (jwt: SignJWT) => jwt.setAudience('someone-else')],
    ['wrong issuer', (jwt: SignJWT) => jwt.setIssuer('evil')],
  ])('%s is TOKEN_INVALID', async (_name, change) => {
    clock.now = T0;
    const token = await change(forged())
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET));
    expect(await reasonOf(tokens.verify(token))).toBe('TOKEN_INVALID');
  });

  it.each([
    ['no session id', { sid: undefined }],
    ['an unknown kind', { kind: 'ROOT' }],
  ])('a correctly signed token with %s is TOKEN_INVALID', async (_name, claims) => {
    clock.now = T0;
    const token = await forged(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET));
    expect(await reasonOf(tokens.verify(token))).toBe('TOKEN_INVALID');
  });

  it.each(['', 'not-a-jwt', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9..'])(
    'malformed %j is TOKEN_INVALID',
    async (token) => {
      expect(await reasonOf(tokens.verify(token))).toBe('TOKEN_INVALID');
    },
  );

  it('a secret shorter than 32 bytes is refused at construction', () => {
    expect(() => createAccessTokens({ secret: 'short' })).toThrow(
      /AUTH_TOKEN_SECRET must be at least 32 bytes \(got 5\)/,
    );
    expect(() => createAccessTokens({ secret: new Uint8Array(31) })).toThrow(/got 31/);
    expect(() => createAccessTokens({ secret: new Uint8Array(32) })).not.toThrow();
  });

  it('a custom lifetime is honoured; a lifetime that is not whole seconds is refused', async () => {
    const short = createAccessTokens({ secret: SECRET, ttlMs: 60_000, now: () => T0 });
    expect((await short.issue(SUBJECT)).expiresAt).toBe(T0 + 60_000);
    expect(() => createAccessTokens({ secret: SECRET, ttlMs: 1500 })).toThrow(/ttlMs/);
  });
});
