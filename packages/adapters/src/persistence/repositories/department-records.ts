import type { Department, OrgOwner } from '@chargeflow/core';
import type { DepartmentRow, PostRow } from '../entities/organisation.js';
import { ownerOfColumns } from '../owner-scope.js';

/** A department (ORG-6) as the API shows it. */
export interface DepartmentRecord {
  readonly id: string;
  readonly owner: OrgOwner;
  readonly parentId: string | null;
  readonly name: string;
  readonly sortOrder: number;
  readonly leader: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly enabled: boolean;
  readonly createdAt: number;
}

/** A post (ORG-7) as the API shows it. */
export interface PostRecord {
  readonly id: string;
  readonly departmentId: string;
  readonly name: string;
  readonly sortOrder: number;
  readonly enabled: boolean;
  readonly createdAt: number;
}

/** Maps a department row. */
export const toDepartmentRecord = (r: DepartmentRow): DepartmentRecord => ({
  id: r.id,
  owner: ownerOfColumns(r),
  parentId: r.parentId ?? null,
  name: r.name,
  sortOrder: r.sortOrder,
  leader: r.leader ?? null,
  phone: r.phone ?? null,
  email: r.email ?? null,
  enabled: r.enabled,
  createdAt: r.createdAt,
});

/** Core's department (ORG-6) of a row. */
export const departmentOf = (tenantId: string, r: DepartmentRow): Department => ({
  id: r.id,
  tenantId,
  owner: ownerOfColumns(r),
  parentId: r.parentId ?? null,
  name: r.name,
  sortOrder: r.sortOrder,
  enabled: r.enabled,
  deleted: r.deleted,
});

/** Maps a post row. */
export const toPostRecord = (r: PostRow): PostRecord => ({
  id: r.id,
  departmentId: r.departmentId,
  name: r.name,
  sortOrder: r.sortOrder,
  enabled: r.enabled,
  createdAt: r.createdAt,
});
