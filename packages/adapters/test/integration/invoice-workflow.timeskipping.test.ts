// invoiceWorkflow (INV-2, INV-3) on the time-skipping Temporal server with the real desk over a
// throw-away MariaDB tenant database and the sandbox invoicing provider on the server's skipped
// clock: the provider answers 45 minutes after a submission and the workflow asks every 10 minutes,
// so an attempt settles at its 5th check (50 min). Issued (with a worker restart mid-way), declined
// then reissued, and voided — each settled once.
import { randomBytes } from 'node:crypto';
import { fen, invoiceLines } from '@chargeflow/core';
import {
  createInvoiceActivities,
  invoiceWorkflowId,
  type InvoiceRef,
  type invoiceWorkflow,
} from '@chargeflow/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { ProviderInvoiceDesk } from '../../src/invoices/invoice-desk.js';
import { InvoiceService } from '../../src/invoices/invoice-service.js';
import { linesToJson } from '../../src/invoices/records.js';
import { SandboxInvoicingProvider } from '../../src/invoices/sandbox-provider.js';
import { InvoiceEntity, InvoicePdfEntity } from '../../src/persistence/entities/invoices.js';
import { ChargingOrderRepository } from '../../src/persistence/repositories/charging-order-repository.js';
import { openThrowawayDatabase, type ThrowawayDatabase } from '../../src/persistence/test-database.js';
import type { TenantDatabases } from '../../src/tenancy/ports.js';
import {
  bundleWorkflows,
  createTestWorker,
  startTimeSkipping,
} from '../../../workflows/test/support/harness.js';
import { InMemoryChargingPorts } from '../../../workflows/test/support/in-memory-ports.js';

const MINUTE = 60_000;
const TIMINGS = { pollMs: 10 * MINUTE, giveUpAfterMs: 86_400_000 };
const config = {
  merchantNo: 'M1',
  sellerName: 'Seller Ltd',
  sellerTaxpayerId: '91350100M000100Y43',
  energy: { rate: '0.13', taxCode: '1100101020000000000' },
  service: { rate: '0.06', taxCode: '3040802000000000000' },
};

