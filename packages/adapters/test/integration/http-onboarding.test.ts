// Onboarding over HTTP on the real MariaDB (TEN-1 … TEN-3, TEN-6): registration with an SMS-verified
// phone, OFFLINE registrations, follow-ups, conversion into a tenant with its profile and generated
// enterprise no., the completeness gate, opening and closing, implementation states. The whole API
// as apps/api builds it (fixtures/api-stack.ts), as the platform operator.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantProfileEntity, TenantRegistrationEntity } from '../../src/onboarding/entities.js';
import { TenantDatasourceEntity, TenantEntity } from '../../src/tenancy/entities.js';
import { call, freshPhone, startApiStack, type ApiStack } from './fixtures/api-stack.js';
import { COMPLETE_PROFILE } from './fixtures/onboarding.js';
import { adminConnection } from './tenancy-fixtures.js';

const NOW = Date.parse('2026-06-01T02:00:00Z');
const COMPLETE = COMPLETE_PROFILE;

describe('onboarding over HTTP (TEN-1 … TEN-3, TEN-6)', () => {
  let stack: ApiStack;
  const op = () => stack.operator;
  const post = (path: string, body?: unknown) => call(stack.app, 'POST', path, body, op());
  const get = (path: string) => call(stack.app, 'GET', path, undefined, op());
  const sandboxCode = async (phone: string) => {
    const outbox = await get(`/platform/sandbox/sms?phone=${phone}`);
    return /(\d{6})/.exec(String(outbox.body.items?.[0]?.text ?? ''))?.[1] ?? '';
  };
  const registrationsOf = (phone: string) => get(`/platform/registrations?phone=${phone}`);
  const platformEm = () => stack.platform.em.fork();
  const newTenantId = () => `ob${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    stack = await startApiStack(NOW);
  }, 180_000);
  afterAll(async () => stack?.stop(), 120_000);

  describe('registration (TEN-1)', () => {
    it('TEN-1 a WEB registration needs the SMS code sent to its phone; it is stored verified and NEW', async () => {
      const phone = freshPhone();
      const sent = await call(stack.app, 'POST', '/onboarding/sms-codes', { phone });
      expect(sent.status).toBe(202);
      const code = await sandboxCode(phone);
      expect(code).toMatch(/^\d{6}$/);
      const body = { name: 'Chen Jie', phone, company: 'Hangzhou Property Co.', source: 'WEB', code };
      const registered = await call(stack.app, 'POST', '/onboarding/registrations', body);
      expect(registered.status).toBe(201);
      expect(registered.body).toMatchObject({
        phone,
        source: 'WEB',
        phoneVerified: true,
        status: 'NEW',
        tenantId: null,
        registeredAt: '2026-06-01T02:00:00.000Z',
      });
      // The code is single-use: a second registration with it is refused before anything is written.
      const again = await call(stack.app, 'POST', '/onboarding/registrations', body);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({
        code: 'REGISTRATION_PHONE_TAKEN',
        details: { phone, registrationId: registered.body.id },
      });
      expect((await registrationsOf(phone)).body.total).toBe(1);
    });

    it('TEN-1 a wrong or missing code is refused and writes nothing', async () => {
      const phone = freshPhone();
      const body = { name: 'Liu', phone, source: 'QR', code: '000000' };
      const unrequested = await call(stack.app, 'POST', '/onboarding/registrations', body);
      expect(unrequested.status).toBe(401);
      expect(unrequested.body.error.code).toBe('SMS_CODE_NOT_REQUESTED');
      await call(stack.app, 'POST', '/onboarding/sms-codes', { phone });
      const code = await sandboxCode(phone);
      const wrong = await call(stack.app, 'POST', '/onboarding/registrations', {
        ...body,
        code: code === '000000' ? '000001' : '000000',
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toMatchObject({ code: 'SMS_CODE_MISMATCH', details: { attemptsLeft: 4 } });
      expect((await registrationsOf(phone)).body.total).toBe(0);
      // OFFLINE is the operators' source, and the public route does not take it (schema: 400).
      const offline = await call(stack.app, 'POST', '/onboarding/registrations', {
        ...body,
        source: 'OFFLINE',
      });
      expect(offline.status).toBe(400);
      expect(offline.body.error.details.issues[0].path).toBe('body.source');
    });

    it('TEN-1 operators enter OFFLINE registrations without SMS; the phone stays unique (also under concurrency)', async () => {
      const phone = freshPhone();
      const answers = await Promise.all(
        [1, 2, 3].map((n) => post('/platform/registrations', { name: `Caller ${n}`, phone })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
      const created = answers.find((a) => a.status === 201)!.body;
      expect(created).toMatchObject({
        source: 'OFFLINE',
        phoneVerified: false,
        status: 'NEW',
        company: null,
      });
      for (const refused of answers.filter((a) => a.status === 409)) {
        expect(refused.body.error.code).toBe('REGISTRATION_PHONE_TAKEN');
      }
      expect((await registrationsOf(phone)).body.total).toBe(1);
      // The database holds the key: a second row with the phone cannot be written even around the service.
      const em = platformEm();
      await expect(
        em.insert(TenantRegistrationEntity, {
          id: `dup-${randomBytes(4).toString('hex')}`,
          name: 'x',
          phone,
          company: null,
          source: 'OFFLINE',
          phoneVerified: false,
          status: 'NEW',
          tenantId: null,
          registeredAt: NOW,
          updatedAt: NOW,
          version: 1,
        }),
      ).rejects.toThrow(/Duplicate entry/);
    });

    it('TEN-1 follow-ups move NEW → FOLLOWING_UP → DECLINED; a declined registration takes no more', async () => {
      const registration = (await post('/platform/registrations', { name: 'Wang', phone: freshPhone() }))
        .body;
      const first = await post(`/platform/registrations/${registration.id}/follow-ups`, {
        channel: 'PHONE',
        note: 'interested, call back next week',
        nextFollowUpAt: '2026-06-08T02:00:00Z',
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ outcome: 'CONTINUE', nextFollowUpAt: '2026-06-08T02:00:00.000Z' });
      const declined = await post(`/platform/registrations/${registration.id}/follow-ups`, {
        channel: 'VISIT',
        outcome: 'DECLINED',
        note: 'chose another vendor',
      });
      expect(declined.status).toBe(201);
      const detail = await get(`/platform/registrations/${registration.id}`);
      expect(detail.body.registration.status).toBe('DECLINED');
      expect(detail.body.followUps.map((f: { channel: string }) => f.channel)).toEqual(['PHONE', 'VISIT']);
      const late = await post(`/platform/registrations/${registration.id}/follow-ups`, {
        channel: 'PHONE',
        note: 'one more try',
      });
      expect(late.status).toBe(409);
      expect(late.body.error).toMatchObject({
        code: 'REGISTRATION_TRANSITION_INVALID',
        details: { status: 'DECLINED', event: 'FOLLOW_UP' },
      });
      expect((await get(`/platform/registrations/${registration.id}`)).body.followUps).toHaveLength(2);
      const convert = await post(`/platform/registrations/${registration.id}/tenant`, {
        tenantId: newTenantId(),
      });
      expect(convert.status).toBe(409);
      const listed = await get('/platform/registrations?status=DECLINED&limit=200');
      expect(listed.body.items.map((r: { id: string }) => r.id)).toContain(registration.id);
      expect(listed.body.items.every((r: { status: string }) => r.status === 'DECLINED')).toBe(true);
      expect((await get('/platform/registrations?status=NOPE')).status).toBe(400);
      expect((await get('/platform/registrations/no-such-registration')).body.error.code).toBe(
        'REGISTRATION_NOT_FOUND',
      );
    });
  });

  it('TEN-1 concurrent follow-ups of one registration: each recorded one moved it, the others are refused, none half-written', async () => {
    const registration = (await post('/platform/registrations', { name: 'Busy', phone: freshPhone() })).body;
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        post(`/platform/registrations/${registration.id}/follow-ups`, {
          channel: 'PHONE',
          note: `call ${n}`,
        }),
      ),
    );
    const recorded = answers.filter((a) => a.status === 201);
    expect(recorded.length).toBeGreaterThanOrEqual(1);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('REGISTRATION_CHANGE_CONFLICT');
    }
    const detail = (await get(`/platform/registrations/${registration.id}`)).body;
    expect(detail.followUps).toHaveLength(recorded.length);
    expect(detail.registration.status).toBe('FOLLOWING_UP');
    const row = await platformEm().findOneOrFail(TenantRegistrationEntity, { id: registration.id });
    expect(row.version).toBe(1 + recorded.length);
  });

  describe('conversion and profile (TEN-1 → TEN-2)', () => {
    it('TEN-2 a registration becomes a CLOSED tenant with a prefilled profile and a generated enterprise no.', async () => {
      const phone = freshPhone();
      const registration = (
        await post('/platform/registrations', { name: 'Zhao Min', phone, company: 'Binjiang Estates' })
      ).body;
      const tenantId = newTenantId();
      const converted = await post(`/platform/registrations/${registration.id}/tenant`, { tenantId });
      expect(converted.status).toBe(201);
      expect(converted.body).toMatchObject({
        tenantId,
        state: 'CLOSED',
        enterpriseName: 'Binjiang Estates',
        contactName: 'Zhao Min',
        contactPhone: phone,
        registrationId: registration.id,
        missing: ['licenceNo', 'address'],
      });
      expect(converted.body.enterpriseNo).toMatch(/^EN\d{6}$/);
      expect((await get(`/platform/tenants/${tenantId}`)).body).toMatchObject({ name: 'Binjiang Estates' });
      const after = (await get(`/platform/registrations/${registration.id}`)).body.registration;
      expect(after).toMatchObject({ status: 'CONVERTED', tenantId });
      const twice = await post(`/platform/registrations/${registration.id}/tenant`, {
        tenantId: newTenantId(),
      });
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('REGISTRATION_TRANSITION_INVALID');
    });

    it('TEN-2 converting into a taken tenant id writes nothing: no tenant, no profile, the registration stays NEW', async () => {
      const taken = newTenantId();
      expect((await post('/platform/tenants', { id: taken, name: 'First' })).status).toBe(201);
      const registration = (await post('/platform/registrations', { name: 'Sun', phone: freshPhone() })).body;
      const refused = await post(`/platform/registrations/${registration.id}/tenant`, { tenantId: taken });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'TENANT_EXISTS', details: { id: taken } });
      expect((await get(`/platform/registrations/${registration.id}`)).body.registration).toMatchObject({
        status: 'NEW',
        tenantId: null,
      });
      expect((await get(`/platform/tenants/${taken}`)).body.name).toBe('First');
      const invalid = await post(`/platform/registrations/${registration.id}/tenant`, { tenantId: 'Bad Id' });
      expect(invalid.body.error.code).toBe('TENANT_ID_INVALID');
      expect(await platformEm().count(TenantEntity, { id: 'Bad Id' })).toBe(0);
    });

    it('TEN-2 enterprise nos. are generated unique, also for concurrent tenants; the database refuses a duplicate', async () => {
      const ids = [1, 2, 3, 4, 5, 6].map(() => newTenantId());
      const created = await Promise.all(ids.map((id) => post('/platform/tenants', { id, name: `T ${id}` })));
      expect(created.map((c) => c.status)).toEqual([201, 201, 201, 201, 201, 201]);
      const profiles = await Promise.all(ids.map((id) => get(`/platform/tenants/${id}/profile`)));
      const numbers = profiles.map((p) => p.body.enterpriseNo as string);
      expect(new Set(numbers).size).toBe(6);
      for (const n of numbers) expect(n).toMatch(/^EN\d{6}$/);
      const em = platformEm();
      const row = await em.findOneOrFail(TenantProfileEntity, { tenantId: ids[0]! });
      await expect(
        em.nativeUpdate(TenantProfileEntity, { tenantId: ids[1]! }, { enterpriseNo: row.enterpriseNo }),
      ).rejects.toThrow(/Duplicate entry/);
    });

    it('TEN-2 the profile is completed field by field; the enterprise no. is fixed', async () => {
      const tenantId = newTenantId();
      await post('/platform/tenants', { id: tenantId, name: 'Profile Co.' });
      const before = (await get(`/platform/tenants/${tenantId}/profile`)).body;
      expect(before.missing).toEqual([
        'licenceNo',
        'enterpriseName',
        'address',
        'contactName',
        'contactPhone',
      ]);
      const edit = (body: unknown) =>
        call(stack.app, 'PATCH', `/platform/tenants/${tenantId}/profile`, body, op());
      const partial = await edit({
        licenceNo: 'L-1',
        address: '  ',
        email: 'ops@example.com',
        province: 'Zhejiang',
      });
      expect(partial.status).toBe(200);
      expect(partial.body).toMatchObject({
        licenceNo: 'L-1',
        address: null, // blank clears
        email: 'ops@example.com',
        missing: ['enterpriseName', 'address', 'contactName', 'contactPhone'],
      });
      const fixed = await edit({ enterpriseNo: 'EN999999' });
      expect(fixed.status).toBe(422);
      expect(fixed.body.error).toMatchObject({
        code: 'TENANT_PROFILE_FIELD_IMMUTABLE',
        details: { field: 'enterpriseNo', enterpriseNo: before.enterpriseNo },
      });
      expect((await edit({ bogus: 1 })).status).toBe(400);
      expect((await edit({ email: 'not-an-email' })).status).toBe(400);
      expect((await get(`/platform/tenants/${tenantId}/profile`)).body.enterpriseNo).toBe(
        before.enterpriseNo,
      );
      expect((await get(`/platform/tenants/${newTenantId()}/profile`)).body.error.code).toBe(
        'TENANT_NOT_FOUND',
      );
    });
  });

  describe('opening and closing (TEN-3, TEN-5)', () => {
    it('TEN-3 opening lists every missing field, then needs the datasource; a complete tenant opens and closes', async () => {
      const fixture = await stack.createTenant('oo'); // provisioned: a READY datasource
      const { tenantId } = fixture;
      const open = () => post(`/platform/tenants/${tenantId}/open`);
      const incomplete = await open();
      expect(incomplete.status).toBe(422);
      expect(incomplete.body.error).toMatchObject({
        code: 'TENANT_PROFILE_INCOMPLETE',
        details: { missing: ['licenceNo', 'enterpriseName', 'address', 'contactName', 'contactPhone'] },
      });
      await call(
        stack.app,
        'PATCH',
        `/platform/tenants/${tenantId}/profile`,
        { ...COMPLETE, address: null },
        op(),
      );
      const one = await open();
      expect(one.body.error.details.missing).toEqual(['address']);
      expect((await get(`/platform/tenants/${tenantId}`)).body.state).toBe('CLOSED');
      await call(stack.app, 'PATCH', `/platform/tenants/${tenantId}/profile`, COMPLETE, op());
      const opened = await open();
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ state: 'OPEN', missing: [] });
      expect((await get(`/platform/tenants/${tenantId}`)).body.state).toBe('OPEN');
      expect((await open()).status).toBe(200); // idempotent
      const closed = await post(`/platform/tenants/${tenantId}/close`);
      expect(closed.body.state).toBe('CLOSED');
      expect((await post(`/platform/tenants/${tenantId}/close`)).status).toBe(200);
    });

    it('TEN-3 TEN-5 a complete profile without a READY datasource does not open', async () => {
      const tenantId = newTenantId();
      await post('/platform/tenants', { id: tenantId, name: 'No DB' });
      await call(stack.app, 'PATCH', `/platform/tenants/${tenantId}/profile`, COMPLETE, op());
      const refused = await post(`/platform/tenants/${tenantId}/open`);
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'TENANT_DATASOURCE_MISSING', details: { tenantId } });
      expect((await get(`/platform/tenants/${tenantId}`)).body.state).toBe('CLOSED');
      expect((await post(`/platform/tenants/${newTenantId()}/open`)).status).toBe(404);
    });

    it('TEN-3 only ADMIN operators hold tenant:toggle; an OPS-only operator is refused before anything happens', async () => {
      const phone = freshPhone();
      await post('/platform/users', { phone, name: 'Ops only', password: 'Ops!Only1', roles: ['OPS'] });
      const signedIn = await call(stack.app, 'POST', '/auth/sign-in', { phone, password: 'Ops!Only1' });
      const ops = { authorization: `Bearer ${signedIn.body.accessToken as string}` };
      const tenantId = newTenantId();
      await post('/platform/tenants', { id: tenantId, name: 'Guarded' });
      const denied = await call(stack.app, 'POST', `/platform/tenants/${tenantId}/open`, undefined, ops);
      expect(denied.status).toBe(403);
      expect(denied.body.error.details.permission).toBe('tenant:toggle');
      expect(
        (await call(stack.app, 'POST', '/platform/registrations', { name: 'x', phone }, ops)).status,
      ).toBe(403);
    });
  });

  describe('implementation states over HTTP (TEN-6)', () => {
    it('TEN-6 NOT_IMPLEMENTED → IMPLEMENTING → ONLINE by operator action; deletable only while NOT_IMPLEMENTED; ONLINE is terminal', async () => {
      const { tenantId } = await stack.createTenant('im');
      const step = (state: string) =>
        post(`/platform/tenants/${tenantId}/datasource/implementation`, { state });
      const remove = () =>
        call(stack.app, 'DELETE', `/platform/tenants/${tenantId}/datasource`, undefined, op());
      try {
        const skipping = await step('ONLINE');
        expect(skipping.status).toBe(409);
        expect(skipping.body.error).toMatchObject({
          code: 'DATASOURCE_STATE_TRANSITION_INVALID',
          details: { from: 'NOT_IMPLEMENTED', to: 'ONLINE' },
        });
        expect((await step('IMPLEMENTING')).body.datasource.implementationState).toBe('IMPLEMENTING');
        const kept = await remove();
        expect(kept.status).toBe(409);
        expect(kept.body.error).toMatchObject({
          code: 'DATASOURCE_NOT_DELETABLE',
          details: { implementationState: 'IMPLEMENTING' },
        });
        expect((await step('ONLINE')).body.datasource.implementationState).toBe('ONLINE');
        for (const state of ['IMPLEMENTING', 'ONLINE']) {
          const terminal = await step(state);
          expect(terminal.status).toBe(409);
          expect(terminal.body.error.details.from).toBe('ONLINE');
        }
        expect((await remove()).body.error.code).toBe('DATASOURCE_NOT_DELETABLE');
        expect((await get(`/platform/tenants/${tenantId}`)).body.datasource).toMatchObject({
          implementationState: 'ONLINE',
          provisioning: 'READY',
        });
      } finally {
        // ONLINE is never deleted through the product: the test removes its own database and account.
        const row = (await get(`/platform/tenants/${tenantId}`)).body.datasource;
        await stack.services.tenants.evict(tenantId);
        const admin = await adminConnection();
        try {
          await admin.query(`DROP DATABASE IF EXISTS \`${row.databaseName as string}\``);
          await admin.query('DROP USER IF EXISTS ?@?', [row.account, '%']);
        } finally {
          await admin.end();
        }
        await platformEm().nativeDelete(TenantDatasourceEntity, { tenantId });
      }
    });
  });
});
