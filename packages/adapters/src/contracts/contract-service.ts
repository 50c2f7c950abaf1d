import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { WorkflowNotFoundError, type WorkflowClient } from '@temporalio/client';
import {
  DEFAULT_EXPIRY_NOTICE_DAYS,
  DomainError,
  formatContractNo,
  prepareContract,
  unwrap,
  type ContractInput,
  type ContractStatus,
} from '@chargeflow/core';
import {
  amendContractUpdate,
  contractStartOptions,
  contractStateQuery,
  contractWorkflowId,
  signContractUpdate,
  terminateContractUpdate,
  type ContractLiveState,
  type ContractWorkflowInput,
  type contractWorkflow,
} from '@chargeflow/workflows';
import { TenantContractEntity, TenantProfileEntity, type TenantContractRow } from '../onboarding/entities.js';
import { OnboardingError } from '../onboarding/errors.js';
import { toCoreProfile } from '../onboarding/profile-records.js';
import { nextSequenceValue } from '../onboarding/sequences.js';
import { TenantEntity } from '../tenancy/entities.js';
import { TenancyError } from '../tenancy/errors.js';
import { domainErrorOfFailure } from '../temporal/workflow-failures.js';
import { toContractRecord, type ContractRecord } from './contract-records.js';

/** A new contract's terms as entered (the tenant comes from the path); `noticeDays` defaults per deployment. */
export type NewContract = Omit<ContractInput, 'tenantId'> & { readonly noticeDays?: number | undefined };

/** A contract with what its workflow says right now (null when the workflow cannot answer). */
export interface ContractDetail {
  readonly contract: ContractRecord;
  readonly live: ContractLiveState | null;
}

/** Filters and page of the contract list. */
export interface ContractQuery {
  readonly tenantId?: string | undefined;
  readonly status?: readonly ContractStatus[] | undefined;
  readonly limit: number;
  readonly offset: number;
}

export interface TenantContractsOptions {
  /** The platform database's root EntityManager (forked per call). */
  readonly em: EntityManager;
  /** A Temporal workflow client with chargeflow's payload converter. */
  readonly workflows: WorkflowClient;
  readonly taskQueue: string;
  readonly now: () => number;
  /** Default lead time of the expiry notice (CONTRACT_NOTICE_DAYS; core's default 30). */
  readonly noticeDays?: number;
  /** The zone contract dates are read in (default Asia/Shanghai). */
  readonly zone?: string;
}

/**
 * TEN-4 contracts: the row in the platform database and its `contractWorkflow`, which is the single
 * writer of the contract's state from then on. Creating runs the TEN-3 completeness gate and core's
 * validation (exact amount, end after start) before anything is written; signing, amending and
 * terminating are updates on the running workflow, answered once the workflow has recorded them.
 */
export class TenantContracts {
  constructor(private readonly options: TenantContractsOptions) {}

