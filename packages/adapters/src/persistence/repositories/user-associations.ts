import { checkUserAssociations, unwrap, type OrgPlace } from '@chargeflow/core';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { RoleEntity, type RoleRow } from '../entities/access.js';
import { DepartmentEntity, PostEntity } from '../entities/organisation.js';
import { PersistenceError } from '../errors.js';
import { orgScopeOf, ownedWhere } from '../owner-scope.js';
import { within, type QueryScope } from '../scope.js';
import { departmentOf } from './department-records.js';
import { roleOf } from './role-records.js';

/** What a user is associated with (ORG-4…7): null clears the department or post. */
export interface UserAssociationIds {
  readonly departmentId?: string | null;
  readonly postId?: string | null;
  readonly roleIds?: readonly string[];
}

/**
 * ORG-4…7: loads the department, post and roles a user at `place` is to be associated with, inside
 * the caller's scope (…_NOT_FOUND otherwise), locked for share so a concurrent disable waits, and
 * checks them with core checkUserAssociations (DEPARTMENT_UNAVAILABLE, POST_UNAVAILABLE,
 * POST_NOT_IN_DEPARTMENT, ROLE_DISABLED, ROLE_OUT_OF_SCOPE, DEPARTMENT_OUT_OF_SCOPE).
 */
export async function checkAssociations(
  em: EntityManager,
  tenantId: string,
  scope: QueryScope,
  place: OrgPlace,
  ids: UserAssociationIds,
): Promise<void> {
  const owned = ownedWhere(orgScopeOf(scope, tenantId));
  const lock = { lockMode: LockMode.PESSIMISTIC_READ } as const;
  const departmentId = ids.departmentId ?? null;
  const postId = ids.postId ?? null;
  const department =
    departmentId === null
      ? null
      : await em.findOne(DepartmentEntity, within(owned, { id: departmentId, deleted: false }), lock);
  if (departmentId !== null && department === null) {
    throw new PersistenceError('DEPARTMENT_NOT_FOUND', `no department ${departmentId}`, { departmentId });
  }
  const post = postId === null ? null : await em.findOne(PostEntity, within(owned, { id: postId }), lock);
  if (postId !== null && post === null) {
    throw new PersistenceError('POST_NOT_FOUND', `no post ${postId}`, { postId });
  }
  const roleIds = [...(ids.roleIds ?? [])];
  const roles =
    roleIds.length === 0
      ? []
      : await em.find(RoleEntity, within<FilterQuery<RoleRow>>(owned, { id: { $in: roleIds } }), lock);
  const missing = roleIds.filter((id) => !roles.some((r) => r.id === id));
  if (missing.length > 0) {
    throw new PersistenceError('ROLE_NOT_FOUND', `no role ${missing.join(', ')}`, { roleIds: missing });
  }
  unwrap(
    checkUserAssociations(
      { tenantId, place },
      {
        ...(department === null ? {} : { department: departmentOf(tenantId, department) }),
        ...(post === null
          ? {}
          : {
              post: {
                id: post.id,
                tenantId,
                departmentId: post.departmentId,
                name: post.name,
                sortOrder: post.sortOrder,
                enabled: post.enabled,
                deleted: post.deleted,
              },
            }),
        roles: roles.map((r) => roleOf(tenantId, r)),
      },
    ),
  );
}
