// TEN-4 on the time-skipping Temporal server with the real platform database (MariaDB): the
// production contract workflow bundle, its activities over PlatformContractStore and the sandbox
// notifier, started and driven through TenantContracts (the HTTP routes' service). A year passes in
// seconds; the expected instants are written by hand from the rule "00:00 Asia/Shanghai (UTC+8, no
// DST) of the start date; 00:00 after the end date; the notice N days before that".
import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { MikroORM } from '@mikro-orm/core';
import { createContractActivities, contractStartOptions, type contractWorkflow } from '@chargeflow/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { PlatformContractStore } from '../../src/contracts/contract-store.js';
import { TenantContracts, type NewContract } from '../../src/contracts/contract-service.js';
import { SandboxContractNotifier, listSandboxNotices } from '../../src/contracts/sandbox-notifier.js';
import { TenantContractEntity, TenantProfileEntity } from '../../src/onboarding/entities.js';
import { insertTenantWithProfile } from '../../src/onboarding/tenant-rows.js';
import { openPlatformDatabase } from '../../src/platform/database.js';
import { uniqueDatabaseName } from '../../src/persistence/test-database.js';
import { TenantEntity } from '../../src/tenancy/entities.js';
import { COMPLETE_PROFILE, contractTerms, shanghaiDate, shanghaiMidnight } from './fixtures/onboarding.js';
import {
  bundleWorkflows,
  createTestWorker,
  startTimeSkipping,
} from '../../../workflows/test/support/harness.js';
import { InMemoryChargingPorts } from '../../../workflows/test/support/in-memory-ports.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const midnight = shanghaiMidnight;
/** Workflow time of a timer's work: at the instant, never before, within a minute after. */
const expectAt = (actual: number | null | undefined, instant: number) => {
  expect(actual).not.toBeNull();
  expect(actual! - instant).toBeGreaterThanOrEqual(0);
  expect(actual! - instant).toBeLessThan(MINUTE);
};

const terms = (startDate: string, endDate: string, noticeDays: number): NewContract => ({
  ...contractTerms(startDate, endDate),
  noticeDays,
});

