import type { LifecycleSpec, TransitionTable } from '../lifecycle/table.js';

/** ORD-8: e-bike order states (充电中, 订单结束, 订单挂起, 订单异常); a new order is CHARGING while its start is unconfirmed. */
export const EBIKE_ORDER_STATUSES = ['CHARGING', 'SUSPENDED', 'ENDED', 'ABNORMAL'] as const;
/** An e-bike order state. */
export type EbikeOrderStatus = (typeof EBIKE_ORDER_STATUSES)[number];

/** Kinds of e-bike order events (the car set; there is no STOPPING state, a stop request stays in place). */
export const EBIKE_ORDER_EVENT_KINDS = [
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
/** An e-bike order event kind. */
export type EbikeOrderEventKind = (typeof EBIKE_ORDER_EVENT_KINDS)[number];

const I = 'IGNORE' as const;
const F = 'FORBIDDEN' as const;

/** ORD-5, ORD-8: the complete e-bike table; operator end from CHARGING, SUSPENDED, ABNORMAL. */
export const EBIKE_ORDER_TABLE: TransitionTable<EbikeOrderStatus, EbikeOrderEventKind> = {
  CHARGING: {
    START_ACCEPTED: ['CHARGING'],
    START_REJECTED: ['ABNORMAL', 'CHARGING'],
    START_TIMEOUT: ['ABNORMAL', 'CHARGING'],
    METER_SAMPLE: ['CHARGING'],
    HEARTBEAT: ['CHARGING'],
    HEARTBEAT_TIMEOUT: ['CHARGING', 'SUSPENDED'],
    STOP_REQUESTED: ['CHARGING'],
    STOPPED: ['ENDED'],
    STOP_TIMEOUT: ['ENDED', 'CHARGING'],
    OPERATOR_END: ['ENDED'],
  },
  SUSPENDED: {
    START_ACCEPTED: I,
    START_REJECTED: I,
    START_TIMEOUT: I,
    METER_SAMPLE: ['CHARGING', 'SUSPENDED'],
    HEARTBEAT: ['CHARGING'],
    HEARTBEAT_TIMEOUT: I,
    STOP_REQUESTED: ['SUSPENDED'],
    STOPPED: ['ENDED'],
    STOP_TIMEOUT: ['ENDED', 'SUSPENDED'],
    OPERATOR_END: ['ENDED'],
  },
  ENDED: {
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

/** The e-bike order lifecycle for the generic step, the docs and the tests. */
export const EBIKE_ORDER_LIFECYCLE: LifecycleSpec<EbikeOrderStatus, EbikeOrderEventKind> = {
  name: 'e-bike charging order',
  table: EBIKE_ORDER_TABLE,
  states: EBIKE_ORDER_STATUSES,
  kinds: EBIKE_ORDER_EVENT_KINDS,
  initial: ['CHARGING'],
  final: ['ENDED', 'ABNORMAL'],
  illegalCode: 'ORDER_ILLEGAL_TRANSITION',
};
