import { TENANT_ROLE_PERMISSIONS, type PasswordHasher } from '@chargeflow/core';
import { RoleDirectory } from '../persistence/repositories/role-directory.js';
import { StaffDirectory, type StaffUserRecord } from '../persistence/repositories/staff-directory.js';
import { WHOLE_TENANT } from '../persistence/scope.js';
import type { TenantDatabases } from '../tenancy/ports.js';

/** The role every tenant administrator gets: all of a tenant's own permissions at its top level. */
export const ADMINISTRATOR_ROLE_ID = 'role-administrator';

/**
 * Creates a tenant's administrator (a back-office user at the tenant's top level, ORG-4) in the
 * tenant's own database, with the built-in Administrator role (ORG-5: every permission a tenant's
 * roles may hold; created on first use). The control plane does this once a tenant's database is ready.
 */
export async function createTenantAdministrator(
  deps: { readonly tenants: TenantDatabases; readonly hasher: PasswordHasher; readonly clock: () => number },
  tenantId: string,
  input: { readonly phone: string; readonly name: string; readonly password: string },
): Promise<StaffUserRecord> {
  const db = await deps.tenants.get(tenantId);
  const staff = new StaffDirectory(db.em, deps.clock, tenantId, deps.hasher);
  const roleDirectory = new RoleDirectory(db.em, deps.clock, tenantId, WHOLE_TENANT);
  const roles = await roleDirectory.all();
  if (!roles.some((role) => role.id === ADMINISTRATOR_ROLE_ID)) {
    await roleDirectory.create({
      id: ADMINISTRATOR_ROLE_ID,
      name: 'Administrator',
      owner: { level: 'PLATFORM' },
      permissions: TENANT_ROLE_PERMISSIONS,
    });
  }
  return staff.createUser({ ...input, place: { level: 'PLATFORM' }, roleIds: [ADMINISTRATOR_ROLE_ID] });
}
