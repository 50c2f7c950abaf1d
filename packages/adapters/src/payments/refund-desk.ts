import type { Refund } from '@chargeflow/core';
import type { RefundDesk, RefundProgress, RefundRef } from '@chargeflow/workflows';
import type { TenantDatabases } from '../tenancy/ports.js';
import type { PaymentServices } from './payment-services.js';

const progressOf = (refund: Refund): RefundProgress => ({
  refundNo: refund.refundNo,
  status: refund.status,
  attempts: refund.attempts,
});

/**
 * refundWorkflow's desk over the tenant's payment ledger (REF-2): `submit` sends the refund to its
 * payment's channel, `check` reads it and, asked to, queries the channel and applies the answer.
 * Every call opens the tenant's own database (TEN-7); both are idempotent.
 */
export class LedgerRefundDesk implements RefundDesk {
  constructor(
    private readonly deps: {
      readonly tenants: Pick<TenantDatabases, 'get'>;
      readonly payments: Pick<PaymentServices, 'channels'>;
    },
  ) {}

  async submit(ref: RefundRef): Promise<RefundProgress> {
    return progressOf(await (await this.channels(ref.tenantId)).submitRefund(ref.refundNo));
  }

  async check(ref: RefundRef & { readonly ask: boolean }): Promise<RefundProgress> {
    const channels = await this.channels(ref.tenantId);
    return progressOf(
      await (ref.ask ? channels.askAboutRefund(ref.refundNo) : channels.getRefund(ref.refundNo)),
    );
  }

  private async channels(tenantId: string) {
    const db = await this.deps.tenants.get(tenantId);
    return this.deps.payments.channels(db.em, tenantId);
  }
}
