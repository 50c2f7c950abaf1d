import type {
  AutoStopLimits,
  CarOrderState,
  CarTariff,
  Card,
  Funding,
  OrderTimeouts,
  OrderTimer,
  StartWay,
  UtcOffsetTable,
} from '@chargeflow/core';
import type { MeterReading } from '@chargeflow/core';

/** Knobs of the workflow itself (not of the order): history size and how long it listens after the end. */
export interface ChargingSessionOptions {
  /** Continue-as-new after this many inputs (device events, updates, timers) in one run; default 2000. */
  readonly continueAsNewAfterEvents?: number;
  /**
   * Continue-as-new after this many signals and updates received in one run, whatever they carried
   * (each is a history event, and Temporal caps an execution at 10,000 signals); default 1000.
   */
  readonly continueAsNewAfterSignals?: number;
  /** After COMPLETED/ABNORMAL, keep listening this long for late device events (a late START_ACCEPTED gets a stop); default 60 s. */
  readonly afterEndListenMs?: number;
}

/**
 * Input of `chargingSessionWorkflow` (one car charging order). The caller resolved the tariff version
 * in force at start (`tariffInForce`) and passes its definition, so the workflow is deterministic and
 * the whole session is priced by that version (TAR-3), even if the tariff is edited meanwhile.
 */
export interface ChargingSessionInput {
  readonly tenantId: string;
  readonly orderNo: string;
  readonly stationId: string;
  readonly chargerSerial: string;
  /** Connector no. as the device speaks it (1…255). */
  readonly connectorNo: number;
  readonly startWay: StartWay;
  /** Prepay (fen, bigint) or card balance (fen, bigint), or PLATFORM. */
  readonly funding: Funding;
  /**
   * The car tariff version in force at start in its exact form: the caller parsed and validated the
   * definition (`parseCarTariff`), so the workflow sandbox holds no schema library.
   */
  readonly tariff: CarTariff;
  /** Station IANA time zone for TOU periods; Asia/Shanghai by default. */
  readonly timeZone?: string;
  /**
   * The station zone's UTC offsets over the session's plausible time (`utcOffsetTable`, computed by
   * the caller), so the sandbox needs no time zone library. Optional for Asia/Shanghai (a constant
   * UTC+08:00, `DEFAULT_UTC_OFFSETS`); required for a TOU tariff in any other zone.
   */
  readonly utcOffsets?: UtcOffsetTable;
  readonly timeouts: OrderTimeouts;
  readonly limits?: AutoStopLimits;
  /** ORD-1 facts the caller loaded (asset flags, prepay paid, the card); the core judges them. */
  readonly preconditions: {
    readonly assets: {
      readonly stationEnabled: boolean;
      readonly areaEnabled: boolean;
      readonly chargerEnabled: boolean;
      readonly connectorEnabled: boolean;
    };
    readonly prepayPaid?: boolean;
    readonly card?: Card;
  };
  readonly options?: ChargingSessionOptions;
}

/** Compact state carried across continue-as-new (everything the next run needs, nothing more). */
export interface ChargingCarryOver {
  readonly order: CarOrderState;
  /** Compacted meter readings (see readings.ts): only those pricing can tell apart. */
  readonly readings: readonly MeterReading[];
  /** Armed timers: deadline (epoch ms, workflow time) per timer. */
  readonly timers: Partial<Record<OrderTimer, number>>;
  readonly updatedAt: number;
  /** Side effects already carried out that must not be repeated (settlement, money). */
  readonly settled: boolean;
  readonly runs: number;
  /** Decision 0019: the watch reading last recorded with the order's progress (absent: none yet). */
  readonly watchWh?: number | null;
  /** Decision 0019: the highest recorded-sample row read so far. */
  readonly syncedSeq?: number;
}

/** Workflow id of a car charging order: one workflow per tenant and order no., so a repeated start is idempotent. */
export function chargingWorkflowId(tenantId: string, orderNo: string): string {
  return `charging-${tenantId}-${orderNo}`;
}

/** The refund no. of an order's prepay return: derived from the order no., so a retried refund is the same refund. */
export function prepayReturnNo(orderNo: string): string {
  return `${orderNo}-PR`;
}

/** The ledger entry no. of an order's card debit: derived from the order no., so a retried debit is one debit. */
export function cardDebitEntryNo(orderNo: string): string {
  return `${orderNo}-CD`;
}

/** Command id of a start/stop command for an order (the device and the command bus de-duplicate by it). */
export function commandId(orderNo: string, kind: 'START' | 'STOP', reason?: string): string {
  return reason === undefined ? `${orderNo}:${kind}` : `${orderNo}:${kind}:${reason}`;
}
