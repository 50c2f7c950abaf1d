// Ports of reservationWorkflow (RES-1 … RES-4, TAR-12) and its activities; adapters implement them
// over the tenant's database and the device command bus. Imported into the workflow with `import type`.
import type { BillLine, ReservationStatus, WhitelistEntry } from '@chargeflow/core';

/** Which reservation of which tenant. */
export interface ReservationRef {
  readonly tenantId: string;
  readonly reservationNo: string;
}

/** The reservation's state as the workflow publishes it (row and query). */
export interface ReservationView {
  readonly reservationNo: string;
  readonly status: ReservationStatus;
  readonly plate: string;
  readonly reservedAt: number;
  readonly enteredAt: number | null;
  readonly endedAt: number | null;
  readonly whitelisted: boolean;
  readonly chargedMs: number;
  /** RES-3: final once ended; while OCCUPYING, up to now. */
  readonly occupancyMs: number | null;
  /** RES-4: why a recognised plate did not open the lock (FUEL_PLATE, UNREADABLE_PLATE). */
  readonly lockRefused: string | null;
  /** RES-2: OPEN_LOCK_UNCONFIRMED / CLOSE_LOCK_UNCONFIRMED when the lock never confirmed. */
  readonly lockFault: string | null;
  readonly occupancyFee: OccupancyFee | null;
}

/** TAR-12: the occupancy fee of a stay: its bill line and amount (decimal CNY). */
export interface OccupancyFee {
  readonly amount: string;
  readonly line: BillLine;
}

/** TAR-12: the charger's occupancy flag and the station's rule in force (unit price as decimal text). */
export interface OccupancyTerms {
  readonly chargesOccupancy: boolean;
  readonly rule: {
    readonly graceMinutes: number;
    readonly unitMinutes: number;
    readonly unitPrice: string;
  } | null;
}

/** A lock command through the device command bus (§14 OPEN_LOCK / CLOSE_LOCK to the space's camera). */
export interface LockCommand {
  readonly tenantId: string;
  readonly commandId: string;
  readonly serialNo: string;
  readonly spaceNo: string;
  readonly type: 'OPEN_LOCK' | 'CLOSE_LOCK';
}

/** What reservationWorkflow needs from the platform. */
export interface ReservationDesk {
  /** RES-4: the station's enabled whitelist entries. */
  whitelist(ref: { readonly tenantId: string; readonly stationId: string }): Promise<WhitelistEntry[]>;
  sendLock(command: LockCommand): Promise<void>;
  /** Stores the reservation's state (never moves a final row back). */
  record(ref: ReservationRef, view: ReservationView): Promise<void>;
  /** TAR-12 terms of the space's charger at `at`. */
  occupancyTerms(input: {
    readonly tenantId: string;
    readonly stationId: string;
    readonly chargerId: string;
    readonly at: number;
  }): Promise<OccupancyTerms>;
}

/** Activities of `reservationWorkflow`. */
export interface ReservationActivities {
  reservationWhitelist(ref: {
    readonly tenantId: string;
    readonly stationId: string;
  }): Promise<WhitelistEntry[]>;
  sendReservationLock(command: LockCommand): Promise<void>;
  recordReservation(input: { readonly ref: ReservationRef; readonly view: ReservationView }): Promise<void>;
  reservationOccupancyTerms(input: {
    readonly tenantId: string;
    readonly stationId: string;
    readonly chargerId: string;
    readonly at: number;
  }): Promise<OccupancyTerms>;
}

/** Builds the reservation activities over the desk (register them on the worker). */
export function createReservationActivities(desk: ReservationDesk): ReservationActivities {
  return {
    reservationWhitelist: (ref) => desk.whitelist(ref),
    sendReservationLock: (command) => desk.sendLock(command),
    recordReservation: ({ ref, view }) => desk.record(ref, view),
    reservationOccupancyTerms: (input) => desk.occupancyTerms(input),
  };
}
