// Issue 10, "Bad input": wrong password, tampered token, revoked refresh token, signed-out session,
// unknown tenant, a datasource that breaks TEN-5, a database server that refuses, a revoked API key —
// each a clear JSON error with a stable code over the whole API on the real MariaDB, nothing half-created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  OPERATOR,
  call,
  freshPhone,
  startApiStack,
  type ApiStack,
  type TenantFixture,
} from './fixtures/api-stack.js';

const NOW = Date.parse('2026-03-10T10:00:00+08:00');

describe('sign-in, tokens, keys and datasources refuse bad input with stable codes (issue 10)', () => {
  let stack: ApiStack;
  let tenant: TenantFixture;

  beforeAll(async () => {
    stack = await startApiStack(NOW);
    tenant = await stack.createTenant('au');
  });
  afterAll(async () => stack?.stop());

  const signIn = (body: Record<string, unknown>) => call(stack.app, 'POST', '/auth/sign-in', body);

  it('ORG-4: a wrong password and an unknown phone get the same 401 SIGN_IN_FAILED; the 6th attempt is 429 ACCOUNT_LOCKED', async () => {
    const wrong = await signIn({
      tenant: tenant.tenantId,
      phone: tenant.adminPhone,
      password: 'Wrong!pass1',
    });
    const unknown = await signIn({ tenant: tenant.tenantId, phone: '13811112222', password: 'Wrong!pass1' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'SIGN_IN_FAILED']);
    expect([unknown.status, unknown.body.error]).toEqual([401, wrong.body.error]);
    for (let i = 0; i < 4; i += 1) {
      await signIn({ tenant: tenant.tenantId, phone: tenant.adminPhone, password: 'Wrong!pass1' });
    }
    const locked = await signIn({
      tenant: tenant.tenantId,
      phone: tenant.adminPhone,
      password: ADMIN_PASSWORD,
    });
    expect([locked.status, locked.body.error.code]).toEqual([429, 'ACCOUNT_LOCKED']);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800); // 15 minutes
    expect(JSON.stringify(locked.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('an unknown tenant is 404 TENANT_NOT_FOUND', async () => {
    const res = await signIn({ tenant: 'nosuchtenant', phone: '13811112222', password: 'x' });
    expect([res.status, res.body.error.code]).toEqual([404, 'TENANT_NOT_FOUND']);
  });

  it('a tampered token, a garbage token and no token are 401 UNAUTHENTICATED with their reason', async () => {
    const [head, payload, signature] = (tenant.admin['authorization'] ?? '')
      .replace('Bearer ', '')
      .split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), tenant: 'other' }),
    ).toString('base64url');
    const cases: [Record<string, string>, string][] = [
      [{ authorization: `Bearer ${head}.${forged}.${signature}` }, 'TOKEN_INVALID'],
      [{ authorization: 'Bearer not-a-token' }, 'TOKEN_INVALID'],
      [{ authorization: 'Basic abc' }, 'MALFORMED_AUTHORIZATION'],
      [{}, 'NO_CREDENTIALS'],
    ];
    for (const [headers, reason] of cases) {
      const res = await call(stack.app, 'GET', '/stations', undefined, headers);
      expect([res.status, res.body.error.code, res.body.error.details.reason]).toEqual([
        401,
        'UNAUTHENTICATED',
        reason,
      ]);
    }
  });

  it('refresh rotates; the rotated token presented again ends the session; sign-out ends it too', async () => {
    const first = await signIn(OPERATOR);
    const rotated = await call(stack.app, 'POST', '/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first.body.refreshToken);
    const reused = await call(stack.app, 'POST', '/auth/refresh', { refreshToken: first.body.refreshToken });
    expect([reused.status, reused.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    // The whole session is over: the newest refresh token and its access token stop working.
    const stolen = await call(stack.app, 'POST', '/auth/refresh', {
      refreshToken: rotated.body.refreshToken,
    });
    expect(stolen.status).toBe(401);

    const second = await signIn(OPERATOR);
    const bearer = { authorization: `Bearer ${second.body.accessToken}` };
    expect((await call(stack.app, 'GET', '/platform/tenants', undefined, bearer)).status).toBe(200);
    expect(
      (await call(stack.app, 'POST', '/auth/sign-out', { refreshToken: second.body.refreshToken })).status,
    ).toBe(204);
    stack.services.callers.forget(); // another process would notice within the cache's 10 s
    const after = await call(stack.app, 'GET', '/platform/tenants', undefined, bearer);
    expect([after.status, after.body.error.details.reason]).toEqual([401, 'SESSION_REVOKED']);
  });

  it('TEN-5: only OPS/DEV configure datasources; root, a weak password, min > max and an unknown server are refused, nothing is left', async () => {
    const created = await call(
      stack.app,
      'POST',
      '/platform/tenants',
      { id: `bad${Date.now() % 100000}`, name: 'Bad' },
      stack.operator,
    );
    const id = created.body.id as string;
    const good = {
      address: '127.0.0.1:3306',
      account: `u_${id}`,
      password: 'Tenant#Db1pass',
      maxConnections: 4,
      minConnections: 1,
    };
    const adminOnly = await stack.services.platformUsers.create({
      phone: freshPhone(),
      name: 'Admin only',
      password: 'Admin!only1',
      roles: ['ADMIN'],
    });
    const adminSession = await signIn({ phone: adminOnly.phone, password: 'Admin!only1' });
    const denied = await call(stack.app, 'PUT', `/platform/tenants/${id}/datasource`, good, {
      authorization: `Bearer ${adminSession.body.accessToken}`,
    });
    expect([denied.status, denied.body.error.code]).toEqual([403, 'ACCESS_DENIED']);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, account: 'root' }, 'DATASOURCE_ROOT_ACCOUNT'],
      [{ ...good, password: 'weakpassword' }, 'DATASOURCE_PASSWORD_WEAK'],
      [{ ...good, minConnections: 5, maxConnections: 4 }, 'DATASOURCE_POOL_INVALID'],
      [{ ...good, address: '127.0.0.1:3399' }, 'DATASOURCE_SERVER_UNKNOWN'],
    ];
    for (const [input, code] of cases) {
      const res = await call(stack.app, 'PUT', `/platform/tenants/${id}/datasource`, input, stack.operator);
      expect([res.status, res.body.error.code], code).toEqual([422, code]);
    }
    const tenantNow = await call(stack.app, 'GET', `/platform/tenants/${id}`, undefined, stack.operator);
    expect(tenantNow.body.datasource).toBeNull();
    // A tenant without a ready database cannot be signed into.
    const noDb = await signIn({ tenant: id, phone: '13811112222', password: 'x' });
    expect([noDb.status, noDb.body.error.code]).toEqual([409, 'TENANT_DATABASE_NOT_READY']);
  });

  it('a machine client holds at most its creator’s permissions, works with X-API-Key, and stops at once when revoked', async () => {
    const escalate = await call(
      stack.app,
      'POST',
      '/api-keys',
      { name: 'too much', permissions: ['datasource:configure'] },
      tenant.admin,
    );
    expect(escalate.status).toBe(403);
    // The administrator's sign-in was locked above by the lockout test: use its still-valid access token.
    const created = await call(
      stack.app,
      'POST',
      '/api-keys',
      { name: 'reader', permissions: ['station:list'] },
      tenant.admin,
    );
    expect(created.status).toBe(201);
    const key = { 'x-api-key': created.body.key as string };
    expect((await call(stack.app, 'GET', '/stations', undefined, key)).status).toBe(200);
    expect((await call(stack.app, 'GET', '/orders', undefined, key)).status).toBe(403);
    expect(
      (await call(stack.app, 'DELETE', `/api-keys/${created.body.id}`, undefined, tenant.admin)).status,
    ).toBe(200);
    const revoked = await call(stack.app, 'GET', '/stations', undefined, key);
    expect([revoked.status, revoked.body.error.details.reason]).toEqual([401, 'API_KEY_INVALID']);
    const listed = await call(stack.app, 'GET', '/api-keys', undefined, tenant.admin);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key as string); // only shown once
  });

  it('every write is in the audit log: who, what, from where; sign-ins in the platform’s', async () => {
    const audit = await call(stack.app, 'GET', '/audit-log', undefined, tenant.admin);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          method: 'POST',
          route: '/api-keys',
          status: 201,
          permission: 'api-key:create',
          callerKind: 'STAFF',
        }),
        expect.objectContaining({
          method: 'DELETE',
          route: '/api-keys/:keyId',
          status: 200,
          callerKind: 'STAFF',
        }),
      ]),
    );
    const platform = await call(stack.app, 'GET', '/platform/audit-log', undefined, stack.operator);
    expect(platform.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ route: '/auth/sign-in', callerKind: 'PLATFORM' })]),
    );
    expect(JSON.stringify(platform.body)).not.toContain(OPERATOR.password);
  });
});
