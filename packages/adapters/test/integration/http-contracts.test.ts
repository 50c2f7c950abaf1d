// Contracts over HTTP on the real MariaDB and the shared Temporal dev server (TEN-3, TEN-4): the
// completeness gate, exact amounts, the dates, and the contract workflow's updates (sign, amend,
// terminate) with its live state. Real time here; the contract's whole life over a year is
// contract-workflow.timeskipping.test.ts. The stack's worker runs the production bundle with the
// contract activities over the stack's platform database and the sandbox notifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantContractEntity } from '../../src/onboarding/entities.js';
import { call, startApiStack, type ApiStack, type TenantFixture } from './fixtures/api-stack.js';
import { COMPLETE_PROFILE, contractTerms, shanghaiDate } from './fixtures/onboarding.js';

const DAY = 86_400_000;
const TODAY = shanghaiDate(Date.now());
const IN_30_DAYS = shanghaiDate(Date.now() + 30 * DAY);
const IN_1_YEAR = shanghaiDate(Date.now() + 365 * DAY);
const YESTERDAY = shanghaiDate(Date.now() - DAY);
const COMPLETE = COMPLETE_PROFILE;
const TERMS = contractTerms(IN_30_DAYS, IN_1_YEAR);

describe('contracts over HTTP (TEN-3, TEN-4)', () => {
  let stack: ApiStack;
  let tenant: TenantFixture;
  const op = () => stack.operator;
  const post = (path: string, body?: unknown) => call(stack.app, 'POST', path, body, op());
  const get = (path: string) => call(stack.app, 'GET', path, undefined, op());
  const create = (body: Record<string, unknown>) =>
    post(`/platform/tenants/${tenant.tenantId}/contracts`, body);
  const rows = () => stack.platform.em.fork().count(TenantContractEntity, { tenantId: tenant.tenantId });

  beforeAll(async () => {
    stack = await startApiStack(Date.now());
    tenant = await stack.createTenant('cc');
  }, 180_000);
  afterAll(async () => stack?.stop(), 120_000);

  it('TEN-3 a contract needs a complete profile: every missing field is listed and nothing is written', async () => {
    const refused = await create(TERMS);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'TENANT_PROFILE_INCOMPLETE',
      details: { missing: ['licenceNo', 'enterpriseName', 'address', 'contactName', 'contactPhone'] },
    });
    expect(await rows()).toBe(0);
    const patched = await call(
      stack.app,
      'PATCH',
      `/platform/tenants/${tenant.tenantId}/profile`,
      COMPLETE,
      op(),
    );
    expect(patched.body.missing).toEqual([]);
    expect((await post(`/platform/tenants/${tenant.tenantId}/open`)).body.state).toBe('OPEN');
  });

  it('TEN-4 the amount is exact with at most 2 decimals, the end date after the start date; refusals write nothing', async () => {
    const before = await rows();
    for (const amount of ['12.345', '-1.00', '1e3', '12,50', '12345678901234.00', '']) {
      const refused = await create({ ...TERMS, amount });
      expect(refused.status, amount).toBe(422);
      expect(refused.body.error.code).toBe('CONTRACT_INVALID');
      expect(JSON.stringify(refused.body.error.details.issues)).toContain('amount');
    }
    const sameDay = await create({ ...TERMS, endDate: TERMS.startDate });
    expect(sameDay.status).toBe(422);
    expect(sameDay.body.error).toMatchObject({
      code: 'CONTRACT_END_NOT_AFTER_START',
      details: { startDate: TERMS.startDate, endDate: TERMS.startDate },
    });
    const badDate = await create({ ...TERMS, startDate: '2027-02-30' });
    expect(badDate.body.error.code).toBe('CONTRACT_INVALID');
    const badAccount = await create({ ...TERMS, accountNo: '12ab' });
    expect(badAccount.body.error.details.issues.join()).toContain('accountNo');
    expect((await create({ ...TERMS, noticeDays: 0 })).status).toBe(400);
    expect(await rows()).toBe(before);

    // 12.3 CNY = 1230 fen; 9999999999999.99 CNY = 999999999999999 fen (the widest amount, exact).
    const small = await create({ ...TERMS, amount: '12.3' });
    expect(small.status).toBe(201);
    expect(small.body.contract.amount).toEqual({ cny: '12.30', fen: 1230 });
    const widest = await create({ ...TERMS, amount: '9999999999999.99' });
    expect(widest.body.contract.amount).toEqual({ cny: '9999999999999.99', fen: 999_999_999_999_999 });
    const stored = await stack.platform.em
      .fork()
      .findOneOrFail(TenantContractEntity, { contractNo: widest.body.contract.contractNo });
    expect(BigInt(stored.amountFen)).toBe(999_999_999_999_999n);
    // The database holds the bounds too (CHECKs): no negative amount, no end before start.
    const em = stack.platform.em.fork();
    const no = stored.contractNo;
    await expect(
      em.nativeUpdate(TenantContractEntity, { contractNo: no }, { amountFen: -1n }),
    ).rejects.toThrow(/tenant_contract_amount_range/);
    await expect(
      em.nativeUpdate(TenantContractEntity, { contractNo: no }, { endDate: stored.startDate }),
    ).rejects.toThrow(/tenant_contract_dates/);
    for (const c of [small.body.contract.contractNo, no])
      await post(`/platform/contracts/${c}/terminate`, { reason: 'test' });
  });

  it('TEN-4 create → DRAFT with its workflow; sign → SIGNED with its timers; amend moves them; terminate ends it', async () => {
    const created = await create({ ...TERMS, noticeDays: 15 });
    expect(created.status).toBe(201);
    const no = created.body.contract.contractNo as string;
    expect(no).toMatch(/^CT\d{8}$/);
    expect(created.headers.get('location')).toBe(`/platform/contracts/${no}`);
    expect(created.body).toMatchObject({
      source: 'workflow',
      contract: {
        status: 'DRAFT',
        state: 'CLOSED',
        revision: 1,
        noticeDays: 15,
        amount: { cny: '12000.50', fen: 1_200_050 },
      },
      live: { status: 'DRAFT', startDate: IN_30_DAYS, endDate: IN_1_YEAR, tenantClosed: false },
    });
    const expireAt = Date.parse(`${IN_1_YEAR}T00:00:00+08:00`) + DAY;
    expect(created.body.live).toMatchObject({
      activateAt: new Date(Date.parse(`${IN_30_DAYS}T00:00:00+08:00`)).toISOString(),
      expireAt: new Date(expireAt).toISOString(),
      expiryNoticeAt: new Date(expireAt - 15 * DAY).toISOString(),
    });

    const signed = await post(`/platform/contracts/${no}/sign`);
    expect(signed.status).toBe(200);
    expect(signed.body.contract).toMatchObject({ status: 'SIGNED', revision: 2 });
    expect(signed.body.contract.signedAt).not.toBeNull();
    const again = await post(`/platform/contracts/${no}/sign`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'CONTRACT_TRANSITION_INVALID',
      details: { status: 'SIGNED', event: 'SIGN' },
    });

    const backwards = await post(`/platform/contracts/${no}/amend`, { endDate: IN_30_DAYS });
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.code).toBe('CONTRACT_END_NOT_AFTER_START');
    expect((await post(`/platform/contracts/${no}/amend`, {})).body.error).toMatchObject({
      code: 'CONTRACT_AMEND_INVALID',
      details: { reason: 'NOTHING_TO_AMEND' },
    });
    const later = shanghaiDate(Date.now() + 400 * DAY);
    const amended = await post(`/platform/contracts/${no}/amend`, { endDate: later });
    expect(amended.status).toBe(200);
    const newExpire = Date.parse(`${later}T00:00:00+08:00`) + DAY;
    expect(amended.body.live).toMatchObject({
      endDate: later,
      expireAt: new Date(newExpire).toISOString(),
      expiryNoticeAt: new Date(newExpire - 15 * DAY).toISOString(),
    });
    expect(amended.body.contract).toMatchObject({ endDate: later, revision: 3, status: 'SIGNED' });

    const detail = await get(`/platform/contracts/${no}`);
    expect(detail.body).toMatchObject({ source: 'workflow', live: { status: 'SIGNED', revision: 3 } });
    const listed = await get(`/platform/contracts?tenantId=${tenant.tenantId}&status=SIGNED`);
    expect(listed.body.items.map((c: { contractNo: string }) => c.contractNo)).toEqual([no]);

    const ended = await post(`/platform/contracts/${no}/terminate`, { reason: 'customer moved' });
    expect(ended.status).toBe(200);
    expect(ended.body.contract).toMatchObject({
      status: 'TERMINATED',
      endReason: 'customer moved',
      revision: 4,
    });
    // It never was active: its end leaves the tenant as it was (OPEN).
    expect(ended.body.live.tenantClosed).toBe(false);
    expect((await get(`/platform/tenants/${tenant.tenantId}`)).body.state).toBe('OPEN');
    // Finished: every further change is refused with the state it is in.
    for (const [path, body] of [
      ['sign', undefined],
      ['amend', { endDate: later }],
      ['terminate', { reason: 'again' }],
    ] as const) {
      const refused = await post(`/platform/contracts/${no}/${path}`, body);
      expect(refused.status, path).toBe(409);
      expect(refused.body.error.code).toBe('CONTRACT_TRANSITION_INVALID');
    }
    expect((await get(`/platform/contracts/${no}`)).body.contract.status).toBe('TERMINATED');
    expect((await get('/platform/contracts/CT99999999')).body.error.code).toBe('CONTRACT_NOT_FOUND');
  });

  it('TEN-4 signed on or after its start date it is ACTIVE at once (state OPEN); its start date is then fixed; the tenant closes when it is terminated', async () => {
    expect((await get(`/platform/tenants/${tenant.tenantId}`)).body.state).toBe('OPEN');
    const created = await create({ ...TERMS, startDate: TODAY });
    const no = created.body.contract.contractNo as string;
    const signed = await post(`/platform/contracts/${no}/sign`);
    expect(signed.body.contract).toMatchObject({ status: 'ACTIVE', state: 'OPEN', revision: 3 });
    expect(signed.body.contract.activatedAt).not.toBeNull();
    const moved = await post(`/platform/contracts/${no}/amend`, { startDate: IN_30_DAYS });
    expect(moved.status).toBe(422);
    expect(moved.body.error).toMatchObject({
      code: 'CONTRACT_AMEND_INVALID',
      details: { reason: 'START_DATE_FIXED', startDate: TODAY },
    });
    const past = await post(`/platform/contracts/${no}/amend`, { endDate: YESTERDAY });
    expect(past.body.error.code).toMatch(/CONTRACT_END_NOT_AFTER_START|CONTRACT_AMEND_INVALID/);
    expect((await get(`/platform/tenants/${tenant.tenantId}`)).body.state).toBe('OPEN');
    const ended = await post(`/platform/contracts/${no}/terminate`, { reason: 'breach' });
    expect(ended.body.live).toMatchObject({ status: 'TERMINATED', tenantClosed: true });
    expect((await get(`/platform/tenants/${tenant.tenantId}`)).body.state).toBe('CLOSED');
    // No notice went out: the end date is a year away.
    const notices = await get(`/platform/sandbox/notices?contractNo=${no}`);
    expect(notices.body.items).toEqual([]);
  });

  it('TEN-4 concurrent creations get distinct contract nos. from one sequence, each with its own workflow', async () => {
    const made = await Promise.all([1, 2, 3, 4].map(() => create(TERMS)));
    expect(made.map((m) => m.status)).toEqual([201, 201, 201, 201]);
    const numbers = made.map((m) => m.body.contract.contractNo as string);
    expect(new Set(numbers).size).toBe(4);
    const sequence = numbers.map((n) => Number(n.slice(2))).sort((x, y) => x - y);
    expect(sequence[3]! - sequence[0]!).toBe(3); // dense: no gaps, no reuse
    for (const no of numbers) {
      expect((await get(`/platform/contracts/${no}`)).body.live.status).toBe('DRAFT');
      await post(`/platform/contracts/${no}/terminate`, { reason: 'test' });
    }
  });

  it('TEN-4 a draft whose end date has passed cannot be signed (CONTRACT_ALREADY_ENDED)', async () => {
    const created = await create({
      ...TERMS,
      startDate: shanghaiDate(Date.now() - 40 * DAY),
      endDate: YESTERDAY,
    });
    expect(created.status).toBe(201);
    const no = created.body.contract.contractNo as string;
    const refused = await post(`/platform/contracts/${no}/sign`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'CONTRACT_ALREADY_ENDED',
      details: { endDate: YESTERDAY },
    });
    expect((await get(`/platform/contracts/${no}`)).body.contract.status).toBe('DRAFT');
    await post(`/platform/contracts/${no}/terminate`, { reason: 'never signed' });
  });

  it('TEN-4 contract routes are the control plane’s: a tenant administrator is refused', async () => {
    const denied = await call(stack.app, 'GET', '/platform/contracts', undefined, tenant.admin);
    expect(denied.status).toBe(403);
    const create403 = await call(
      stack.app,
      'POST',
      `/platform/tenants/${tenant.tenantId}/contracts`,
      TERMS,
      tenant.admin,
    );
    expect(create403.status).toBe(403);
    expect(create403.body.error.details.permission).toBe('contract:create');
  });
});
