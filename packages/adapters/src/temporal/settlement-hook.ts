import type { ChargingPorts } from '@chargeflow/workflows';
import type { SettlementListener } from '../payments/split-trigger.js';

/**
 * The charging ports with `after` run once the settlement is stored (SPL-1: the split starts after
 * settlement). It runs inside the settlement activity, so a failure retries the activity, whose
 * write is idempotent by order no.; the listener must be idempotent too (a fixed workflow id).
 */
export function withAfterSettlement(
  ports: ChargingPorts,
  after: SettlementListener | undefined,
): ChargingPorts {
  if (after === undefined) return ports;
  return {
    ...ports,
    orders: {
      recordProgress: (progress) => ports.orders.recordProgress(progress),
      recordSettlement: async (record) => {
        await ports.orders.recordSettlement(record);
        await after(record);
      },
    },
  };
}