describe('invoiceWorkflow on the time-skipping server (INV-2, INV-3)', () => {
  let env: TestWorkflowEnvironment;
  let db: ThrowawayDatabase;
  let bundle: { code: string };
  let service: InvoiceService;
  const tenantId = `tinv${randomBytes(3).toString('hex')}`;
  const taskQueue = `invoices-${randomBytes(4).toString('hex')}`;
  const ports = new InMemoryChargingPorts();
  /** The provider's clock: the time-skipping server's, read before every activity. */
  const clock = { now: 0 };
  const calls: string[] = [];
  /** Attempt 1 of invoices whose title says so is declined by the provider; every other attempt is issued. */
  const provider = new SandboxInvoicingProvider({
    key: 'invoice-ts-key',
    clock: () => clock.now,
    behaviour: { delayMs: 45 * MINUTE },
    decide: (s) => (s.buyerTitle.includes('decline') && s.requestId.endsWith('-1') ? 'FAILED' : 'ISSUED'),
  });
  const worker = () => {
    const tenants = { get: () => Promise.resolve({ em: db.orm.em }) } as unknown as TenantDatabases;
    const desk = new ProviderInvoiceDesk({ tenants, provider, clock: () => clock.now });
    const timed = (name: string, call: (ref: InvoiceRef) => Promise<unknown>) => async (ref: InvoiceRef) => {
      clock.now = await env.currentTimeMs();
      calls.push(`${name}:${ref.invoiceNo}:${ref.attempt}`);
      return call(ref);
    };
    const activities = createInvoiceActivities({
      submit: timed('submit', (r) => desk.submit(r)) as typeof desk.submit,
      check: timed('check', (r) => desk.check(r)) as typeof desk.check,
      requestVoid: timed('requestVoid', (r) => desk.requestVoid(r)) as typeof desk.requestVoid,
      checkVoid: timed('checkVoid', (r) => desk.checkVoid(r)) as typeof desk.checkVoid,
    });
    return createTestWorker(env, bundle, ports, taskQueue, { maxCachedWorkflows: 0, activities }).then(
      (created) => created.worker,
    );
  };
  /** An ISSUING invoice of energy 12.34 + service 5.00, as InvoiceService stores a request. */
  const issuing = async (title: string): Promise<string> => {
    const invoiceNo = `CI${randomBytes(4).toString('hex').toUpperCase()}-I000001`;
    const now = await env.currentTimeMs();
    await db.orm.em.fork().insert(InvoiceEntity, {
      invoiceNo,
      orderNo: invoiceNo.slice(0, 10),
      stationId: 'st-1',
      providerId: 'pv-1',
      propertyId: 'pp-1',
      status: 'ISSUING',
      buyerTitle: title,
      buyerTaxpayerId: '91110000600037341L',
      buyerEmail: 'a@b.cn',
      sellerName: config.sellerName,
      sellerTaxpayerId: config.sellerTaxpayerId,
      amountFen: 1734n,
      lines: linesToJson(invoiceLines({ energy: fen(1234n), service: fen(500n) }, config)),
      attempts: 1,
      requestedBy: 'op-1',
      requestedAt: now,
      updatedAt: now,
    });
    return invoiceNo;
  };
  const input = (invoiceNo: string, action: 'ISSUE' | 'VOID', attempt: number) => ({
    tenantId,
    invoiceNo,
    action,
    attempt,
    ...TIMINGS,
  });
  const row = (invoiceNo: string) => db.orm.em.fork().findOneOrFail(InvoiceEntity, { invoiceNo });
  const of = (invoiceNo: string) => calls.filter((c) => c.includes(`:${invoiceNo}:`));

  beforeAll(async () => {
    db = await openThrowawayDatabase(serviceEndpoints().DATABASE_URL, 'cf_invts');
    [env, bundle] = await Promise.all([startTimeSkipping(), bundleWorkflows()]);
    service = new InvoiceService({
      em: db.orm.em,
      tenantId,
      scope: { kind: 'TENANT' },
      orders: new ChargingOrderRepository(db.orm.em, Date.now),
      workflows: env.client.workflow,
      taskQueue,
      clock: Date.now,
      timings: TIMINGS,
    });
  }, 180_000);
  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  it('INV-3 ISSUING → ISSUED at the 5th check with number, code, serial and a PDF; a worker restart mid-way submits once', async () => {
    const invoiceNo = await issuing('ACME Ltd');
    const started = await env.currentTimeMs();
    const first = await worker();
    const handle = await first.runUntil(async () => {
      const h = await env.client.workflow.start<typeof invoiceWorkflow>('invoiceWorkflow', {
        workflowId: invoiceWorkflowId(tenantId, invoiceNo, 'ISSUE', 1),
        taskQueue,
        args: [input(invoiceNo, 'ISSUE', 1)],
      });
      await env.sleep(25 * MINUTE); // two checks, still PENDING at the provider
      return h;
    });
    expect((await row(invoiceNo)).status).toBe('ISSUING');
    const second = await worker(); // a restarted worker takes the running workflow over
    const result = await second.runUntil(handle.result());
    expect(result).toEqual({ invoiceNo, status: 'ISSUED', attempts: 1, voiding: false });
    expect(of(invoiceNo).filter((c) => c.startsWith('submit'))).toHaveLength(1);
    expect(of(invoiceNo).filter((c) => c.startsWith('check'))).toHaveLength(5);
    const issued = await row(invoiceNo);
    expect(issued.invoiceNumber).toMatch(/^\d{8}$/);
    expect(issued.invoiceCode).toMatch(/^\d{12}$/);
    expect(issued.serialNo).toMatch(/^SBX[0-9A-F]{16}$/);
    // Issued 45 min after the submission, by the provider's (skipped) clock.
    expect(issued.issuedAt! - started).toBeGreaterThanOrEqual(45 * MINUTE);
    expect(issued.issuedAt! - started).toBeLessThan(50 * MINUTE);
    const pdf = await db.orm.em.fork().findOneOrFail(InvoicePdfEntity, { invoiceNo });
    expect(Buffer.from(pdf.content).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(pdf.content).toString('latin1')).toContain(`(${invoiceNo})`);
  });

  it('INV-2 a declined attempt ends FAILED; the reissue is attempt 2 and ends ISSUED', async () => {
    const invoiceNo = await issuing('decline me Ltd');
    const w = await worker();
    await w.runUntil(async () => {
      const first = await env.client.workflow.execute<typeof invoiceWorkflow>('invoiceWorkflow', {
        workflowId: invoiceWorkflowId(tenantId, invoiceNo, 'ISSUE', 1),
        taskQueue,
        args: [input(invoiceNo, 'ISSUE', 1)],
      });
      expect(first).toMatchObject({ status: 'FAILED', attempts: 1 });
      expect((await row(invoiceNo)).failureReason).toContain('declined');
      expect(await db.orm.em.fork().count(InvoicePdfEntity, { invoiceNo })).toBe(0);
      const reissued = await service.reissue(invoiceNo);
      expect(reissued).toMatchObject({ status: 'ISSUING', attempts: 2 });
      const second = await env.client.workflow
        .getHandle<typeof invoiceWorkflow>(invoiceWorkflowId(tenantId, invoiceNo, 'ISSUE', 2))
        .result();
      expect(second).toEqual({ invoiceNo, status: 'ISSUED', attempts: 2, voiding: false });
    });
    expect(of(invoiceNo).filter((c) => c.startsWith('submit'))).toEqual([
      `submit:${invoiceNo}:1`,
      `submit:${invoiceNo}:2`,
    ]);
    expect((await row(invoiceNo)).failureReason).toBeNull();
  });

  it('INV-2 an ISSUED invoice is voided once the provider confirms; a second void changes nothing', async () => {
    const invoiceNo = await issuing('ACME Ltd');
    const w = await worker();
    await w.runUntil(async () => {
      await env.client.workflow.execute<typeof invoiceWorkflow>('invoiceWorkflow', {
        workflowId: invoiceWorkflowId(tenantId, invoiceNo, 'ISSUE', 1),
        taskQueue,
        args: [input(invoiceNo, 'ISSUE', 1)],
      });
      const asked = await service.void(invoiceNo);
      expect(asked).toMatchObject({ status: 'ISSUED', voiding: true });
      expect((await service.void(invoiceNo)).voiding).toBe(true); // same workflow id: no second void
      const voided = await env.client.workflow
        .getHandle<typeof invoiceWorkflow>(invoiceWorkflowId(tenantId, invoiceNo, 'VOID', 1))
        .result();
      expect(voided).toEqual({ invoiceNo, status: 'VOIDED', attempts: 1, voiding: false });
    });
    expect(of(invoiceNo).filter((c) => c.startsWith('requestVoid'))).toHaveLength(1);
    const voided = await row(invoiceNo);
    expect(voided.voidedAt).not.toBeNull();
    expect(voided.invoiceNumber).toMatch(/^\d{8}$/); // kept
    await expect(service.void(invoiceNo)).rejects.toMatchObject({ code: 'INVOICE_ILLEGAL_TRANSITION' });
  });
});
