import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

// ORG-6, ORG-7 in the tenant's own database: the department tree of each provider and property, and
// the posts of the departments. Deleting is a flag (a deleted department or post stays for history
// and can no longer be associated); the tree's shape rules are in core (access/departments.ts).

/** ORG-6 部门: a node of an owner's tree; the first-level one has no parent and `rootOf` = its owner. */
export const DepartmentEntity = defineEntity({
  name: 'Department',
  tableName: 'department',
  indexes: [{ name: 'department_owner_idx', properties: ['ownerProviderId', 'ownerPropertyId'] }],
  properties: {
    id: p.string().length(36).primary(),
    ownerLevel: p.enum(['PROVIDER', 'PROPERTY']),
    ownerProviderId: p.string().length(36),
    ownerPropertyId: p.string().length(36).nullable(),
    parentId: p.string().length(36).nullable(),
    /** `PROVIDER:<id>` / `PROPERTY:<id>` on the first-level department only: one per owner (unique). */
    rootOf: p.string().length(48).nullable().unique('department_root_of_unique'),
    name: p.string().length(128),
    sortOrder: p.integer().default(0),
    leader: p.string().length(64).nullable(),
    phone: p.string().length(32).nullable(),
    email: p.string().length(255).nullable(),
    enabled: p.boolean().default(true),
    deleted: p.boolean().default(false),
    createdAt: p.bigint('number'),
  },
});
/** A department row. */
export type DepartmentRow = InferEntity<typeof DepartmentEntity>;

/** ORG-7 岗位: a post always belongs to a department (the owner columns are the department's, for scope). */
export const PostEntity = defineEntity({
  name: 'Post',
  tableName: 'post',
  indexes: [{ name: 'post_owner_idx', properties: ['ownerProviderId', 'ownerPropertyId'] }],
  properties: {
    id: p.string().length(36).primary(),
    departmentId: p.string().length(36).index('post_department_idx'),
    ownerProviderId: p.string().length(36),
    ownerPropertyId: p.string().length(36).nullable(),
    name: p.string().length(128),
    sortOrder: p.integer().default(0),
    enabled: p.boolean().default(true),
    deleted: p.boolean().default(false),
    createdAt: p.bigint('number'),
  },
});
/** A post row. */
export type PostRow = InferEntity<typeof PostEntity>;
