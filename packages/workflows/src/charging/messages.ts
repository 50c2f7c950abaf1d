// Messages of chargingSessionWorkflow, defined beside it; clients import these definitions.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Bill,
  CarOrderStatus,
  DeviceEvent,
  Fen,
  SessionReading,
  Settlement,
  StopReason,
} from '@chargeflow/core';

/** What a session looks like right now (query `liveStatus`). Fen fields are bigint (see the payload converter). */
export interface LiveStatus {
  readonly orderNo: string;
  readonly status: CarOrderStatus;
  /** Energy delivered so far: last meter − start meter, Wh. */
  readonly energyWh: number;
  /** The fee of the readings so far, priced by the session's tariff version and capped at the funding. */
  readonly feeEstimate: Fen;
  readonly lastMeter?: SessionReading;
  readonly createdAt: number;
  readonly startedAt?: number;
  /** Workflow time of the last change. */
  readonly updatedAt: number;
  readonly stopReason?: StopReason;
  readonly abnormalReason?: string;
  readonly settlement?: Settlement;
  /** How many runs (continue-as-new) the session has taken so far, starting at 1. */
  readonly runs: number;
}

/** What a finished session returns. */
export interface ChargingSessionResult {
  readonly orderNo: string;
  readonly status: CarOrderStatus;
  readonly settlement?: Settlement;
  readonly bill?: Bill;
}

/** A user's or operator's stop (ORD-4). `requestId` makes a retried request a no-op. */
export interface StopRequest {
  readonly by: 'USER' | 'OPERATOR';
  /** Defaults to `by`. */
  readonly reason?: StopReason;
  readonly requestId?: string;
}

/** An operator's "end" (ORD-5): settles with the last reported meter. */
export interface OperatorEndRequest {
  readonly operatorId: string;
  readonly requestId?: string;
}

/** Signal `deviceEvent`: one validated SPEC §14 device event for this order. */
export const deviceEventSignal = defineSignal<[DeviceEvent]>('deviceEvent');

/**
 * Signal `deviceEvents`: validated SPEC §14 device events for this order, in the order the charger's
 * partition delivered them (the Kafka ingestion sends one per workflow per consumed batch); applied
 * one by one exactly as `deviceEvent` would apply them (ORD-7 de-duplication unchanged).
 */
export const deviceEventsSignal = defineSignal<[readonly DeviceEvent[]]>('deviceEvents');

/** Update `requestStop`: CHARGING/SUSPENDED → STOPPING; rejected (ORDER_ILLEGAL_TRANSITION) when the order cannot stop. */
export const requestStopUpdate = defineUpdate<LiveStatus, [StopRequest]>('requestStop');

/** Update `operatorEnd`: ends and settles the order from any non-final state (ORD-5). */
export const operatorEndUpdate = defineUpdate<LiveStatus, [OperatorEndRequest]>('operatorEnd');

/** Query `liveStatus`: status, energy, live fee estimate, last meter, times. */
export const liveStatusQuery = defineQuery<LiveStatus>('liveStatus');
