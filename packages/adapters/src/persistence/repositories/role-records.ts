import type { Duty, OrgOwner, Role } from '@chargeflow/core';
import type { RoleRow } from '../entities/access.js';
import { ownerOfColumns } from '../owner-scope.js';

/** A role as the API shows it (ORG-5). */
export interface RoleRecord {
  readonly id: string;
  readonly name: string;
  readonly owner: OrgOwner;
  readonly enabled: boolean;
  readonly permissions: readonly string[];
  readonly duties: readonly Duty[];
  readonly createdAt: number;
}

/** Core's role of a row. */
export const roleOf = (tenantId: string, row: RoleRow): Role => ({
  id: row.id,
  tenantId,
  owner: ownerOfColumns(row),
  name: row.name,
  enabled: row.enabled,
  permissions: [...row.permissions],
  duties: [...row.duties] as Duty[],
});

/** Maps a role row. */
export const toRoleRecord = (row: RoleRow): RoleRecord => ({
  id: row.id,
  name: row.name,
  owner: ownerOfColumns(row),
  enabled: row.enabled,
  permissions: [...row.permissions],
  duties: [...row.duties] as Duty[],
  createdAt: row.createdAt,
});
