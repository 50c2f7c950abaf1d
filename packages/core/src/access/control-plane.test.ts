import { describe, expect, it } from 'vitest';
import { authorizeDatasourceChange } from '../tenants/guards.js';
import {
  PLATFORM_TENANT_ID,
  TENANT_ROLE_PERMISSIONS,
  checkTenantId,
  grantablePermissions,
  platformPrincipal,
} from './control-plane.js';
import type { Principal } from './data-scope.js';

describe('the control plane: platform operators and tenant ids (TEN-5, TEN-7, ORG-5)', () => {
  it('TEN-5 an OPS or DEV operator may configure a datasource; an ADMIN may not (no duty)', () => {
    expect(authorizeDatasourceChange(platformPrincipal('u1', ['OPS']), 'datasource:configure').ok).toBe(true);
    expect(authorizeDatasourceChange(platformPrincipal('u1', ['DEV']), 'datasource:delete').ok).toBe(true);
    const admin = authorizeDatasourceChange(platformPrincipal('u1', ['ADMIN']), 'datasource:configure');
    expect(admin.ok ? 'ok' : admin.error.details['reason']).toBe('PERMISSION');
  });

  it('TEN-7 a platform operator acts in the platform tenant, never in a customer tenant', () => {
    const principal = platformPrincipal('u1', ['ADMIN', 'OPS']);
    expect(principal.tenantId).toBe(PLATFORM_TENANT_ID);
    expect(principal.permissions.has('tenant:create')).toBe(true);
    expect(principal.permissions.has('order:list')).toBe(false); // no business data of any tenant
  });

  it.each([
    ['demo', true],
    ['acme-charging-2', true],
    ['platform', false], // reserved for the control plane
    ['A', false],
    ['9lives', false],
    ['a'.repeat(33), false],
    ['x_y', false],
  ])('tenant id %s is allowed: %s', (id, allowed) => {
    expect(checkTenantId(id).ok).toBe(allowed);
  });

  it('ORG-5 a tenant role may hold neither control-plane nor app-user permissions', () => {
    expect(TENANT_ROLE_PERMISSIONS).toContain('station:create');
    expect(TENANT_ROLE_PERMISSIONS).not.toContain('datasource:configure');
    expect(TENANT_ROLE_PERMISSIONS).not.toContain('app:order-start');
  });

  it('an API key never holds a permission its creator lacks', () => {
    const creator: Principal = {
      tenantId: 't1',
      userId: 'u1',
      place: { level: 'PLATFORM' },
      stationIds: [],
      permissions: new Set(['order:list', 'order:view']),
      duties: new Set(),
    };
    expect(grantablePermissions(creator, ['order:list']).ok).toBe(true);
    const escalated = grantablePermissions(creator, ['order:list', 'order:refund']);
    expect(escalated.ok ? [] : escalated.error.details['permissions']).toEqual(['order:refund']);
  });
});
