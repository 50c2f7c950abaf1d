import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Duty } from './data-scope.js';
import {
  APP_PERMISSIONS,
  CONTROL_PLANE_PERMISSIONS,
  isPermission,
  OPS_DEV_PERMISSIONS,
  PLATFORM_ONLY_PERMISSIONS,
  type Permission,
} from './permissions.js';
import { ownerKey, ownerOf, type OrgOwner, type OrgPlace } from './place.js';

/** The control plane's own tenant (see control-plane.ts; repeated here to keep the import graph acyclic). */
const PLATFORM_TENANT_ID = 'platform';

/** ORG-5 role: a named set of permissions owned by the platform, a provider or a property. */
export interface Role {
  readonly id: string;
  readonly tenantId: string;
  readonly owner: OrgOwner;
  readonly name: string;
  readonly enabled: boolean;
  readonly permissions: readonly string[];
  /** Optional duties; TEN-5 datasource permissions require OPS or DEV. */
  readonly duties: readonly Duty[];
}

/** Error codes of role rules. */
export type RoleErrorCode =
  'ROLE_DISABLED' | 'ROLE_IN_USE' | 'ROLE_OUT_OF_SCOPE' | 'PERMISSION_UNKNOWN' | 'ROLE_PERMISSION_RESTRICTED';

/**
 * ORG-5: a role's permissions must exist; platform-only permissions need a platform role; the
 * datasource permissions (TEN-5) need a role with an OPS or DEV duty.
 */
export function validateRolePermissions(
  role: Role,
): Result<readonly Permission[], DomainError<RoleErrorCode>> {
  const unknown = role.permissions.filter((code) => !isPermission(code));
  if (unknown.length > 0) {
    return err(
      new DomainError('PERMISSION_UNKNOWN', `unknown permissions ${unknown.join(', ')}`, { unknown }),
    );
  }
  const permissions = role.permissions.filter(isPermission);
  // App-user permissions come with an SMS sign-in, never with a role; control-plane permissions
  // (tenants, datasources, …) only with a role of the platform's own tenant.
  const foreign = permissions.filter(
    (p) =>
      APP_PERMISSIONS.has(p) || (CONTROL_PLANE_PERMISSIONS.has(p) && role.tenantId !== PLATFORM_TENANT_ID),
  );
  if (foreign.length > 0) {
    return err(
      new DomainError(
        'ROLE_PERMISSION_RESTRICTED',
        "app-user permissions, and control-plane permissions outside the platform's tenant, are not granted by roles",
        { permissions: foreign },
      ),
    );
  }
  const platformOnly = permissions.filter((p) => PLATFORM_ONLY_PERMISSIONS.has(p));
  if (role.owner.level !== 'PLATFORM' && platformOnly.length > 0) {
    return err(
      new DomainError('ROLE_PERMISSION_RESTRICTED', 'only platform roles may hold these permissions', {
        permissions: platformOnly,
      }),
    );
  }
  const opsDev = permissions.filter((p) => OPS_DEV_PERMISSIONS.has(p));
  if (opsDev.length > 0 && !role.duties.some((d) => d === 'OPS' || d === 'DEV')) {
    return err(
      new DomainError('ROLE_PERMISSION_RESTRICTED', 'datasource permissions need an OPS or DEV role', {
        permissions: opsDev,
      }),
    );
  }
  return ok(permissions);
}

/** ORG-5: a disabled role cannot be assigned; a role can only be assigned within its owner's organisation. */
export function canAssignRole(
  role: Role,
  user: { readonly tenantId: string; readonly place: OrgPlace },
): Result<void, DomainError<RoleErrorCode>> {
  if (!role.enabled) {
    return err(new DomainError('ROLE_DISABLED', `role ${role.name} is disabled`, { roleId: role.id }));
  }
  if (role.tenantId !== user.tenantId || ownerKey(role.owner) !== ownerKey(ownerOf(user.place))) {
    return err(
      new DomainError('ROLE_OUT_OF_SCOPE', `role ${role.name} belongs to another organisation`, {
        roleId: role.id,
      }),
    );
  }
  return ok(undefined);
}

/** ORG-5: a role still assigned to users cannot be deleted (ROLE_IN_USE with the user count). */
export function canDeleteRole(
  role: Role,
  assignedUserCount: number,
): Result<void, DomainError<RoleErrorCode>> {
  return assignedUserCount > 0
    ? err(
        new DomainError('ROLE_IN_USE', `role ${role.name} is assigned to ${assignedUserCount} user(s)`, {
          roleId: role.id,
          userCount: assignedUserCount,
        }),
      )
    : ok(undefined);
}

/** ORG-5: the permissions and duties a user holds: the union over its enabled roles only. */
export function effectiveGrants(roles: readonly Role[]): {
  readonly permissions: ReadonlySet<Permission>;
  readonly duties: ReadonlySet<Duty>;
} {
  const enabled = roles.filter((role) => role.enabled);
  return {
    permissions: new Set(enabled.flatMap((role) => role.permissions.filter(isPermission))),
    duties: new Set(enabled.flatMap((role) => role.duties)),
  };
}
