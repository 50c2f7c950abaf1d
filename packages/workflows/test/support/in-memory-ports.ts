// In-memory implementations of the charging ports, for tests only (adapters implement the real ones).
import type { DeviceCommand } from '@chargeflow/core';
import type {
  CardDebitRequest,
  ChargingPorts,
  OrderProgress,
  PrepayReturnRequest,
  SettlementRecord,
} from '../../src/charging/activities.js';

/** Ports that remember what they were asked, idempotent by the same keys the real adapters use. */
export class InMemoryChargingPorts {
  /** Every command call (repeats included). */
  public readonly commandCalls: DeviceCommand[] = [];
  public readonly progress: OrderProgress[] = [];
  /** Settlements by order no.; a second write of the same order is a no-op. */
  public readonly settlements = new Map<string, SettlementRecord>();
  public settlementCalls = 0;
  public readonly refunds = new Map<string, PrepayReturnRequest>();
  public refundCalls = 0;
  public readonly debits = new Map<string, CardDebitRequest>();
  /** Fail this many settlement calls AFTER writing (a lost reply): the retry must not settle twice. */
  public failSettlementRepliesLeft = 0;

  /** The ports to hand to createChargingActivities. */
  public get ports(): ChargingPorts {
    return {
      commands: {
        sendCommand: async (command) => {
          this.commandCalls.push(command);
        },
      },
      orders: {
        recordProgress: async (progress) => {
          this.progress.push(progress);
        },
        recordSettlement: async (record) => {
          this.settlementCalls += 1;
          if (!this.settlements.has(record.orderNo)) this.settlements.set(record.orderNo, record);
          if (this.failSettlementRepliesLeft > 0) {
            this.failSettlementRepliesLeft -= 1;
            throw new Error('settlement stored but the reply was lost');
          }
        },
      },
      payments: {
        refund: async (request) => {
          this.refundCalls += 1;
          if (!this.refunds.has(request.refundNo)) this.refunds.set(request.refundNo, request);
          return { refundNo: request.refundNo, status: 'SUCCEEDED' };
        },
      },
      cards: {
        debit: async (request) => {
          if (!this.debits.has(request.entryNo)) this.debits.set(request.entryNo, request);
        },
      },
    };
  }
}
