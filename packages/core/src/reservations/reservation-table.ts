import type { LifecycleSpec, TransitionTable } from '../lifecycle/table.js';

/** RES-1: reservation states (预约中, 占位中, 预约完成, 预约取消, 预约超时). */
export const RESERVATION_STATUSES = ['RESERVED', 'OCCUPYING', 'COMPLETED', 'CANCELLED', 'TIMED_OUT'] as const;
/** A reservation state. */
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** Kinds of reservation events: camera, linked charging order, timer, user and platform. */
export const RESERVATION_EVENT_KINDS = [
  'PLATE_ENTERED',
  'PLATE_LEFT',
  'CHARGING_STARTED',
  'CHARGING_ENDED',
  'TIMEOUT',
  'CANCEL',
  'PLATFORM_END',
] as const;
/** A reservation event kind. */
export type ReservationEventKind = (typeof RESERVATION_EVENT_KINDS)[number];

const I = 'IGNORE' as const;
const F = 'FORBIDDEN' as const;
const ENDED = {
  PLATE_ENTERED: I,
  PLATE_LEFT: I,
  CHARGING_STARTED: I,
  CHARGING_ENDED: I,
  TIMEOUT: I,
  CANCEL: F,
  PLATFORM_END: F,
} as const;

/** RES-1, RES-2: the complete reservation table; another plate in the space leaves the state as it is. */
export const RESERVATION_TABLE: TransitionTable<ReservationStatus, ReservationEventKind> = {
  RESERVED: {
    PLATE_ENTERED: ['OCCUPYING', 'RESERVED'],
    PLATE_LEFT: I,
    CHARGING_STARTED: I,
    CHARGING_ENDED: I,
    TIMEOUT: ['TIMED_OUT', 'RESERVED'],
    CANCEL: ['CANCELLED'],
    PLATFORM_END: ['COMPLETED'],
  },
  OCCUPYING: {
    PLATE_ENTERED: I,
    PLATE_LEFT: ['COMPLETED', 'OCCUPYING'],
    CHARGING_STARTED: ['OCCUPYING'],
    CHARGING_ENDED: ['OCCUPYING'],
    TIMEOUT: I,
    CANCEL: F,
    PLATFORM_END: ['COMPLETED'],
  },
  COMPLETED: ENDED,
  CANCELLED: ENDED,
  TIMED_OUT: ENDED,
};

/** The reservation lifecycle for the generic step, the docs and the tests. */
export const RESERVATION_LIFECYCLE: LifecycleSpec<ReservationStatus, ReservationEventKind> = {
  name: 'reservation',
  table: RESERVATION_TABLE,
  states: RESERVATION_STATUSES,
  kinds: RESERVATION_EVENT_KINDS,
  initial: ['RESERVED'],
  final: ['COMPLETED', 'CANCELLED', 'TIMED_OUT'],
  illegalCode: 'RESERVATION_ILLEGAL_TRANSITION',
};