  async create(tenantId: string, input: NewContract, by: string): Promise<ContractDetail> {
    const now = this.options.now();
    const { noticeDays: asked, ...terms } = input;
    const noticeDays = asked ?? this.options.noticeDays ?? DEFAULT_EXPIRY_NOTICE_DAYS;
    const row = await this.options.em.fork().transactional(async (tx) => {
      const tenant = await tx.findOne(
        TenantEntity,
        { id: tenantId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const profile = tenant ? await tx.findOne(TenantProfileEntity, { tenantId }) : null;
      if (!tenant || !profile)
        throw new TenancyError('TENANT_NOT_FOUND', `no tenant ${tenantId}`, { id: tenantId });
      const valid = unwrap(prepareContract(toCoreProfile(profile, tenant.state), { ...terms, tenantId }));
      const contractNo = unwrap(formatContractNo(await nextSequenceValue(tx, 'tenant:contract-no')));
      const { tenantId: _same, amount, scan, description, remarks, ...required } = valid;
      const inserted: TenantContractRow = {
        ...required,
        contractNo,
        tenantId,
        amountFen: amount,
        scan: scan ?? null,
        description: description ?? null,
        remarks: remarks ?? null,
        noticeDays,
        status: 'DRAFT',
        revision: 1,
        workflowId: contractWorkflowId(tenantId, contractNo),
        createdBy: by,
        createdAt: now,
        updatedAt: now,
        signedAt: null,
        activatedAt: null,
        endedAt: null,
        endReason: null,
      };
      await tx.insert(TenantContractEntity, inserted);
      return inserted;
    });
    try {
      await this.start(row);
    } catch (error) {
      // No workflow owns it: the contract is taken back, so nothing half-made remains.
      await this.options.em
        .fork()
        .nativeDelete(TenantContractEntity, { contractNo: row.contractNo, revision: 1 });
      throw new OnboardingError(
        'CONTRACT_WORKFLOW_UNAVAILABLE',
        'the contract workflow could not be started',
        {
          contractNo: row.contractNo,
          reason: error instanceof Error ? error.message.slice(0, 200) : String(error),
        },
      );
    }
    return this.get(row.contractNo);
  }

  /** The stored contract with the workflow's live state. CONTRACT_NOT_FOUND. */
  async get(contractNo: string): Promise<ContractDetail> {
    const row = await this.row(contractNo);
    let live: ContractLiveState | null = null;
    try {
      live = await this.options.workflows.getHandle(row.workflowId).query(contractStateQuery);
    } catch {
      live = null; // unreachable or long gone: the stored record is the answer
    }
    return { contract: toContractRecord(row), live };
  }

  /** Newest first; `total` counts the whole match. */
  async list(query: ContractQuery): Promise<{ items: ContractRecord[]; total: number }> {
    const where: FilterQuery<TenantContractRow> = {
      ...(query.tenantId === undefined ? {} : { tenantId: query.tenantId }),
      ...(query.status === undefined ? {} : { status: { $in: [...query.status] } }),
    };
    const [rows, total] = await this.options.em.fork().findAndCount(TenantContractEntity, where, {
      orderBy: { createdAt: 'DESC', contractNo: 'DESC' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items: rows.map(toContractRecord), total };
  }

  /** DRAFT → SIGNED (→ ACTIVE at once when the start date has come). */
  sign(contractNo: string, by: string): Promise<ContractDetail> {
    return this.update(contractNo, (handle) => handle.executeUpdate(signContractUpdate, { args: [{ by }] }));
  }

  /** New dates; the workflow's timers follow. */
  amend(
    contractNo: string,
    dates: { readonly startDate?: string | undefined; readonly endDate?: string | undefined },
    by: string,
  ): Promise<ContractDetail> {
    const request = {
      by,
      ...(dates.startDate === undefined ? {} : { startDate: dates.startDate }),
      ...(dates.endDate === undefined ? {} : { endDate: dates.endDate }),
    };
    return this.update(contractNo, (handle) =>
      handle.executeUpdate(amendContractUpdate, { args: [request] }),
    );
  }

  /** Ends the contract now (→ TERMINATED; the tenant is closed when no active contract remains). */
  terminate(contractNo: string, reason: string, by: string): Promise<ContractDetail> {
    return this.update(contractNo, (handle) =>
      handle.executeUpdate(terminateContractUpdate, { args: [{ by, reason }] }),
    );
  }

  private async update(
    contractNo: string,
    send: (handle: ReturnType<WorkflowClient['getHandle']>) => Promise<ContractLiveState>,
  ): Promise<ContractDetail> {
    const row = await this.row(contractNo);
    let live: ContractLiveState;
    try {
      live = await send(this.options.workflows.getHandle(row.workflowId));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError || isCompleted(error)) {
        throw new DomainError('CONTRACT_TRANSITION_INVALID', `contract ${contractNo} is ${row.status}`, {
          status: row.status,
        });
      }
      throw domainErrorOfFailure(error) ?? error;
    }
    return { contract: toContractRecord(await this.row(contractNo)), live };
  }

  private async start(row: TenantContractRow): Promise<void> {
    const input: ContractWorkflowInput = {
      tenantId: row.tenantId,
      contractNo: row.contractNo,
      startDate: row.startDate,
      endDate: row.endDate,
      noticeDays: row.noticeDays,
      ...(this.options.zone === undefined ? {} : { zone: this.options.zone }),
      recipient: { name: row.partyAContact, phone: row.partyAPhone },
    };
    await this.options.workflows.start<typeof contractWorkflow>(
      'contractWorkflow',
      contractStartOptions(input, this.options.taskQueue),
    );
  }

  private async row(contractNo: string): Promise<TenantContractRow> {
    const row = await this.options.em.fork().findOne(TenantContractEntity, { contractNo });
    if (!row) throw new OnboardingError('CONTRACT_NOT_FOUND', `no contract ${contractNo}`, { contractNo });
    return row;
  }
}

/** An update sent to a workflow that has completed (an expired or terminated contract). */
const isCompleted = (error: unknown): boolean =>
  error instanceof Error && /already completed|workflow execution .*completed/i.test(error.message);
