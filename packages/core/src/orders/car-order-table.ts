import type { LifecycleSpec, TransitionTable } from '../lifecycle/table.js';

/** ORD-1…ORD-7: car charging order states (启动中, 充电中, 结束中, 订单完成, 订单异常, 订单挂起). */
export const CAR_ORDER_STATUSES = [
  'STARTING',
  'CHARGING',
  'STOPPING',
  'SUSPENDED',
  'COMPLETED',
  'ABNORMAL',
] as const;
/** A car charging order state. */
export type CarOrderStatus = (typeof CAR_ORDER_STATUSES)[number];

/** Kinds of events a car charging order reacts to (device events, timers, commands). */
export const CAR_ORDER_EVENT_KINDS = [
  'START_ACCEPTED',
  'START_REJECTED',
  'START_TIMEOUT',
  'METER_SAMPLE',
  'HEARTBEAT',
  'HEARTBEAT_TIMEOUT',
  'STOP_REQUESTED',
  'STOPPED',
  'STOP_TIMEOUT',
  'OPERATOR_END',
] as const;
/** A car charging order event kind. */
export type CarOrderEventKind = (typeof CAR_ORDER_EVENT_KINDS)[number];

const I = 'IGNORE' as const;
const F = 'FORBIDDEN' as const;

/**
 * The complete car order table. Late or stale device events and timers are IGNORE (ORD-7: they
 * never move an order backwards); commands in a state that cannot take them are FORBIDDEN.
 */
export const CAR_ORDER_TABLE: TransitionTable<CarOrderStatus, CarOrderEventKind> = {
  STARTING: {
    START_ACCEPTED: ['CHARGING'],
    START_REJECTED: ['ABNORMAL'],
    START_TIMEOUT: ['ABNORMAL'],
    METER_SAMPLE: ['STARTING'],
    HEARTBEAT: I,
    HEARTBEAT_TIMEOUT: I,
    STOP_REQUESTED: F,
    STOPPED: I,
    STOP_TIMEOUT: I,
    OPERATOR_END: ['COMPLETED'],
  },
  CHARGING: {
    START_ACCEPTED: I,
    START_REJECTED: I,
    START_TIMEOUT: I,
    METER_SAMPLE: ['CHARGING', 'STOPPING'],
    HEARTBEAT: ['CHARGING'],
    HEARTBEAT_TIMEOUT: ['CHARGING', 'SUSPENDED'],
    STOP_REQUESTED: ['STOPPING'],
    STOPPED: ['COMPLETED'],
    STOP_TIMEOUT: I,
    OPERATOR_END: ['COMPLETED'],
  },
  SUSPENDED: {
    START_ACCEPTED: I,
    START_REJECTED: I,
    START_TIMEOUT: I,
    METER_SAMPLE: ['CHARGING', 'STOPPING', 'SUSPENDED'],
    HEARTBEAT: ['CHARGING'],
    HEARTBEAT_TIMEOUT: I,
    STOP_REQUESTED: ['STOPPING'],
    STOPPED: ['COMPLETED'],
    STOP_TIMEOUT: I,
    OPERATOR_END: ['COMPLETED'],
  },
  STOPPING: {
    START_ACCEPTED: I,
    START_REJECTED: I,
    START_TIMEOUT: I,
    METER_SAMPLE: ['STOPPING'],
    HEARTBEAT: I,
    HEARTBEAT_TIMEOUT: I,
    STOP_REQUESTED: I,
    STOPPED: ['COMPLETED'],
    STOP_TIMEOUT: ['COMPLETED'],
    OPERATOR_END: ['COMPLETED'],
  },
  COMPLETED: {
    START_ACCEPTED: I,
    START_REJECTED: I,
    START_TIMEOUT: I,
    METER_SAMPLE: I,
    HEARTBEAT: I,
    HEARTBEAT_TIMEOUT: I,
    STOP_REQUESTED: F,
    STOPPED: I,
    STOP_TIMEOUT: I,
    OPERATOR_END: F,
  },
  ABNORMAL: {
    START_ACCEPTED: ['ABNORMAL'],
    START_REJECTED: I,
    START_TIMEOUT: I,
    METER_SAMPLE: I,
    HEARTBEAT: I,
    HEARTBEAT_TIMEOUT: I,
    STOP_REQUESTED: F,
    STOPPED: I,
    STOP_TIMEOUT: I,
    OPERATOR_END: ['ABNORMAL'],
  },
};

/** The car order lifecycle for the generic step, the docs and the table-driven tests. */
export const CAR_ORDER_LIFECYCLE: LifecycleSpec<CarOrderStatus, CarOrderEventKind> = {
  name: 'car charging order',
  table: CAR_ORDER_TABLE,
  states: CAR_ORDER_STATUSES,
  kinds: CAR_ORDER_EVENT_KINDS,
  initial: ['STARTING'],
  final: ['COMPLETED', 'ABNORMAL'],
  illegalCode: 'ORDER_ILLEGAL_TRANSITION',
};
