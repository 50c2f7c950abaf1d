// Issue 11 part A over HTTP on the real MariaDB (and the local stack's SQLite): users (ORG-4), roles and the permission catalogue
// (ORG-5), the department tree (ORG-6) and posts (ORG-7) of one property, each rule refused with
// its stable code and nothing half-written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  freshPhone,
  startApiStack,
  type ApiStack,
  type Json,
  type TenantFixture,
} from './fixtures/api-stack.js';
import { approvedProvider, newProperty } from './fixtures/organisation.js';

const NOW = Date.parse('2026-03-10T10:00:00+08:00');
const PASSWORD = 'Staff!Pass1';

describe.each(['mariadb', 'sqlite'] as const)(
  'users, roles, departments and posts over HTTP (issue 11, ORG-4 … ORG-7) on %s',
  (database) => {
    let stack: ApiStack;
    let tenant: TenantFixture;
    let place: { level: 'PROPERTY'; providerId: string; propertyId: string };
    let rootId: string;
    let stationId: string;
    const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(stack.app, method, path, body, headers ?? tenant.admin);
    const created = async (path: string, body: unknown): Promise<Json> => {
      const res = await api('POST', path, body);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
      return res.body;
    };
    const newUser = (extra: Record<string, unknown> = {}) =>
      api('POST', '/users', {
        phone: freshPhone(),
        name: 'Clerk',
        password: PASSWORD,
        place,
        roleIds: [],
        ...extra,
      });

    beforeAll(async () => {
      stack = await startApiStack(NOW, { database });
      tenant = await stack.createTenant('stf');
      const { provider } = await approvedProvider(stack.app, tenant.admin, 'Staff Co');
      const { property } = await newProperty(stack.app, tenant.admin, provider.id, 'Staff Park');
      place = { level: 'PROPERTY', providerId: provider.id, propertyId: property.id };
      rootId = (await api('GET', `/departments?propertyId=${property.id}`)).body.items[0].id;
      stationId = (await created('/stations', { propertyId: property.id, name: 'Staff station' })).station.id;
    });
    afterAll(async () => stack?.stop());

    it('ORG-6: departments form a tree; a move under its own subtree is DEPARTMENT_CYCLE and changes nothing', async () => {
      const sales = await created('/departments', { parentId: rootId, name: 'Sales', sortOrder: 2 });
      const ops = await created('/departments', { parentId: rootId, name: 'Ops', sortOrder: 1 });
      const east = await created('/departments', { parentId: sales.id, name: 'Sales East' });
      const cycle = await api('PATCH', `/departments/${sales.id}`, { parentId: east.id });
      expect([cycle.status, cycle.body.error.code]).toEqual([422, 'DEPARTMENT_CYCLE']);
      const self = await api('PATCH', `/departments/${sales.id}`, { parentId: sales.id });
      expect(self.body.error.code).toBe('DEPARTMENT_CYCLE');
      const tree = (await api('GET', '/departments/tree')).body.items.filter(
        (d: Json) => d.owner.propertyId === place.propertyId,
      );
      // Pre-order, children by sort order: Ops (1) before Sales (2).
      expect(tree.map((d: Json) => [d.name, d.depth])).toEqual([
        ['Staff Park', 0],
        ['Ops', 1],
        ['Sales', 1],
        ['Sales East', 2],
      ]);
      const moved = await api('PATCH', `/departments/${east.id}`, { parentId: ops.id, name: 'Ops East' });
      expect([moved.status, moved.body.parentId, moved.body.name]).toEqual([200, ops.id, 'Ops East']);
      const root = await api('DELETE', `/departments/${rootId}`);
      expect([root.status, root.body.error.code]).toEqual([422, 'DEPARTMENT_ROOT']);
      const busy = await api('DELETE', `/departments/${ops.id}`);
      expect([busy.status, busy.body.error.code, busy.body.error.details.childIds]).toEqual([
        409,
        'DEPARTMENT_HAS_CHILDREN',
        [east.id],
      ]);
      expect((await api('DELETE', `/departments/${sales.id}`)).status).toBe(204);
      const gone = await api('GET', `/departments?propertyId=${place.propertyId}&name=Sales`);
      expect(gone.body.total).toBe(0);
    });

    it('ORG-6: two departments moved under each other at once: one move wins, the other is DEPARTMENT_CYCLE', async () => {
      for (let i = 0; i < 4; i += 1) {
        const a = await created('/departments', { parentId: rootId, name: `Swap A${i}` });
        const b = await created('/departments', { parentId: rootId, name: `Swap B${i}` });
        const answers = await Promise.all([
          api('PATCH', `/departments/${a.id}`, { parentId: b.id }),
          api('PATCH', `/departments/${b.id}`, { parentId: a.id }),
        ]);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 422]);
        expect(answers.find((r) => r.status === 422)?.body.error.code).toBe('DEPARTMENT_CYCLE');
        const tree = (await api('GET', '/departments/tree')).body.items as Json[];
        // Both are still in the tree (a cycle would cut them off from the first-level department).
        expect(tree.filter((d) => d.id === a.id || d.id === b.id)).toHaveLength(2);
      }
    });

    it('ORG-6, ORG-7: disabled or deleted departments and posts cannot be associated', async () => {
      const dept = await created('/departments', { parentId: rootId, name: 'Support' });
      const post = await created('/posts', { departmentId: dept.id, name: 'Agent', sortOrder: 1 });
      const user = await newUser({ departmentId: dept.id, postId: post.id });
      expect([user.status, user.body.departmentId, user.body.postId]).toEqual([201, dept.id, post.id]);
      const noDept = await newUser({ postId: post.id });
      expect([noDept.status, noDept.body.error.code]).toEqual([422, 'POST_NOT_IN_DEPARTMENT']);
      await api('PATCH', `/posts/${post.id}`, { enabled: false });
      const offPost = await newUser({ departmentId: dept.id, postId: post.id });
      expect([offPost.status, offPost.body.error.code]).toEqual([409, 'POST_UNAVAILABLE']);
      await api('PATCH', `/departments/${dept.id}`, { enabled: false });
      const offDept = await newUser({ departmentId: dept.id });
      expect([offDept.status, offDept.body.error.code]).toEqual([409, 'DEPARTMENT_UNAVAILABLE']);
      const postInOff = await api('POST', '/posts', { departmentId: dept.id, name: 'Late' });
      expect([postInOff.status, postInOff.body.error.code]).toEqual([409, 'DEPARTMENT_UNAVAILABLE']);
      const child = await api('POST', '/departments', { parentId: dept.id, name: 'Late child' });
      expect(child.body.error.code).toBe('DEPARTMENT_UNAVAILABLE');
      // Refused creates left no user behind.
      expect((await api('GET', `/users?propertyId=${place.propertyId}&name=Clerk`)).body.total).toBe(1);
      const live = await created('/posts', { departmentId: rootId, name: 'Porter' });
      expect((await api('DELETE', `/posts/${live.id}`)).status).toBe(204);
      const deleted = await api('PATCH', `/users/${user.body.id}`, { departmentId: rootId, postId: live.id });
      expect([deleted.status, deleted.body.error.code]).toEqual([409, 'POST_UNAVAILABLE']);
      const posts = await api('GET', `/posts?departmentId=${rootId}`);
      expect(posts.body.items.map((p: Json) => p.id)).not.toContain(live.id);
    });

    it('ORG-5: a disabled role is not assigned; an assigned role is not deleted (nor by the database); the catalogue is served', async () => {
      const role = await created('/roles', { name: 'Cashier', owner: place, permissions: ['order:list'] });
      const user = (await newUser()).body;
      await api('PUT', `/roles/${role.id}/enabled`, { enabled: false });
      const off = await api('PUT', `/roles/${role.id}/users/${user.id}`);
      expect([off.status, off.body.error.code]).toEqual([409, 'ROLE_DISABLED']);
      const offCreate = await newUser({ roleIds: [role.id] });
      expect(offCreate.body.error.code).toBe('ROLE_DISABLED');
      await api('PUT', `/roles/${role.id}/enabled`, { enabled: true });
      expect((await api('PUT', `/roles/${role.id}/users/${user.id}`)).status).toBe(204);
      const inUse = await api('DELETE', `/roles/${role.id}`);
      expect([inUse.status, inUse.body.error.code, inUse.body.error.details.userCount]).toEqual([
        409,
        'ROLE_IN_USE',
        1,
      ]);
      const db = await stack.services.tenants.get(tenant.tenantId);
      await expect(
        db.em.getConnection().execute('delete from `role` where `id` = ?', [role.id]),
      ).rejects.toThrow(/foreign key|ROLE_IN_USE/i);
      expect((await api('DELETE', `/roles/${role.id}/users/${user.id}`)).status).toBe(204);
      expect((await api('DELETE', `/roles/${role.id}`)).status).toBe(204);
      expect((await api('GET', '/roles?name=Cashier')).body.total).toBe(0);

      const unknown = await api('POST', '/roles', { name: 'Odd', owner: place, permissions: ['order:fly'] });
      expect([unknown.status, unknown.body.error.code, unknown.body.error.details.unknown]).toEqual([
        422,
        'PERMISSION_UNKNOWN',
        ['order:fly'],
      ]);
      const platformOnly = await api('POST', '/roles', {
        name: 'Auditor',
        owner: place,
        permissions: ['provider:audit'],
      });
      expect(platformOnly.body.error.code).toBe('ROLE_PERMISSION_RESTRICTED');
      const catalogue = (await api('GET', '/permissions')).body.items as Json[];
      const byCode = new Map(catalogue.map((p) => [p.code, p]));
      expect(byCode.get('station:create')?.platformOnly).toBe(false);
      expect(byCode.get('provider:audit')?.platformOnly).toBe(true);
      expect(byCode.has('tenant:create')).toBe(false); // control plane, never a tenant role's
      expect(byCode.has('app:order-start')).toBe(false); // app users, never a role's
    });

    it('ORG-5: an assignment racing the role’s delete never leaves a grant of a deleted role', async () => {
      const user = (await newUser()).body;
      const outcomes: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const role = await created('/roles', {
          name: `Racer ${i}`,
          owner: place,
          permissions: ['order:list'],
        });
        const [assign, remove] = await Promise.all([
          api('PUT', `/roles/${role.id}/users/${user.id}`),
          api('DELETE', `/roles/${role.id}`),
        ]);
        outcomes.push(`${assign.status}/${remove.status}`);
        // Either the assignment came first (the delete is ROLE_IN_USE) or the delete did (the role is gone).
        expect(['204/409', '404/204']).toContain(`${assign.status}/${remove.status}`);
      }
      const db = await stack.services.tenants.get(tenant.tenantId);
      const dangling = await db.em
        .getConnection()
        .execute(
          'select `user_role`.`role_id` from `user_role` left join `role` on `role`.`id` = `user_role`.`role_id` where `role`.`id` is null',
        );
      expect(dangling).toEqual([]);
      expect(outcomes).toHaveLength(6);
    });

    it('ORG-4: disable stops sign-in and the token; reset password; bind and unbind; delete takes the assignments with it', async () => {
      const role = await created('/roles', { name: 'Viewer', owner: place, permissions: ['station:list'] });
      const res = await newUser({ roleIds: [role.id] });
      const user = res.body;
      expect([user.type, user.roleIds]).toEqual(['PROPERTY', [role.id]]);
      const headers = await stack.signInStaff(tenant.tenantId, user.phone, PASSWORD);
      expect((await api('GET', '/stations', undefined, headers)).status).toBe(200);

      const off = await api('PUT', `/users/${user.id}/enabled`, { enabled: false });
      expect(off.body.enabled).toBe(false);
      expect((await api('GET', '/stations', undefined, headers)).status).toBe(401);
      const refused = await call(stack.app, 'POST', '/auth/sign-in', {
        tenant: tenant.tenantId,
        phone: user.phone,
        password: PASSWORD,
      });
      expect([refused.status, refused.body.error.code]).toEqual([403, 'USER_DISABLED']);
      await api('PUT', `/users/${user.id}/enabled`, { enabled: true });

      const weak = await api('PUT', `/users/${user.id}/password`, { password: 'short' });
      expect([weak.status, weak.body.error.code]).toEqual([422, 'PASSWORD_WEAK']);
      expect((await api('PUT', `/users/${user.id}/password`, { password: 'Fresh!Pass2' })).status).toBe(204);
      await expect(stack.signInStaff(tenant.tenantId, user.phone, PASSWORD)).rejects.toThrow(
        /SIGN_IN_FAILED/,
      );
      const again = await stack.signInStaff(tenant.tenantId, user.phone, 'Fresh!Pass2');

      const bound = await api('POST', `/users/${user.id}/stations`, { stationId });
      expect(bound.body.stationIds).toEqual([stationId]);
      const notBound = await api('DELETE', `/users/${user.id}/stations/${tenant.tenantId}-none`);
      expect([notBound.status, notBound.body.error.code]).toEqual([422, 'USER_NOT_BOUND']);
      const unbound = await api('DELETE', `/users/${user.id}/stations/${stationId}`);
      expect([unbound.status, unbound.body.stationIds]).toEqual([200, []]);

      const renamed = await api('PATCH', `/users/${user.id}`, {
        name: 'Renamed clerk',
        email: 'clerk@example.com',
      });
      expect([renamed.body.name, renamed.body.email, renamed.body.phone]).toEqual([
        'Renamed clerk',
        'clerk@example.com',
        user.phone,
      ]);
      expect((await api('DELETE', `/users/${user.id}`)).status).toBe(204);
      expect((await api('GET', '/stations', undefined, again)).status).toBe(401);
      expect((await api('GET', `/users?phone=${user.phone}`)).body.total).toBe(0);
      // Its assignment went with it: the role is free to delete.
      expect((await api('DELETE', `/roles/${role.id}`)).status).toBe(204);
    });

    it('ORG-4: nobody disables or deletes their own account; lists filter by type and page', async () => {
      const me = (await api('GET', `/users?phone=${tenant.adminPhone}`)).body.items[0];
      expect(me.type).toBe('SYSTEM');
      const off = await api('PUT', `/users/${me.id}/enabled`, { enabled: false });
      expect([off.status, off.body.error.code]).toEqual([422, 'USER_SELF_CHANGE']);
      const del = await api('DELETE', `/users/${me.id}`);
      expect(del.body.error.code).toBe('USER_SELF_CHANGE');
      const system = await api('GET', '/users?type=SYSTEM');
      expect(system.body.items.map((u: Json) => u.id)).toEqual([me.id]);
      const page = await api('GET', `/users?propertyId=${place.propertyId}&limit=1&sort=createdAt&order=asc`);
      expect([page.body.items.length, page.body.limit]).toEqual([1, 1]);
      expect(page.body.total).toBeGreaterThan(1);
    });
  },
);
