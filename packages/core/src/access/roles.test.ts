import { describe, expect, it } from 'vitest';
import {
  canDeleteDepartment,
  canMoveDepartment,
  departmentSubtree,
  departmentTree,
  type Department,
} from './departments.js';
import { PERMISSION_CODES, PERMISSIONS } from './permissions.js';
import { checkPostUsable, type Post } from './posts.js';
import {
  canAssignRole,
  canDeleteRole,
  effectiveGrants,
  validateRolePermissions,
  type Role,
} from './roles.js';
import {
  bindStation,
  checkCanLogin,
  checkUserAssociations,
  principalOf,
  unbindStation,
  type UserAccount,
} from './users.js';

const propertyOwner = { level: 'PROPERTY', providerId: 'p1', propertyId: 'q1' } as const;
const role = (extra: Partial<Role> = {}): Role => ({
  id: 'r1',
  tenantId: 't1',
  owner: propertyOwner,
  name: 'Station manager',
  enabled: true,
  permissions: ['station:list', 'order:list'],
  duties: [],
  ...extra,
});
const dept = (id: string, parentId: string | null, extra: Partial<Department> = {}): Department => ({
  id,
  tenantId: 't1',
  owner: propertyOwner,
  parentId,
  name: id,
  sortOrder: 0,
  enabled: true,
  deleted: false,
  ...extra,
});
const departments = [
  dept('root', null),
  dept('ops', 'root', { sortOrder: 2 }),
  dept('sales', 'root', { sortOrder: 1 }),
  dept('ops-east', 'ops'),
];
const post: Post = {
  id: 'post1',
  tenantId: 't1',
  departmentId: 'ops',
  name: 'Engineer',
  sortOrder: 1,
  enabled: true,
  deleted: false,
};
const user: UserAccount = {
  id: 'u1',
  tenantId: 't1',
  place: propertyOwner,
  name: 'Zhao',
  phone: '13800000003',
  passwordHash: 'scrypt$…',
  roleIds: ['r1', 'r2'],
  stationIds: [],
  enabled: true,
};

describe('roles (ORG-5)', () => {
  it.each([
    ['ORG-5 an enabled role of the same organisation is assignable', role(), true],
    ['ORG-5 a disabled role cannot be assigned', role({ enabled: false }), 'ROLE_DISABLED'],
    [
      'ORG-5 a role of another property cannot be assigned',
      role({ owner: { ...propertyOwner, propertyId: 'q2' } }),
      'ROLE_OUT_OF_SCOPE',
    ],
    ['TEN-7 a role of another tenant cannot be assigned', role({ tenantId: 't2' }), 'ROLE_OUT_OF_SCOPE'],
  ])('%s', (_name, r, expected) => {
    const result = canAssignRole(r, user);
    expect(result.ok || result.error.code).toBe(expected);
  });

  it('ORG-5 a role still assigned cannot be deleted', () => {
    const inUse = canDeleteRole(role(), 2);
    expect(inUse.ok || [inUse.error.code, inUse.error.details.userCount]).toEqual(['ROLE_IN_USE', 2]);
    expect(canDeleteRole(role(), 0).ok).toBe(true);
  });

  it.each([
    ['ORG-5 unknown permission', role({ permissions: ['station:fly'] }), 'PERMISSION_UNKNOWN'],
    [
      'ORG-5 property role cannot open tenants',
      role({ permissions: ['tenant:toggle'] }),
      'ROLE_PERMISSION_RESTRICTED',
    ],
    [
      'TEN-5 datasource permission needs an ops/dev duty',
      role({ tenantId: 'platform', owner: { level: 'PLATFORM' }, permissions: ['datasource:configure'] }),
      'ROLE_PERMISSION_RESTRICTED',
    ],
    [
      'TEN-5 ops role (of the platform tenant) may configure datasources',
      role({
        tenantId: 'platform',
        owner: { level: 'PLATFORM' },
        permissions: ['datasource:configure'],
        duties: ['OPS'],
      }),
      true,
    ],
    [
      "TEN-5/TEN-7 a customer tenant's own top-level role cannot hold datasource permissions, even with OPS",
      role({ owner: { level: 'PLATFORM' }, permissions: ['datasource:configure'], duties: ['OPS'] }),
      'ROLE_PERMISSION_RESTRICTED',
    ],
    [
      'CARD-4 app-user permissions are never granted by a role',
      role({ owner: { level: 'PLATFORM' }, permissions: ['app:order-start'] }),
      'ROLE_PERMISSION_RESTRICTED',
    ],
  ])('%s', (_name, r, expected) => {
    const result = validateRolePermissions(r);
    expect(result.ok || result.error.code).toBe(expected);
  });

  it('ORG-5 only enabled roles grant permissions', () => {
    const grants = effectiveGrants([
      role(),
      role({ id: 'r2', enabled: false, permissions: ['order:refund'] }),
    ]);
    expect([...grants.permissions].sort()).toEqual(['order:list', 'station:list']);
    const p = principalOf(user, [
      role(),
      role({ id: 'r2', permissions: ['order:refund'] }),
      role({ id: 'r3', permissions: ['user:delete'] }),
    ]);
    expect(p.permissions.has('order:refund')).toBe(true);
    expect(p.permissions.has('user:delete')).toBe(false);
  });

  it('ORG-5 the catalogue codes are resource:action and described', () => {
    expect(PERMISSION_CODES.length).toBeGreaterThan(100);
    for (const code of PERMISSION_CODES) {
      expect(code).toMatch(/^[a-z-]+:[a-z-]+$/);
      expect(PERMISSIONS[code].length).toBeGreaterThan(0);
    }
    expect(PERMISSION_CODES).toEqual(
      expect.arrayContaining(['station:create', 'order:refund', 'datasource:configure', 'role:assign']),
    );
  });
});

