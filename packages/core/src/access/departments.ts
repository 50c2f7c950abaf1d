import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { OrgOwner } from './place.js';

/** ORG-6 department (部门): a node of the tree under its owner's first-level department. */
export interface Department {
  readonly id: string;
  readonly tenantId: string;
  readonly owner: OrgOwner;
  /** null only for the first-level department created with the provider/property. */
  readonly parentId: string | null;
  readonly name: string;
  readonly sortOrder: number;
  readonly leader?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly enabled: boolean;
  readonly deleted: boolean;
}

/** Error codes of department rules. */
export type DepartmentErrorCode =
  | 'DEPARTMENT_UNAVAILABLE'
  | 'DEPARTMENT_ROOT'
  | 'DEPARTMENT_HAS_CHILDREN'
  | 'DEPARTMENT_CYCLE'
  | 'DEPARTMENT_NOT_FOUND';

/** ORG-6: a disabled or deleted department cannot be associated (with users, posts or children). */
export function checkDepartmentUsable(
  department: Department,
): Result<void, DomainError<DepartmentErrorCode>> {
  return department.enabled && !department.deleted
    ? ok(undefined)
    : err(
        new DomainError('DEPARTMENT_UNAVAILABLE', `department ${department.name} is disabled or deleted`, {
          departmentId: department.id,
        }),
      );
}

/** ORG-6: ids of a department and all of its descendants. */
export function departmentSubtree(departments: readonly Department[], rootId: string): ReadonlySet<string> {
  const children = new Map<string, string[]>();
  for (const d of departments) {
    if (d.parentId !== null) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  }
  const seen = new Set<string>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return seen;
}

/** ORG-6: the first-level department cannot be deleted; a department with live children cannot either. */
export function canDeleteDepartment(
  departments: readonly Department[],
  department: Department,
): Result<void, DomainError<DepartmentErrorCode>> {
  if (department.parentId === null) {
    return err(
      new DomainError('DEPARTMENT_ROOT', 'the first-level department cannot be deleted', {
        departmentId: department.id,
      }),
    );
  }
  const live = departments.filter((d) => d.parentId === department.id && !d.deleted).map((d) => d.id);
  return live.length > 0
    ? err(
        new DomainError('DEPARTMENT_HAS_CHILDREN', `department ${department.name} has sub-departments`, {
          childIds: live,
        }),
      )
    : ok(undefined);
}

/** ORG-6: moving a department under a new parent: same owner, usable parent, never under itself. */
export function canMoveDepartment(
  departments: readonly Department[],
  departmentId: string,
  newParentId: string,
): Result<void, DomainError<DepartmentErrorCode>> {
  const department = departments.find((d) => d.id === departmentId);
  const parent = departments.find((d) => d.id === newParentId);
  if (!department || !parent || department.tenantId !== parent.tenantId) {
    return err(
      new DomainError('DEPARTMENT_NOT_FOUND', 'department or parent not found', {
        departmentId,
        newParentId,
      }),
    );
  }
  if (department.parentId === null) {
    return err(
      new DomainError('DEPARTMENT_ROOT', 'the first-level department cannot move', { departmentId }),
    );
  }
  if (departmentSubtree(departments, departmentId).has(newParentId)) {
    return err(
      new DomainError('DEPARTMENT_CYCLE', 'a department cannot move under itself', {
        departmentId,
        newParentId,
      }),
    );
  }
  return checkDepartmentUsable(parent);
}

/** A department with its children, sorted by sort order then name (for the expandable tree view). */
export interface DepartmentNode {
  readonly department: Department;
  readonly children: readonly DepartmentNode[];
}

/** ORG-6: the department forest of live (not deleted) departments, children sorted by sort order. */
export function departmentTree(departments: readonly Department[]): readonly DepartmentNode[] {
  const live = departments.filter((d) => !d.deleted);
  const ids = new Set(live.map((d) => d.id));
  const order = (a: Department, b: Department) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name);
  const build = (d: Department, path: ReadonlySet<string>): DepartmentNode => ({
    department: d,
    children: live
      .filter((c) => c.parentId === d.id && !path.has(c.id))
      .sort(order)
      .map((c) => build(c, new Set([...path, c.id]))),
  });
  return live
    .filter((d) => d.parentId === null || !ids.has(d.parentId))
    .sort(order)
    .map((d) => build(d, new Set([d.id])));
}