describe('contractWorkflow on the time-skipping server (TEN-4)', () => {
  let env: TestWorkflowEnvironment;
  let orm: MikroORM;
  let name: string;
  let bundle: { code: string };
  let contracts: TenantContracts;
  let notifier: SandboxContractNotifier;
  const taskQueue = `contracts-${randomBytes(4).toString('hex')}`;
  const ports = new InMemoryChargingPorts();
  // No workflow cache, hence no sticky queue: the time-skipping server does not hand a sticky
  // workflow over to another worker, and every workflow task replays the whole history (a restart
  // on every task).
  const worker = () =>
    createTestWorker(env, bundle, ports, taskQueue, {
      maxCachedWorkflows: 0,
      activities: createContractActivities({ store: new PlatformContractStore(orm.em), notifier }),
    }).then((created) => created.worker);

  /** A tenant with a complete profile, OPEN (the open gate itself is tested over HTTP). */
  const openTenant = async (): Promise<string> => {
    const id = `ct${randomBytes(4).toString('hex')}`;
    await orm.em.fork().transactional((tx) =>
      insertTenantWithProfile(tx, {
        id,
        name: `Tenant ${id}`,
        now: Date.now(),
        profile: COMPLETE_PROFILE,
      }),
    );
    await orm.em.fork().nativeUpdate(TenantEntity, { id }, { state: 'OPEN' });
    return id;
  };
  const contractRow = (contractNo: string) =>
    orm.em.fork().findOneOrFail(TenantContractEntity, { contractNo });
  const tenantState = async (id: string) => (await orm.em.fork().findOneOrFail(TenantEntity, { id })).state;

  beforeAll(async () => {
    name = uniqueDatabaseName('cf_ctw');
    const url = new URL(serviceEndpoints().DATABASE_URL.replace(/^mariadb:/, 'mysql:'));
    url.pathname = `/${name}`;
    ({ orm } = await openPlatformDatabase(url.toString()));
    notifier = new SandboxContractNotifier({ em: orm.em, latencyMs: 5 });
    [env, bundle] = await Promise.all([startTimeSkipping(), bundleWorkflows()]);
    contracts = new TenantContracts({ em: orm.em, workflows: env.client.workflow, taskQueue, now: Date.now });
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
    if (orm) {
      await orm.em.getConnection().execute(`drop database if exists \`${name}\``);
      await orm.close(true);
    }
  });

  it('TEN-4 signed → ACTIVE at 00:00 of the start date → one expiry notice 30 days ahead → EXPIRED at 00:00 after the end date → tenant CLOSED; a worker restart in between changes nothing', async () => {
    const tenantId = await openTenant();
    const now = await env.currentTimeMs();
    // A year-long contract starting in 10 days: 2 dates, 3 instants.
    const startDate = shanghaiDate(now + 10 * DAY);
    const endDate = shanghaiDate(now + 10 * DAY + 364 * DAY);
    const activateAt = midnight(startDate);
    const expireAt = midnight(endDate) + DAY;
    const noticeAt = expireAt - 30 * DAY;

    const first = await worker();
    const created = await first.runUntil(async () => {
      const made = await contracts.create(tenantId, terms(startDate, endDate, 30), 'op-1');
      expect(made.contract).toMatchObject({ status: 'DRAFT', revision: 1, amount: 1_200_050n });
      const signed = await contracts.sign(made.contract.contractNo, 'op-1');
      expect(signed.live).toMatchObject({ status: 'SIGNED', activateAt, expiryNoticeAt: noticeAt, expireAt });
      expect(signed.contract).toMatchObject({ status: 'SIGNED', revision: 2 });
      // Ten days and an hour later the start date has come.
      await env.sleep(activateAt - (await env.currentTimeMs()) + 60 * MINUTE);
      return made.contract.contractNo;
    });
    const active = await contractRow(created);
    expect(active).toMatchObject({ status: 'ACTIVE', revision: 3 });
    expectAt(active.activatedAt, activateAt);
    expect(await listSandboxNotices(orm.em, created)).toEqual([]);

    // The first worker is gone; a new one (a restarted process) takes over the running workflow.
    // The provider fails the first send: the activity retries, still exactly one notice is recorded.
    notifier.failNext(1);
    const second = await worker();
    const handle = env.client.workflow.getHandle<typeof contractWorkflow>(active.workflowId);
    const result = await second.runUntil(handle.result());

    expect(result).toMatchObject({ status: 'EXPIRED', tenantClosed: true, revision: 4 });
    const ended = await contractRow(created);
    expect(ended).toMatchObject({ status: 'EXPIRED', revision: 4, endReason: 'END_DATE_REACHED' });
    expectAt(ended.endedAt, expireAt);
    expectAt(ended.activatedAt, activateAt); // untouched by the restart
    const notices = await listSandboxNotices(orm.em, created);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      noticeId: `${created}:EXPIRY:${endDate}`,
      tenantId,
      recipientPhone: '13800000001',
      text: `chargeflow: contract ${created} ends on ${endDate}; please contact us to renew`,
    });
    expect(notices[0]!.signature).toMatch(/^[0-9a-f]{64}$/);
    expectAt(notices[0]!.sentAt, noticeAt);
    expect(await tenantState(tenantId)).toBe('CLOSED');
    // A finished contract is never started again under its id (REJECT_DUPLICATE).
    await expect(
      env.client.workflow.start<typeof contractWorkflow>(
        'contractWorkflow',
        contractStartOptions(
          {
            tenantId,
            contractNo: created,
            startDate,
            endDate,
            noticeDays: 30,
            recipient: { name: 'x', phone: 'y' },
          },
          taskQueue,
        ),
      ),
    ).rejects.toThrow();
  }, 120_000);

  it('TEN-4 an amended end date moves the notice and the expiry; the tenant stays OPEN while another contract is active, and closes when that one is terminated', async () => {
    const tenantId = await openTenant();
    const now = await env.currentTimeMs();
    const startDate = shanghaiDate(now + 2 * DAY);
    const endDate = shanghaiDate(now + 2 * DAY + 99 * DAY); // 100 days
    const amendedEnd = shanghaiDate(now + 2 * DAY + 129 * DAY); // 30 more
    const longEnd = shanghaiDate(now + 2 * DAY + 729 * DAY); // two years
    const newExpireAt = midnight(amendedEnd) + DAY;

    const w = await worker();
    const [a, b] = await w.runUntil(async () => {
      const first = await contracts.create(tenantId, terms(startDate, endDate, 10), 'op-1');
      const other = await contracts.create(tenantId, terms(startDate, longEnd, 10), 'op-1');
      await contracts.sign(first.contract.contractNo, 'op-1');
      await contracts.sign(other.contract.contractNo, 'op-1');
      // A repeated start of a running contract finds the same run (workflow id from the contract no.).
      const row = await contractRow(first.contract.contractNo);
      const again = await env.client.workflow.start<typeof contractWorkflow>(
        'contractWorkflow',
        contractStartOptions(
          {
            tenantId,
            contractNo: row.contractNo,
            startDate,
            endDate,
            noticeDays: 10,
            recipient: { name: 'Chen', phone: '13800000001' },
          },
          taskQueue,
        ),
      );
      const described = await env.client.workflow.getHandle(row.workflowId).describe();
      expect(again.firstExecutionRunId).toBe(described.runId);

      await env.sleep(midnight(startDate) - (await env.currentTimeMs()) + 60 * MINUTE);
      expect((await contractRow(first.contract.contractNo)).status).toBe('ACTIVE');
      const amended = await contracts.amend(first.contract.contractNo, { endDate: amendedEnd }, 'op-2');
      expect(amended.live).toMatchObject({
        status: 'ACTIVE',
        endDate: amendedEnd,
        expireAt: newExpireAt,
        expiryNoticeAt: newExpireAt - 10 * DAY,
      });
      expect(amended.contract).toMatchObject({ endDate: amendedEnd, revision: 4 });
      const handle = env.client.workflow.getHandle<typeof contractWorkflow>(row.workflowId);
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'EXPIRED', endDate: amendedEnd, tenantClosed: false });
      expect(await tenantState(tenantId)).toBe('OPEN'); // contract `other` is still ACTIVE
      // Terminated at once, while this worker runs (an idle time-skipping server would skip ahead).
      const terminated = await contracts.terminate(other.contract.contractNo, 'customer left', 'op-3');
      expect(terminated.live).toMatchObject({ status: 'TERMINATED', tenantClosed: true });
      expect(terminated.contract).toMatchObject({ status: 'TERMINATED', endReason: 'customer left' });
      return [first.contract.contractNo, other.contract.contractNo];
    });

    const expired = await contractRow(a);
    expectAt(expired.endedAt, newExpireAt); // not at the old end date, 30 days earlier
    const notices = await listSandboxNotices(orm.em, a);
    expect(notices.map((n) => n.noticeId)).toEqual([`${a}:EXPIRY:${amendedEnd}`]);
    expectAt(notices[0]!.sentAt, newExpireAt - 10 * DAY);
    expect(await tenantState(tenantId)).toBe('CLOSED');
    expect((await contractRow(b)).status).toBe('TERMINATED');
    // The profile is untouched by the contracts' life.
    expect(await orm.em.fork().count(TenantProfileEntity, { tenantId })).toBe(1);
  }, 120_000);
});
