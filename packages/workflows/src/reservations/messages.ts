// Messages of reservationWorkflow (RES-1 … RES-4, TAR-12), defined beside it; clients import these.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ReservationView } from './activities.js';

/** Input of reservationWorkflow: a booking already checked and stored by the HTTP side (RES-1). */
export interface ReservationWorkflowInput {
  readonly tenantId: string;
  readonly reservationNo: string;
  readonly stationId: string;
  readonly spaceId: string;
  /** The space number cameras and locks report (spaceNo on the wire). */
  readonly spaceNo: string;
  readonly chargerId: string;
  /** The camera that drives the space's lock (its factory serial). */
  readonly cameraSerial: string;
  readonly plate: string;
  /** Booking instant (epoch ms); the 2 h timeout counts from here (RES-1). */
  readonly reservedAt: number;
  /** How long to wait for the lock's LOCK_STATE after a command, and how many sends (RES-2). */
  readonly lock?: { readonly confirmMs: number; readonly attempts: number };
}

/**
 * What reaches a reservation: camera events on its space (device time), charging on its charger
 * (the charging side's time), the user's cancel and the platform's end.
 */
export type ReservationSignal =
  | {
      readonly kind: 'PLATE_ENTERED' | 'PLATE_LEFT';
      readonly eventId: string;
      readonly at: number;
      readonly plate: string;
      readonly spaceId: string;
    }
  | { readonly kind: 'CHARGING_STARTED' | 'CHARGING_ENDED'; readonly eventId: string; readonly at: number }
  | { readonly kind: 'CANCEL'; readonly eventId: string; readonly userId: string }
  | { readonly kind: 'PLATFORM_END'; readonly eventId: string; readonly operatorId: string };

/** A lock's reported state (LOCK_STATE, §14). */
export interface LockStateSignal {
  readonly eventId: string;
  readonly at: number;
  readonly state: 'OPEN' | 'CLOSED' | 'FAULT';
}

export const reservationEventSignal = defineSignal<[ReservationSignal]>('reservationEvent');
export const reservationLockSignal = defineSignal<[LockStateSignal]>('reservationLockState');
/** The reservation as the workflow holds it now (live occupancy while OCCUPYING). */
export const reservationStateQuery = defineQuery<ReservationView>('reservationState');

/** One workflow per reservation. */
export const reservationWorkflowId = (tenantId: string, reservationNo: string): string =>
  `reservation-${tenantId}-${reservationNo}`;

/** Lock confirmation when the booking sets none: 30 s per send, 3 sends (RES-2). */
export const DEFAULT_LOCK_CONFIRMATION = { confirmMs: 30_000, attempts: 3 };
