import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startApiStack, type ApiStack, type TenantFixture } from './fixtures/api-stack.js';
import { approvedProvider, newProperty } from './fixtures/organisation.js';

const SAVED = Date.parse('2026-03-10T10:00:00+08:00');

describe.each(['mariadb', 'sqlite'] as const)('API smoke on %s', (database) => {
  let stack: ApiStack;
  let a: TenantFixture;
  let b: TenantFixture;
  beforeAll(async () => {
    stack = await startApiStack(SAVED, { database });
    a = await stack.createTenant('sa');
    b = await stack.createTenant('sb');
  });
  afterAll(async () => stack?.stop());

  it('works', async () => {
    const { provider } = await approvedProvider(stack.app, a.admin, 'P');
    const { property } = await newProperty(stack.app, a.admin, provider.id, 'Q');
    const station = await call(
      stack.app,
      'POST',
      '/stations',
      { propertyId: property.id, name: 'S' },
      a.admin,
    );
    expect(station.status, JSON.stringify(station.body)).toBe(201);
    const id = station.body.station.id;
    expect((await call(stack.app, 'GET', `/stations/${id}`, undefined, a.admin)).status).toBe(200);
    expect((await call(stack.app, 'GET', `/stations/${id}`, undefined, b.admin)).status).toBe(404);
    expect((await call(stack.app, 'GET', `/stations/${id}`)).status).toBe(401);
    const charger = await call(
      stack.app,
      'POST',
      `/stations/${id}/chargers`,
      { serialNo: `SN-${a.tenantId}`, name: 'C' },
      a.admin,
    );
    expect(charger.status, JSON.stringify(charger.body)).toBe(201);
    const taken = await call(
      stack.app,
      'POST',
      `/stations/${id}/chargers`,
      { serialNo: `SN-${a.tenantId}`, name: 'C' },
      a.admin,
    );
    expect(taken.status).toBe(409);
    const app = await stack.signInApp(a.tenantId, '13700000001');
    expect((await call(stack.app, 'GET', '/me', undefined, app)).status).toBe(200);
    expect((await call(stack.app, 'GET', '/stations', undefined, app)).status).toBe(403);
    const audit = await call(stack.app, 'GET', '/audit-log', undefined, a.admin);
    expect(audit.body.total).toBeGreaterThanOrEqual(4);
  });
});
