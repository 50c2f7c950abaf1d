// Ports of the charging session workflow and the activities built on them. Adapters implement the
// ports (Kafka command bus, MikroORM order store, payment channel, card ledger); the workflow
// imports these activities with `import type` only.
import type {
  Bill,
  CarOrderStatus,
  DeviceCommand,
  EbikeOrderStatus,
  Fen,
  SessionReading,
  Settlement,
} from '@chargeflow/core';

/** Workflow → device (SPEC §14): publishes a command; idempotent by `command.commandId`. */
export interface DeviceCommands {
  sendCommand(command: DeviceCommand): Promise<void>;
}

/** A status change of an order (car or e-bike), for the order list/detail (ORD-9); an upsert by (tenantId, orderNo). */
export interface OrderProgress {
  readonly tenantId: string;
  readonly orderNo: string;
  readonly status: CarOrderStatus | EbikeOrderStatus;
  readonly at: number;
  readonly startedAt?: number;
  /** The meter the session started from, as core accepted it (absent until the device reported one). */
  readonly startMeter?: SessionReading;
  readonly lastMeter?: SessionReading;
  /**
   * Decision 0019 (car sessions): the meter reading (Wh) from which a sample could reach an auto-stop
   * limit; the ingestion signals every sample at or past it. `null`: no limit to watch.
   */
  readonly watchWh?: number | null;
}

/** The settlement to persist: written once per order (ORD-6, ORD-7). */
export interface SettlementRecord {
  readonly tenantId: string;
  readonly orderNo: string;
  readonly settlement: Settlement;
  /** The bill that priced it; absent when the order cost nothing without a reading (ABNORMAL). */
  readonly bill?: Bill;
}

/** The order repository as the workflow sees it (the workflow is the single writer of its order). */
export interface OrderStore {
  /** Idempotent upsert of the order's status; an older `at` must not overwrite a newer one. */
  recordProgress(progress: OrderProgress): Promise<void>;
  /** Idempotent by orderNo: a second call with the same order is a no-op (never a second settlement). */
  recordSettlement(record: SettlementRecord): Promise<void>;
}

/** A PREPAY_RETURN refund of an order's prepay (ORD-6). */
export interface PrepayReturnRequest {
  readonly tenantId: string;
  /** Deterministic from the order no. (`prepayReturnNo`): the idempotency key. */
  readonly refundNo: string;
  readonly type: 'PREPAY_RETURN';
  readonly orderNo: string;
  /** The prepay payment being partly or fully returned. */
  readonly paymentNo: string;
  readonly amount: Fen;
}

/** The payment channel's refund side; idempotent by refundNo (a repeat returns the first result). */
export interface PaymentChannel {
  refund(request: PrepayReturnRequest): Promise<{ readonly refundNo: string; readonly status: string }>;
}

/** A card debit naming the order (ORD-6). */
export interface CardDebitRequest {
  readonly tenantId: string;
  /** Deterministic from the order no. (`cardDebitEntryNo`): the idempotency key. */
  readonly entryNo: string;
  readonly cardId: string;
  readonly orderNo: string;
  readonly amount: Fen;
}

/** The card ledger; idempotent by entryNo. */
export interface CardLedger {
  debit(request: CardDebitRequest): Promise<void>;
}

/** One meter sample the ingestion recorded for an order (decision 0019). */
export interface RecordedSample {
  /** Insertion order of the row. */
  readonly seq: number;
  readonly eventId: string;
  /** Device time of the reading, epoch ms. */
  readonly occurredAt: number;
  readonly meterWh: number;
  readonly powerW: number;
  readonly soc?: number;
  /** Platform time it was recorded, epoch ms (a sign of life, ORD-3). */
  readonly recordedAt: number;
}

/** A page of an order's recorded samples: those after `afterSeq`, in `seq` order, at most `limit`. */
export interface RecordedSamplesQuery {
  readonly tenantId: string;
  readonly orderNo: string;
  readonly afterSeq: number;
  readonly limit: number;
}

/** The samples the ingestion recorded (decision 0019); read by the session before it settles. */
export interface RecordedSampleStore {
  recordedSamples(query: RecordedSamplesQuery): Promise<readonly RecordedSample[]>;
}

/** Everything the charging activities need; the composition root in apps/ builds the real ones. */
export interface ChargingPorts {
  readonly commands: DeviceCommands;
  readonly orders: OrderStore;
  readonly payments: PaymentChannel;
  readonly cards: CardLedger;
  /** Recorded meter samples (decision 0019); absent: none are recorded, every sample is signalled. */
  readonly samples?: RecordedSampleStore;
}

/** Activities of `chargingSessionWorkflow`. Every one is safe to retry (idempotency keys above). */
export interface ChargingActivities {
  sendDeviceCommand(command: DeviceCommand): Promise<void>;
  recordOrderProgress(progress: OrderProgress): Promise<void>;
  recordSettlement(record: SettlementRecord): Promise<void>;
  returnPrepay(request: PrepayReturnRequest): Promise<{ readonly refundNo: string; readonly status: string }>;
  debitCard(request: CardDebitRequest): Promise<void>;
  /** A page of the order's recorded samples (none without a sample store). */
  recordedSamples(query: RecordedSamplesQuery): Promise<readonly RecordedSample[]>;
}

/** Builds the charging activities over the given ports (register them on the worker). */
export function createChargingActivities(ports: ChargingPorts): ChargingActivities {
  return {
    sendDeviceCommand: (command) => ports.commands.sendCommand(command),
    recordOrderProgress: (progress) => ports.orders.recordProgress(progress),
    recordSettlement: (record) => ports.orders.recordSettlement(record),
    returnPrepay: (request) => ports.payments.refund(request),
    debitCard: (request) => ports.cards.debit(request),
    recordedSamples: async (query) =>
      ports.samples === undefined ? [] : ports.samples.recordedSamples(query),
  };
}
