import { DomainError, fen, type Fen, type SplitStatus } from '@chargeflow/core';
import {
  DEFAULT_SPLIT_TIMINGS,
  splitWorkflowId,
  type SplitWorkflowInput,
  type splitWorkflow,
} from '@chargeflow/workflows';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { WorkflowClient } from '@temporalio/client';
import {
  SplitPartEntity,
  SplitRecordEntity,
  type SplitPartRow,
  type SplitRecordRow,
} from '../persistence/entities/splits.js';
import { STATION_LEVEL_COLUMNS, scopeWhere, within, type QueryScope } from '../persistence/scope.js';
import { NO_SPLIT_CHANNEL, SplitLedger } from './split-ledger.js';

/** Timings of split rounds (`SplitWorkflowInput` without the ids). */
export type SplitTimings = Omit<SplitWorkflowInput, 'tenantId' | 'orderNo' | 'round'>;

/** Filters of the split search (SPL-1: by order, station, lead merchant, split merchant, state). */
export interface SplitSearch {
  readonly orderNo?: string;
  readonly stationId?: string;
  readonly leadMerchantId?: string;
  /** A receiving merchant: splits with a part for it. */
  readonly merchantId?: string;
  readonly status?: SplitStatus;
  readonly limit: number;
  readonly offset: number;
}

/** A split record with its parts, as read. */
export interface SplitView {
  readonly splitNo: string;
  readonly orderNo: string;
  readonly paymentNo: string;
  readonly stationId: string;
  readonly leadMerchantId: string;
  readonly amount: Fen;
  readonly leadAmount: Fen;
  readonly status: SplitStatus;
  readonly round: number;
  readonly operatorId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly parts: readonly SplitPartRow[];
}

/**
 * An operator's split settlements (SPL-1) in the caller's scope (ORG-1): search, read, retry the
 * FAILED parts, reverse (撤销) a SUCCEEDED split. Each action moves the parts in the database under
 * the record's lock, then starts the round's `splitWorkflow` (its id names the round, so a repeated
 * start is refused by Temporal and a part is never sent twice for one attempt).
 */
export class SplitService {
  private readonly ledger: SplitLedger;

  constructor(
    private readonly deps: {
      readonly em: EntityManager;
      readonly tenantId: string;
      readonly scope: QueryScope;
      readonly workflows: WorkflowClient;
      readonly taskQueue: string;
      readonly clock: () => number;
      readonly timings?: SplitTimings;
    },
  ) {
    this.ledger = new SplitLedger(deps.em, NO_SPLIT_CHANNEL, deps.clock);
  }

  /** SPL-1: splits in scope, newest first. */
  async search(filters: SplitSearch): Promise<{ readonly items: SplitView[]; readonly total: number }> {
    const em = this.deps.em.fork();
    let splitNos: string[] | undefined;
    if (filters.merchantId !== undefined) {
      const parts = await em.find(
        SplitPartEntity,
        { merchantId: filters.merchantId },
        { fields: ['splitNo'] },
      );
      splitNos = [...new Set(parts.map((p) => p.splitNo))];
    }
    const query = {
      ...(filters.orderNo === undefined ? {} : { orderNo: filters.orderNo }),
      ...(filters.stationId === undefined ? {} : { stationId: filters.stationId }),
      ...(filters.leadMerchantId === undefined ? {} : { leadMerchantId: filters.leadMerchantId }),
      ...(filters.status === undefined ? {} : { status: filters.status }),
      ...(splitNos === undefined ? {} : { splitNo: { $in: splitNos } }),
    };
    const [rows, total] = await em.findAndCount(
      SplitRecordEntity,
      within<FilterQuery<SplitRecordRow>>(this.scopeOf(), query),
      { orderBy: { createdAt: 'desc', splitNo: 'desc' }, limit: filters.limit, offset: filters.offset },
    );
    const parts = await em.find(
      SplitPartEntity,
      { splitNo: { $in: rows.map((r) => r.splitNo) } },
      { orderBy: { partNo: 'asc' } },
    );
    return { items: rows.map((row) => viewOf(row, parts)), total };
  }

  /** One split in scope, or SPLIT_NOT_FOUND. */
  async get(splitNo: string): Promise<SplitView> {
    const em = this.deps.em.fork();
    const row = await em.findOne(
      SplitRecordEntity,
      within<FilterQuery<SplitRecordRow>>(this.scopeOf(), { splitNo }),
    );
    if (!row) throw new DomainError('SPLIT_NOT_FOUND', `no split ${splitNo}`, { splitNo });
    const parts = await em.find(SplitPartEntity, { splitNo }, { orderBy: { partNo: 'asc' } });
    return viewOf(row, parts);
  }

  /** SPL-1: retries the FAILED parts (SPLIT_ILLEGAL_TRANSITION unless the split is FAILED). */
  async retry(splitNo: string, operatorId: string): Promise<SplitView> {
    await this.get(splitNo);
    const { orderNo, round } = await this.ledger.retry(splitNo, operatorId);
    await this.startRound(orderNo, round);
    return this.get(splitNo);
  }

  /** SPL-1: reverses (撤销) a SUCCEEDED split (SPLIT_ILLEGAL_TRANSITION otherwise). */
  async reverse(splitNo: string, operatorId: string): Promise<SplitView> {
    await this.get(splitNo);
    const { orderNo, round } = await this.ledger.reverse(splitNo, operatorId);
    await this.startRound(orderNo, round);
    return this.get(splitNo);
  }

  private scopeOf(): Record<string, unknown> {
    return scopeWhere(this.deps.scope, STATION_LEVEL_COLUMNS);
  }

  private async startRound(orderNo: string, round: number): Promise<void> {
    const input: SplitWorkflowInput = {
      tenantId: this.deps.tenantId,
      orderNo,
      round,
      ...(this.deps.timings ?? DEFAULT_SPLIT_TIMINGS),
    };
    await this.deps.workflows.start<typeof splitWorkflow>('splitWorkflow', {
      workflowId: splitWorkflowId(this.deps.tenantId, orderNo, round),
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      taskQueue: this.deps.taskQueue,
      args: [input],
    });
  }
}

const viewOf = (row: SplitRecordRow, parts: readonly SplitPartRow[]): SplitView => ({
  splitNo: row.splitNo,
  orderNo: row.orderNo,
  paymentNo: row.paymentNo,
  stationId: row.stationId,
  leadMerchantId: row.leadMerchantId,
  amount: fen(row.amountFen),
  leadAmount: fen(row.leadAmountFen),
  status: row.status,
  round: row.round,
  operatorId: row.operatorId ?? null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  parts: parts.filter((p) => p.splitNo === row.splitNo),
});
