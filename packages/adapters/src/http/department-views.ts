import { z } from '@hono/zod-openapi';
import type { DepartmentTreeNode } from '../persistence/repositories/department-directory.js';
import type { DepartmentRecord, PostRecord } from '../persistence/repositories/department-records.js';
import { NameSchema, iso } from './asset-views.js';
import { OwnerSchema } from './staff-views.js';

// Shapes of the department and post routes (ORG-6, ORG-7).

const SortOrder = z.number().int().min(0).max(1_000_000);

/** ORG-6: the editable fields of a department. */
export const DepartmentFieldsSchema = z.object({
  name: NameSchema,
  sortOrder: SortOrder,
  leader: z.string().trim().min(1).max(64).nullable(),
  phone: z.string().trim().min(1).max(32).nullable(),
  email: z.email().max(255).nullable(),
  enabled: z.boolean(),
});

/** ORG-7: the editable fields of a post. */
export const PostFieldsSchema = z.object({ name: NameSchema, sortOrder: SortOrder, enabled: z.boolean() });

export const DepartmentSchema = z
  .object({
    id: z.string(),
    owner: OwnerSchema,
    parentId: z.string().nullable(),
    name: z.string(),
    sortOrder: z.number().int(),
    leader: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Department');

/** A department in the tree, in pre-order: `depth` 0 is a first-level department. */
export const DepartmentTreeItemSchema = DepartmentSchema.extend({ depth: z.number().int() }).openapi(
  'DepartmentTreeItem',
);

export const PostSchema = z
  .object({
    id: z.string(),
    departmentId: z.string(),
    name: z.string(),
    sortOrder: z.number().int(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Post');

export const departmentView = (d: DepartmentRecord): z.infer<typeof DepartmentSchema> => ({
  ...d,
  createdAt: iso(d.createdAt),
});

/** The forest in pre-order, each department with its depth. */
export function treeView(forest: readonly DepartmentTreeNode[]): z.infer<typeof DepartmentTreeItemSchema>[] {
  const out: z.infer<typeof DepartmentTreeItemSchema>[] = [];
  const walk = (node: DepartmentTreeNode, depth: number) => {
    const { children, ...department } = node;
    out.push({ ...departmentView(department), depth });
    for (const child of children) walk(child, depth + 1);
  };
  for (const root of forest) walk(root, 0);
  return out;
}

export const postView = (p: PostRecord): z.infer<typeof PostSchema> => ({
  ...p,
  createdAt: iso(p.createdAt),
});
