import { LockMode, type EntityManager } from '@mikro-orm/core';
import type { ContractStateRecord, ContractStore } from '@chargeflow/workflows';
import { TenantContractEntity } from '../onboarding/entities.js';
import { TenantEntity } from '../tenancy/entities.js';

/**
 * The contract workflow's store (TEN-4) over the platform database. Every write takes the tenant's
 * row lock first, so "close the tenant when no contract is active" and a concurrent activation are
 * serialised; a state is written only over a lower revision, so a retried or late activity never
 * moves a contract backwards.
 */
export class PlatformContractStore implements ContractStore {
  /** `em`: the platform database's root EntityManager (forked per call). */
  constructor(private readonly em: EntityManager) {}

  async recordState(record: ContractStateRecord): Promise<void> {
    await this.em.fork().transactional(async (tx) => {
      await tx.findOne(TenantEntity, { id: record.tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      await tx.nativeUpdate(
        TenantContractEntity,
        { contractNo: record.contractNo, revision: { $lt: record.revision } },
        {
          status: record.status,
          startDate: record.startDate,
          endDate: record.endDate,
          revision: record.revision,
          updatedAt: record.at,
          ...(record.event === 'SIGN' ? { signedAt: record.at } : {}),
          ...(record.event === 'START_DATE_REACHED' ? { activatedAt: record.at } : {}),
          ...(record.event === 'END_DATE_REACHED' || record.event === 'TERMINATE'
            ? { endedAt: record.at, endReason: (record.reason ?? record.event).slice(0, 255) }
            : {}),
        },
      );
    });
  }

  async closeTenantWithoutActiveContract(request: {
    readonly tenantId: string;
    readonly contractNo: string;
    readonly at: number;
  }): Promise<boolean> {
    return this.em.fork().transactional(async (tx) => {
      const tenant = await tx.findOne(
        TenantEntity,
        { id: request.tenantId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!tenant) return false;
      const active = await tx.count(TenantContractEntity, { tenantId: request.tenantId, status: 'ACTIVE' });
      if (active > 0) return false;
      if (tenant.state === 'OPEN') {
        await tx.nativeUpdate(TenantEntity, { id: request.tenantId, state: 'OPEN' }, { state: 'CLOSED' });
      }
      return true;
    });
  }
}
