import { ApplicationFailure } from '@temporalio/client';
import { fen, type DeviceCommand } from '@chargeflow/core';
import type { CardDebitRequest, CardLedger } from '@chargeflow/workflows';
import { describe, expect, it } from 'vitest';
import { TenancyError } from '../tenancy/errors.js';
import type { TenantDatabase, TenantDatabases } from '../tenancy/ports.js';
import {
  TENANT_DATABASE_NOT_READY,
  TENANT_NOT_CONFIGURED,
  createChargingPorts,
  tenantResolver,
} from './charging-ports.js';

/** Tenant pools that know `ta` and `tb`, refuse `nope` (unknown) and `down` (database unreachable). */
function fakeTenants() {
  const asked: string[] = [];
  const tenants: Pick<TenantDatabases, 'get'> = {
    get: (tenantId) => {
      asked.push(tenantId);
      if (tenantId === 'nope')
        return Promise.reject(new TenancyError('TENANT_NOT_FOUND', 'no tenant nope', { id: tenantId }));
      if (tenantId === 'down') {
        return Promise.reject(
          new TenancyError('TENANT_DATABASE_NOT_READY', 'the database of down could not be opened', {
            tenantId,
            reason: 'connect ECONNREFUSED',
          }),
        );
      }
      // The repositories only keep the EntityManager until a query runs; these calls never query.
      return Promise.resolve({ tenantId, orm: {} as never, em: { tenant: tenantId } as never });
    },
  };
  return { tenants, asked };
}

const debit = (tenantId: string): CardDebitRequest => ({
  tenantId,
  entryNo: 'CH1-CD',
  cardId: 'card-1',
  orderNo: 'CH1',
  amount: fen(100),
});
const progress = (tenantId: string) => ({ tenantId, orderNo: 'CH1', status: 'CHARGING' as const, at: 1 });
const refund = (tenantId: string) => ({
  tenantId,
  refundNo: 'CH1-PR',
  type: 'PREPAY_RETURN' as const,
  orderNo: 'CH1',
  paymentNo: 'PY1',
  amount: fen(100),
});

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

const noCommands = { send: (_command: DeviceCommand) => Promise.resolve() };

describe('charging ports over every tenant database (TEN-7)', () => {
  it("resolves the database of the tenant each request names, per call, and builds that tenant's card ledger over it", async () => {
    const { tenants, asked } = fakeTenants();
    const ledgers: { tenant: TenantDatabase; requests: CardDebitRequest[] }[] = [];
    const cards = (tenant: TenantDatabase): CardLedger => {
      const ledger = { tenant, requests: [] as CardDebitRequest[] };
      ledgers.push(ledger);
      return { debit: (request) => (ledger.requests.push(request), Promise.resolve()) };
    };
    const ports = createChargingPorts({ commands: noCommands, tenants: tenantResolver({ tenants, cards }) });
    await ports.cards.debit(debit('tb'));
    await ports.cards.debit(debit('ta'));
    expect(asked).toEqual(['tb', 'ta']);
    expect(ledgers.map((l) => [l.tenant.tenantId, l.requests.map((r) => r.tenantId)])).toEqual([
      ['tb', ['tb']],
      ['ta', ['ta']],
    ]);
  });

  it('an unknown tenant fails non-retryably with TENANT_NOT_CONFIGURED, on every tenant port', async () => {
    const { tenants } = fakeTenants();
    const ports = createChargingPorts({ commands: noCommands, tenants: tenantResolver({ tenants }) });
    for (const call of [
      ports.orders.recordProgress(progress('nope')),
      ports.orders.recordSettlement({
        tenantId: 'nope',
        orderNo: 'CH1',
        settlement: {} as never,
      }),
      ports.payments.refund(refund('nope')),
      ports.cards.debit(debit('nope')),
    ]) {
      const failure = await failureOf(call);
      expect(failure).toMatchObject({ type: TENANT_NOT_CONFIGURED, nonRetryable: true });
      expect(failure.details).toEqual([{ tenantId: 'nope' }]);
    }
  });

  it('a tenant whose database cannot be opened now fails RETRYABLY with TENANT_DATABASE_NOT_READY (the activity waits for it)', async () => {
    const { tenants } = fakeTenants();
    const ports = createChargingPorts({ commands: noCommands, tenants: tenantResolver({ tenants }) });
    for (const call of [
      ports.orders.recordProgress(progress('down')),
      ports.payments.refund(refund('down')),
    ]) {
      const failure = await failureOf(call);
      expect(failure).toMatchObject({ type: TENANT_DATABASE_NOT_READY, nonRetryable: false });
      expect(failure.details).toEqual([{ tenantId: 'down', reason: 'connect ECONNREFUSED' }]);
    }
  });
});