describe('departments, posts and users (ORG-4, ORG-6, ORG-7)', () => {
  it('ORG-6 the tree is sorted by sort order and the subtree is complete', () => {
    const [root] = departmentTree(departments);
    expect(root?.children.map((n) => n.department.id)).toEqual(['sales', 'ops']);
    expect([...departmentSubtree(departments, 'ops')].sort()).toEqual(['ops', 'ops-east']);
  });

  it.each([
    ['ORG-6 the first-level department cannot be deleted', 'root', 'DEPARTMENT_ROOT'],
    ['ORG-6 a department with sub-departments cannot be deleted', 'ops', 'DEPARTMENT_HAS_CHILDREN'],
    ['ORG-6 a leaf department can be deleted', 'sales', true],
  ])('%s', (_name, id, expected) => {
    const target = departments.find((d) => d.id === id) as Department;
    const result = canDeleteDepartment(departments, target);
    expect(result.ok || result.error.code).toBe(expected);
  });

  it.each([
    ['ORG-6 a department cannot move under its own descendant', 'ops', 'ops-east', 'DEPARTMENT_CYCLE'],
    ['ORG-6 a department can move under a sibling', 'ops-east', 'sales', true],
  ])('%s', (_name, id, parent, expected) => {
    const result = canMoveDepartment(departments, id, parent);
    expect(result.ok || result.error.code).toBe(expected);
  });

  it.each([
    ['ORG-6 usable department and post', { department: dept('ops', 'root'), post, roles: [role()] }, true],
    [
      'ORG-6 disabled department',
      { department: dept('ops', 'root', { enabled: false }), roles: [] },
      'DEPARTMENT_UNAVAILABLE',
    ],
    [
      'ORG-6 deleted department',
      { department: dept('ops', 'root', { deleted: true }), roles: [] },
      'DEPARTMENT_UNAVAILABLE',
    ],
    [
      'ORG-6 department of another property',
      { department: dept('ops', 'root', { owner: { ...propertyOwner, propertyId: 'q2' } }), roles: [] },
      'DEPARTMENT_OUT_OF_SCOPE',
    ],
    [
      'ORG-7 disabled post',
      { department: dept('ops', 'root'), post: { ...post, enabled: false }, roles: [] },
      'POST_UNAVAILABLE',
    ],
    [
      'ORG-7 post of another department',
      { department: dept('sales', 'root'), post, roles: [] },
      'POST_NOT_IN_DEPARTMENT',
    ],
    ['ORG-5 disabled role', { roles: [role({ enabled: false })] }, 'ROLE_DISABLED'],
  ])('%s', (_name, associations, expected) => {
    const result = checkUserAssociations(user, associations);
    expect(result.ok || result.error.code).toBe(expected);
  });

  it('ORG-7 a deleted post cannot be associated', () => {
    const result = checkPostUsable({ ...post, deleted: true }, 'ops');
    expect(result.ok || result.error.code).toBe('POST_UNAVAILABLE');
  });

  it('ORG-4 binding stations: inside the subtree only, idempotent, unbind widens back', () => {
    const bound = bindStation(user, { id: 's1', tenantId: 't1', providerId: 'p1', propertyId: 'q1' });
    expect(bound).toEqual({ ok: true, value: ['s1'] });
    const again = bindStation(
      { ...user, stationIds: ['s1'] },
      { id: 's1', tenantId: 't1', providerId: 'p1', propertyId: 'q1' },
    );
    expect(again).toEqual({ ok: true, value: ['s1'] });
    const outside = bindStation(user, { id: 's9', tenantId: 't1', providerId: 'p1', propertyId: 'q2' });
    expect(outside.ok || outside.error.code).toBe('STATION_OUT_OF_SCOPE');
    expect(unbindStation({ ...user, stationIds: ['s1', 's2'] }, 's1')).toEqual(['s2']);
  });

  it('ORG-4 a disabled user cannot log in', () => {
    const result = checkCanLogin({ ...user, enabled: false });
    expect(result.ok || result.error.code).toBe('USER_DISABLED');
    expect(checkCanLogin(user).ok).toBe(true);
  });
});
