import type { Bill, TariffRef } from '../billing/bill.js';
import type { Fen } from '../money/fen.js';

/** ORD-1: how an order was started. */
export type StartWay = 'APP' | 'CARD' | 'PLATFORM';

/** What pays for an order and caps its fee (ORD-6). */
export type Funding =
  | { readonly kind: 'PREPAY'; readonly paymentNo: string; readonly prepay: Fen }
  | { readonly kind: 'CARD'; readonly cardId: string; readonly balance: Fen }
  | { readonly kind: 'PLATFORM' };

/** A cumulative session reading (meter sample): `at` is the device timestamp (epoch ms), energy in Wh, duration in s. */
export interface SessionReading {
  readonly at: number;
  readonly energyWh: number;
  readonly durationS?: number;
  readonly powerW?: number;
  readonly soc?: number;
}

/** Why a session ended (stored on the settlement, shown as 结束描述). */
export type EndReason =
  | 'USER'
  | 'OPERATOR'
  | 'PREPAY_EXHAUSTED'
  | 'AUTO_STOP'
  | 'TARGET_REACHED'
  | 'DEVICE'
  | 'OPERATOR_END'
  | 'STOP_TIMEOUT'
  | 'START_REJECTED'
  | 'START_TIMEOUT';

/** Reasons a stop can be requested (ORD-4). */
export type StopReason = 'USER' | 'OPERATOR' | 'PREPAY_EXHAUSTED' | 'AUTO_STOP' | 'TARGET_REACHED';

/** The settled money of an order: written exactly once, never changed after (ORD-6, ORD-7). */
export interface Settlement {
  readonly fee: Fen;
  readonly uncappedFee: Fen;
  readonly prepayReturned: Fen;
  readonly cardDebited: Fen;
  readonly endReason: EndReason;
  readonly endedAt: number;
  readonly tariff?: TariffRef;
  readonly finalMeter?: SessionReading;
}

/** Which device and order a command goes to. */
export interface DeviceTarget {
  readonly orderNo: string;
  readonly chargerSerial: string;
  readonly connectorNo: string;
}

/** Timers an order asks its workflow to run; the firing comes back as a *_TIMEOUT event. */
export type OrderTimer = 'START' | 'HEARTBEAT' | 'STOP';

/** Effects of order transitions: plain data a workflow carries out through activities. */
export type OrderEffect =
  | ({ readonly type: 'SEND_START_COMMAND' } & DeviceTarget)
  | ({ readonly type: 'SEND_STOP_COMMAND'; readonly reason: EndReason } & DeviceTarget)
  | {
      readonly type: 'SCHEDULE_TIMEOUT';
      readonly orderNo: string;
      readonly timer: OrderTimer;
      readonly at: number;
    }
  | {
      readonly type: 'RETURN_PREPAY';
      readonly orderNo: string;
      readonly paymentNo: string;
      readonly amount: Fen;
    }
  | { readonly type: 'DEBIT_CARD'; readonly orderNo: string; readonly cardId: string; readonly amount: Fen }
  | { readonly type: 'ORDER_SETTLED'; readonly orderNo: string; readonly settlement: Settlement };

/** Prices a session from its readings; the workflow passes the tariff engine (closing over its samples). */
export type SessionPricer = (session: {
  readonly start?: SessionReading;
  readonly end: SessionReading;
  readonly funding: Funding;
}) => Bill;

/** Timeouts of a session in milliseconds. */
export interface OrderTimeouts {
  readonly startMs: number;
  readonly heartbeatMs: number;
  readonly stopMs: number;
}

/** Limits that make the core request a stop by itself on a meter sample (ORD-4). */
export interface AutoStopLimits {
  /** Stop when delivered energy (end − start) reaches this many Wh. */
  readonly targetEnergyWh?: number;
  /** Stop when the reported state of charge reaches this percentage. */
  readonly targetSoc?: number;
  /** Stop when the delivered duration reaches this many seconds (e-bike "charge for 2 h"). */
  readonly targetDurationS?: number;
}
