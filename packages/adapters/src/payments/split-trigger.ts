import {
  DEFAULT_SPLIT_TIMINGS,
  splitWorkflowId,
  type SettlementRecord,
  type splitWorkflow,
} from '@chargeflow/workflows';
import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import { ChargingOrderEntity } from '../persistence/entities/charging-order.js';
import { StationPaymentConfigEntity } from '../persistence/entities/station-money.js';
import type { TenantDatabases } from '../tenancy/ports.js';
import type { SplitTimings } from './split-service.js';

/** Called after a settlement was stored (ORD-6, ORD-7). */
export type SettlementListener = (record: SettlementRecord) => Promise<void>;

/**
 * SPL-1: after a car order's settlement is stored, starts its `splitWorkflow` when the order was
 * paid through a channel, cost something and its station has splits on. The workflow id is fixed
 * by the order no. (`split-<tenant>-<orderNo>`), so the settlement activity retried, replayed or run
 * twice starts it once (Temporal refuses the duplicate); the workflow itself decides what is split.
 */
export function startSplitAfterSettlement(deps: {
  readonly tenants: Pick<TenantDatabases, 'get'>;
  readonly workflows: Pick<WorkflowClient, 'start'>;
  readonly taskQueue: string;
  readonly timings?: SplitTimings;
}): SettlementListener {
  return async (record) => {
    if (record.settlement.fee <= 0n) return;
    const db = await deps.tenants.get(record.tenantId);
    const em = db.em.fork();
    const order = await em.findOne(ChargingOrderEntity, { orderNo: record.orderNo });
    if (!order || order.kind !== 'CAR' || order.fundingKind !== 'PREPAY') return;
    const config = await em.findOne(StationPaymentConfigEntity, { stationId: order.stationId });
    if (!config?.splitEnabled) return;
    try {
      await deps.workflows.start<typeof splitWorkflow>('splitWorkflow', {
        workflowId: splitWorkflowId(record.tenantId, record.orderNo),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        taskQueue: deps.taskQueue,
        args: [
          {
            tenantId: record.tenantId,
            orderNo: record.orderNo,
            round: 0,
            ...(deps.timings ?? DEFAULT_SPLIT_TIMINGS),
          },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
}
