// Issue 11 part A over HTTP on the real MariaDB (and the local stack's SQLite): providers and their audit (ORG-2), properties
// (ORG-3), and the ORG-8 gates: a disabled (or unapproved) provider or a disabled property gets no
// new children, a disabled station or area neither; nothing below a disabled node is touched.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshPhone, startApiStack, type ApiStack, type TenantFixture } from './fixtures/api-stack.js';
import { approvedProvider, newProperty, propertyProfile, providerProfile } from './fixtures/organisation.js';

const NOW = Date.parse('2026-03-10T10:00:00+08:00');

describe.each(['mariadb', 'sqlite'] as const)(
  'providers, properties and the ORG-8 gates over HTTP (issue 11, ORG-2, ORG-3, ORG-8) on %s',
  (database) => {
    let stack: ApiStack;
    let tenant: TenantFixture;
    const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(stack.app, method, path, body, headers ?? tenant.admin);
    /** Raw SQL on the tenant's own database (to look behind the API, or to inject a failure). */
    const sql = async (statement: string, params: unknown[] = []) =>
      (await stack.services.tenants.get(tenant.tenantId)).em.getConnection().execute(statement, params);

    beforeAll(async () => {
      stack = await startApiStack(NOW, { database });
      tenant = await stack.createTenant('org');
    });
    afterAll(async () => stack?.stop());

    it('ORG-2: a provider starts PENDING; its phone is a unique login; nothing goes under it before approval', async () => {
      const phone = freshPhone();
      const created = await api('POST', '/providers', providerProfile('Pending Co', phone));
      expect([created.status, created.body.auditStatus, created.body.phone]).toEqual([201, 'PENDING', phone]);
      const twice = await api('POST', '/providers', providerProfile('Copycat', phone));
      expect([twice.status, twice.body.error.code, twice.body.error.details.phone]).toEqual([
        409,
        'LOGIN_PHONE_TAKEN',
        phone,
      ]);
      // The tenant administrator's phone is a login too.
      const admins = await api('POST', '/providers', providerProfile('Admin twin', tenant.adminPhone));
      expect(admins.body.error.code).toBe('LOGIN_PHONE_TAKEN');
      const bad = await api('POST', '/providers', { ...providerProfile('Bad'), phone: '12345' });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      const property = await api('POST', '/properties', propertyProfile(created.body.id, 'Too early'));
      expect([property.status, property.body.error.code]).toEqual([409, 'PROVIDER_NOT_APPROVED']);
      const copies = await api('GET', `/providers?phone=${phone}`);
      expect(copies.body.total).toBe(1);
    });

    it('ORG-2: approval creates the login account (it signs in) and the first-level department, once', async () => {
      const created = await api('POST', '/providers', providerProfile('Approved Co'));
      const id = String(created.body.id);
      const approved = await api('POST', `/providers/${id}/audit`, { decision: 'APPROVE' });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(approved.body.provider.auditStatus).toBe('APPROVED');
      const { login } = approved.body;
      expect(login.phone).toBe(created.body.phone);
      const headers = await stack.signInStaff(tenant.tenantId, login.phone, login.initialPassword);
      const own = await api('GET', '/providers', undefined, headers);
      expect(own.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
      const departments = await api('GET', `/departments?providerId=${id}`);
      expect(departments.body.items).toEqual([
        expect.objectContaining({
          name: 'Approved Co',
          parentId: null,
          owner: { level: 'PROVIDER', providerId: id },
        }),
      ]);
      const users = await api('GET', `/users?phone=${login.phone}`);
      expect(users.body.items.map((u: { loginOf: string; type: string }) => [u.loginOf, u.type])).toEqual([
        [`provider:${id}`, 'PROVIDER'],
      ]);
      const again = await api('POST', `/providers/${id}/audit`, { decision: 'REJECT' });
      expect([again.status, again.body.error.code, again.body.error.details.auditStatus]).toEqual([
        409,
        'PROVIDER_ALREADY_AUDITED',
        'APPROVED',
      ]);
    });

    it('ORG-2: rejection creates neither a login account nor a department', async () => {
      const created = await api('POST', '/providers', providerProfile('Rejected Co'));
      const id = String(created.body.id);
      const rejected = await api('POST', `/providers/${id}/audit`, { decision: 'REJECT' });
      expect([rejected.status, rejected.body.provider.auditStatus, rejected.body.login]).toEqual([
        200,
        'REJECTED',
        null,
      ]);
      expect((await api('GET', `/users?phone=${created.body.phone}`)).body.total).toBe(0);
      expect((await api('GET', `/departments?providerId=${id}`)).body.total).toBe(0);
    });

    it('ORG-2: a failure after the login account is written leaves neither account, role nor department; the status stays PENDING', async () => {
      const created = await api('POST', '/providers', providerProfile('Doomed Co'));
      const id = String(created.body.id);
      // Inject the failure: a first-level department for this provider already exists, so the
      // department insert (after the account and its role are flushed) violates department_root_of_unique.
      const squatter = randomUUID();
      await sql(
        'insert into `department` (`id`, `owner_level`, `owner_provider_id`, `parent_id`, `root_of`, `name`, `sort_order`, `enabled`, `deleted`, `created_at`) values (?, ?, ?, null, ?, ?, 0, 1, 0, ?)',
        [squatter, 'PROVIDER', id, `provider:${id}`, 'Squatter', NOW],
      );
      const failed = await api('POST', `/providers/${id}/audit`, { decision: 'APPROVE' });
      expect([failed.status, failed.body.error.code]).toEqual([409, 'DEPARTMENT_ROOT_EXISTS']);
      expect((await api('GET', `/providers/${id}`)).body.auditStatus).toBe('PENDING');
      expect(await sql('select `id` from `staff_user` where `phone` = ?', [created.body.phone])).toEqual([]);
      expect(await sql('select `id` from `role` where `owner_provider_id` = ?', [id])).toEqual([]);
      expect(await sql('select `id` from `department` where `owner_provider_id` = ?', [id])).toEqual([
        { id: squatter },
      ]);
      // Without the injected row the same approval goes through: the failure was the only obstacle.
      await sql('delete from `department` where `id` = ?', [squatter]);
      const approved = await api('POST', `/providers/${id}/audit`, { decision: 'APPROVE' });
      expect([approved.status, approved.body.provider.auditStatus]).toEqual([200, 'APPROVED']);
      expect(
        await sql('select count(*) as n from `staff_user` where `phone` = ?', [created.body.phone]),
      ).toEqual([{ n: 1 }]);
    });

    it('ORG-2: two approvals at once: one wins, the other is PROVIDER_ALREADY_AUDITED; one login account', async () => {
      const created = await api('POST', '/providers', providerProfile('Raced Co'));
      const id = String(created.body.id);
      const answers = await Promise.all(
        [1, 2, 3].map(() => api('POST', `/providers/${id}/audit`, { decision: 'APPROVE' })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
      expect(answers.filter((a) => a.status === 409).map((a) => a.body.error.code)).toEqual([
        'PROVIDER_ALREADY_AUDITED',
        'PROVIDER_ALREADY_AUDITED',
      ]);
      expect(
        await sql('select count(*) as n from `staff_user` where `phone` = ?', [created.body.phone]),
      ).toEqual([{ n: 1 }]);
      expect((await api('GET', `/departments?providerId=${id}`)).body.total).toBe(1);
    });

    it('ORG-2: name, contact and e-mail are editable; the phone is not', async () => {
      const created = await api('POST', '/providers', providerProfile('Editable Co'));
      const id = String(created.body.id);
      const moved = await api('PATCH', `/providers/${id}`, { phone: freshPhone(), name: 'Sneaky' });
      expect([moved.status, moved.body.error.code, moved.body.error.details.phone]).toEqual([
        422,
        'LOGIN_PHONE_IMMUTABLE',
        created.body.phone,
      ]);
      expect((await api('GET', `/providers/${id}`)).body.name).toBe('Editable Co');
      const edited = await api('PATCH', `/providers/${id}`, {
        phone: created.body.phone,
        contactName: 'Li Lei',
      });
      expect([edited.status, edited.body.contactName, edited.body.phone]).toEqual([
        200,
        'Li Lei',
        created.body.phone,
      ]);
    });

    it('ORG-3: a property comes with its login account and first-level department; its phone is unique and immutable', async () => {
      const { provider } = await approvedProvider(stack.app, tenant.admin, 'Estate Co');
      const created = await api('POST', '/properties', propertyProfile(provider.id, 'North Park'));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const { property, login } = created.body;
      const headers = await stack.signInStaff(tenant.tenantId, login.phone, login.initialPassword);
      const seen = await api('GET', '/properties', undefined, headers);
      expect(seen.body.items.map((p: { id: string }) => p.id)).toEqual([property.id]);
      const roots = await api('GET', `/departments?propertyId=${property.id}`);
      expect(
        roots.body.items.map((d: { name: string; parentId: string | null }) => [d.name, d.parentId]),
      ).toEqual([['North Park', null]]);
      const before = (await api('GET', `/properties?providerId=${provider.id}`)).body.total;
      const taken = await api('POST', '/properties', propertyProfile(provider.id, 'South Park', login.phone));
      expect([taken.status, taken.body.error.code]).toEqual([409, 'LOGIN_PHONE_TAKEN']);
      expect((await api('GET', `/properties?providerId=${provider.id}`)).body.total).toBe(before);
      const moved = await api('PATCH', `/properties/${property.id}`, { phone: freshPhone() });
      expect([moved.status, moved.body.error.code]).toEqual([422, 'LOGIN_PHONE_IMMUTABLE']);
      const edited = await api('PATCH', `/properties/${property.id}`, { address: '2 North Park Road' });
      expect([edited.status, edited.body.address, edited.body.phone]).toEqual([
        200,
        '2 North Park Road',
        login.phone,
      ]);
    });

    it('ORG-3, ORG-8: a disabled property gets no new station, user, role, department or post; what exists stays', async () => {
      const { provider } = await approvedProvider(stack.app, tenant.admin, 'Gate Co');
      const { property } = await newProperty(stack.app, tenant.admin, provider.id, 'Gate Park');
      const station = await api('POST', '/stations', { propertyId: property.id, name: 'Before' });
      expect(station.status).toBe(201);
      const root = (await api('GET', `/departments?propertyId=${property.id}`)).body.items[0];
      const place = { level: 'PROPERTY', providerId: provider.id, propertyId: property.id };
      expect((await api('PUT', `/properties/${property.id}/enabled`, { enabled: false })).body.enabled).toBe(
        false,
      );

      const attempts = {
        station: await api('POST', '/stations', { propertyId: property.id, name: 'After' }),
        user: await api('POST', '/users', {
          phone: freshPhone(),
          name: 'Gated user',
          password: 'Staff!Pass1',
          place,
          roleIds: [],
        }),
        role: await api('POST', '/roles', {
          name: 'Gated role',
          owner: place,
          permissions: ['station:list'],
        }),
        department: await api('POST', '/departments', { parentId: root.id, name: 'Gated department' }),
        post: await api('POST', '/posts', { departmentId: root.id, name: 'Gated post' }),
      };
      for (const [what, res] of Object.entries(attempts)) {
        expect([what, res.status, res.body.error?.code, res.body.error?.details?.propertyId]).toEqual([
          what,
          409,
          'PROPERTY_DISABLED',
          property.id,
        ]);
      }
      // A gate, not a cascade: the station and the department are still there and unchanged.
      const kept = await api('GET', `/stations/${station.body.station.id}`);
      expect([kept.status, kept.body.enabled]).toEqual([200, true]);
      expect((await api('GET', `/departments?propertyId=${property.id}`)).body.total).toBe(1);
      expect(
        (await api('GET', `/stations?limit=200`)).body.items.some(
          (s: { name: string }) => s.name === 'After',
        ),
      ).toBe(false);
      await api('PUT', `/properties/${property.id}/enabled`, { enabled: true });
      expect((await api('POST', '/stations', { propertyId: property.id, name: 'Again' })).status).toBe(201);
    });

    it('ORG-2, ORG-8: a disabled provider gets no new property, user or role; its login keeps working', async () => {
      const { provider, login } = await approvedProvider(stack.app, tenant.admin, 'Paused Co');
      const { property } = await newProperty(stack.app, tenant.admin, provider.id, 'Paused Park');
      expect((await api('PUT', `/providers/${provider.id}/enabled`, { enabled: false })).body.enabled).toBe(
        false,
      );
      const property2 = await api('POST', '/properties', propertyProfile(provider.id, 'Paused Two'));
      expect([property2.status, property2.body.error.code]).toEqual([409, 'PROVIDER_DISABLED']);
      const user = await api('POST', '/users', {
        phone: freshPhone(),
        name: 'Paused user',
        password: 'Staff!Pass1',
        place: { level: 'PROVIDER', providerId: provider.id },
        roleIds: [],
      });
      expect([user.status, user.body.error.code]).toEqual([409, 'PROVIDER_DISABLED']);
      // The provider's gate covers its properties' children too (core canAddUnderOrg).
      const station = await api('POST', '/stations', { propertyId: property.id, name: 'Paused station' });
      expect([station.status, station.body.error.code]).toEqual([409, 'PROVIDER_DISABLED']);
      const headers = await stack.signInStaff(tenant.tenantId, login.phone, login.initialPassword);
      expect((await api('GET', `/providers/${provider.id}`, undefined, headers)).status).toBe(200);
    });

    it('ASSET-4, ORG-8: a disabled station gets no new area or charger; a disabled area no new charger', async () => {
      const { provider } = await approvedProvider(stack.app, tenant.admin, 'Asset Co');
      const { property } = await newProperty(stack.app, tenant.admin, provider.id, 'Asset Park');
      const created = await api('POST', '/stations', { propertyId: property.id, name: 'Gated station' });
      const stationId = String(created.body.station.id);
      const areaId = String(created.body.defaultArea.id);
      // Over HTTP, as an operator would (PUT …/enabled): the gate, never a cascade.
      const off = await api('PUT', `/stations/${stationId}/enabled`, { enabled: false });
      expect([off.status, off.body.enabled]).toEqual([200, false]);
      const area = await api('POST', `/stations/${stationId}/areas`, { name: 'Late area' });
      expect([area.status, area.body.error.code]).toEqual([409, 'STATION_DISABLED']);
      const charger = await api('POST', `/stations/${stationId}/chargers`, {
        serialNo: `SN-${randomUUID()}`,
        name: 'C',
      });
      expect([charger.status, charger.body.error.code]).toEqual([409, 'STATION_DISABLED']);
      const areas = await api('GET', `/stations/${stationId}/areas`);
      expect(areas.body.items.map((a: { id: string }) => a.id)).toEqual([areaId]); // nothing deleted
      expect((await api('PUT', `/stations/${stationId}/enabled`, { enabled: true })).status).toBe(200);
      const areaOff = await api('PUT', `/areas/${areaId}/enabled`, { enabled: false });
      expect([areaOff.status, areaOff.body.enabled]).toEqual([200, false]);
      const inArea = await api('POST', `/stations/${stationId}/chargers`, {
        serialNo: `SN-${randomUUID().slice(0, 8)}`,
        name: 'C',
        areaId,
      });
      expect([inArea.status, inArea.body.error.code]).toEqual([409, 'AREA_DISABLED']);
      await api('PUT', `/areas/${areaId}/enabled`, { enabled: true });
      const again = await api('POST', `/stations/${stationId}/chargers`, {
        serialNo: `SN-${randomUUID().slice(0, 8)}`,
        name: 'C',
        areaId,
      });
      expect(again.status).toBe(201);
      const missing = await api('PUT', `/areas/${randomUUID()}/enabled`, { enabled: false });
      expect([missing.status, missing.body.error.code]).toEqual([404, 'AREA_NOT_FOUND']);
    });

    it('lists page, filter and sort (ORG-2, ORG-3)', async () => {
      const names = ['Zeta list', 'Alpha list', 'Mid list'];
      for (const name of names) await approvedProvider(stack.app, tenant.admin, name);
      const page = await api('GET', '/providers?name=list&sort=name&order=desc&limit=2&auditStatus=APPROVED');
      expect(page.status).toBe(200);
      expect([page.body.total, page.body.limit, page.body.offset]).toEqual([3, 2, 0]);
      expect(page.body.items.map((p: { name: string }) => p.name)).toEqual(['Zeta list', 'Mid list']);
      const next = await api('GET', '/providers?name=list&sort=name&order=desc&limit=2&offset=2');
      expect(next.body.items.map((p: { name: string }) => p.name)).toEqual(['Alpha list']);
      const bad = await api('GET', '/providers?sort=phone');
      expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      const none = await api('GET', '/providers?name=list&enabled=false');
      expect(none.body.total).toBe(0);
    });
  },
);
