// Messages of ebikeSessionWorkflow. The device-event signals are the car session's (`deviceEvent`,
// `deviceEvents`), so the Kafka ingestion signals either kind of session the same way.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Bill, EbikeOrderStatus, Fen, SessionReading, Settlement, StopReason } from '@chargeflow/core';
import type { StopRequest } from '../charging/messages.js';

export { deviceEventSignal, deviceEventsSignal, type StopRequest } from '../charging/messages.js';

/** What an e-bike session looks like right now (query `liveStatus`). Fen fields are bigint. */
export interface EbikeLiveStatus {
  readonly orderNo: string;
  readonly status: EbikeOrderStatus;
  readonly socketNo: number;
  /** Charged so far: last reported duration, s. */
  readonly durationS: number;
  /** Energy so far: last − start, Wh. */
  readonly energyWh: number;
  /** Highest power reported, W (the band, TAR-7/10). */
  readonly maxPowerW: number;
  /** The fee so far by the session's tariff version, capped at the funding and the auto-stop amount. */
  readonly feeEstimate: Fen;
  readonly lastMeter?: SessionReading;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly updatedAt: number;
  readonly stopReason?: StopReason;
  readonly abnormalReason?: string;
  readonly settlement?: Settlement;
  readonly runs: number;
}

/** What a finished e-bike session returns. */
export interface EbikeSessionResult {
  readonly orderNo: string;
  readonly status: EbikeOrderStatus;
  readonly settlement?: Settlement;
  readonly bill?: Bill;
}

/** An operator's "end" of an e-bike order (ORD-5): with the last reported duration, or the one entered (s). */
export interface EbikeOperatorEndRequest {
  readonly operatorId: string;
  /** Whole seconds, 0 … the time the session has run (EBIKE_END_DURATION_INVALID otherwise). */
  readonly durationS?: number;
  readonly requestId?: string;
}

/** Update `requestStop`: asks the box to stop the socket; rejected (ORDER_ILLEGAL_TRANSITION) when ENDED/ABNORMAL. */
export const ebikeRequestStopUpdate = defineUpdate<EbikeLiveStatus, [StopRequest]>('requestStop');

/** Update `operatorEnd`: ends and settles from CHARGING, SUSPENDED, ABNORMAL (ORD-5). */
export const ebikeOperatorEndUpdate = defineUpdate<EbikeLiveStatus, [EbikeOperatorEndRequest]>('operatorEnd');

/** Query `liveStatus`. */
export const ebikeLiveStatusQuery = defineQuery<EbikeLiveStatus>('liveStatus');
