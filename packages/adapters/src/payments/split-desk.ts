import type { SplitDesk, SplitProgress, SplitRef } from '@chargeflow/workflows';
import type { TenantDatabases } from '../tenancy/ports.js';
import type { PaymentServices } from './payment-services.js';
import { SplitLedger } from './split-ledger.js';

/**
 * splitWorkflow's desk over the tenant's split ledger (SPL-1): `open` plans and stores the split,
 * `submit` sends its open parts to the order's channel, `check` reads it and, asked to, queries the
 * channel. Every call opens the tenant's own database (TEN-7); all are idempotent.
 */
export class LedgerSplitDesk implements SplitDesk {
  constructor(
    private readonly deps: {
      readonly tenants: Pick<TenantDatabases, 'get'>;
      readonly payments: Pick<PaymentServices, 'channels'>;
      readonly clock?: () => number;
    },
  ) {}

  async open(ref: SplitRef): Promise<SplitProgress> {
    return (await this.ledger(ref.tenantId)).open(ref.orderNo);
  }

  async submit(ref: SplitRef): Promise<SplitProgress> {
    return (await this.ledger(ref.tenantId)).submit(ref.orderNo);
  }

  async check(ref: SplitRef & { readonly ask: boolean }): Promise<SplitProgress> {
    return (await this.ledger(ref.tenantId)).check(ref.orderNo, ref.ask);
  }

  private async ledger(tenantId: string): Promise<SplitLedger> {
    const db = await this.deps.tenants.get(tenantId);
    return new SplitLedger(db.em, this.deps.payments.channels(db.em, tenantId), this.deps.clock ?? Date.now);
  }
}
