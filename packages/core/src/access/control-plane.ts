import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Duty, Principal } from './data-scope.js';
import {
  APP_PERMISSIONS,
  CONTROL_PLANE_PERMISSIONS,
  PERMISSION_CODES,
  type Permission,
} from './permissions.js';

/**
 * The control plane (the SaaS operator running chargeflow for its tenants) acts in a tenant of its
 * own, `platform` (see access.md: "Tenant first"), which can never be a customer's tenant id.
 */
export const PLATFORM_TENANT_ID = 'platform';

/** Built-in roles of platform operators: ADMIN runs tenants and operators; OPS and DEV also own datasources (TEN-5). */
export type PlatformRole = 'ADMIN' | 'OPS' | 'DEV';

/** Every platform role. */
export const PLATFORM_ROLES: readonly PlatformRole[] = ['ADMIN', 'OPS', 'DEV'];

const DATASOURCE = (code: Permission) => code.startsWith('datasource:');

/** What each built-in platform role grants (permissions and duties). */
export const PLATFORM_ROLE_GRANTS: Readonly<
  Record<PlatformRole, { readonly permissions: readonly Permission[]; readonly duties: readonly Duty[] }>
> = {
  ADMIN: {
    permissions: [
      ...[...CONTROL_PLANE_PERMISSIONS].filter((code) => !DATASOURCE(code)),
      'datasource:view',
      'system:health',
      'audit:list',
    ],
    duties: [],
  },
  OPS: {
    permissions: [
      ...[...CONTROL_PLANE_PERMISSIONS].filter(DATASOURCE),
      'tenant:list',
      'system:health',
      'audit:list',
    ],
    duties: ['OPS'],
  },
  DEV: {
    permissions: [...[...CONTROL_PLANE_PERMISSIONS].filter(DATASOURCE), 'tenant:list', 'system:health'],
    duties: ['DEV'],
  },
};

/** The request principal of a platform operator: the platform tenant, place PLATFORM, the grants of its roles. */
export function platformPrincipal(userId: string, roles: readonly PlatformRole[]): Principal {
  const grants = roles.map((role) => PLATFORM_ROLE_GRANTS[role]);
  return {
    tenantId: PLATFORM_TENANT_ID,
    userId,
    place: { level: 'PLATFORM' },
    stationIds: [],
    permissions: new Set(grants.flatMap((g) => g.permissions)),
    duties: new Set(grants.flatMap((g) => g.duties)),
  };
}

/** Every permission a tenant's own roles may hold: all but the control plane's and the app users'. */
export const TENANT_ROLE_PERMISSIONS: readonly Permission[] = PERMISSION_CODES.filter(
  (code) => !CONTROL_PLANE_PERMISSIONS.has(code) && !APP_PERMISSIONS.has(code),
);

/** A tenant id customers may use: 2–32 of a-z, 0-9 and "-", starting with a letter, never `platform`. */
export function checkTenantId(id: string): Result<string, DomainError<'TENANT_ID_INVALID'>> {
  if (!/^[a-z][a-z0-9-]{1,31}$/.test(id) || id === PLATFORM_TENANT_ID) {
    return err(
      new DomainError(
        'TENANT_ID_INVALID',
        'a tenant id is 2–32 of a-z, 0-9 and "-", starting with a letter',
        {
          id,
          reserved: id === PLATFORM_TENANT_ID,
        },
      ),
    );
  }
  return ok(id);
}

/**
 * Machine clients (API keys) get at most what their creator holds: a key never escalates. Returns
 * the requested permissions when all are held, else ACCESS_DENIED naming the others.
 */
export function grantablePermissions(
  creator: Principal,
  requested: readonly Permission[],
): Result<readonly Permission[], DomainError<'ACCESS_DENIED'>> {
  const missing = requested.filter((code) => !creator.permissions.has(code));
  if (missing.length > 0) {
    return err(
      new DomainError('ACCESS_DENIED', 'an API key cannot hold permissions its creator lacks', {
        reason: 'PERMISSION',
        permissions: missing,
      }),
    );
  }
  return ok([...new Set(requested)]);
}
