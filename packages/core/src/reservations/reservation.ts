import { runTransition, type Transition } from '../lifecycle/table.js';
import { remember, wasSeen } from '../orders/dedupe.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { classifyPlate, type WhitelistEntry } from './plate.js';
import { RESERVATION_LIFECYCLE, type ReservationStatus } from './reservation-table.js';

/** RES-1: a reservation left RESERVED this long after booking times out (2 h). */
export const RESERVATION_TIMEOUT_MS = 2 * 60 * 60 * 1000;

/** A reservation (预约订单) as workflow state: plain data. */
export interface ReservationState {
  readonly reservationNo: string;
  readonly status: ReservationStatus;
  readonly stationId: string;
  readonly spaceId: string;
  readonly chargerId: string;
  readonly plate: string;
  readonly reservedAt: number;
  readonly enteredAt?: number;
  readonly endedAt?: number;
  /** RES-3: whitelisted plates accrue no occupancy (decided when the car enters). */
  readonly whitelisted: boolean;
  readonly chargingSince?: number;
  readonly chargedMs: number;
  readonly occupancyMs?: number;
  readonly seenEventIds: readonly string[];
}

/** Events of a reservation; every one carries an id and the platform time. */
export type ReservationEvent = { readonly eventId: string; readonly at: number } & (
  | {
      readonly kind: 'PLATE_ENTERED';
      readonly plate: string;
      readonly spaceId: string;
      readonly whitelist: readonly WhitelistEntry[];
    }
  | { readonly kind: 'PLATE_LEFT'; readonly plate: string; readonly spaceId: string }
  | { readonly kind: 'CHARGING_STARTED' | 'CHARGING_ENDED' | 'TIMEOUT' }
  | { readonly kind: 'CANCEL'; readonly userId: string }
  | { readonly kind: 'PLATFORM_END'; readonly operatorId: string }
);

/** Effects of a reservation: lock commands, the timeout timer, and the final occupancy. */
export type ReservationEffect =
  | { readonly type: 'OPEN_LOCK' | 'CLOSE_LOCK'; readonly spaceId: string; readonly reservationNo: string }
  | { readonly type: 'SCHEDULE_TIMEOUT'; readonly reservationNo: string; readonly at: number }
  | {
      readonly type: 'RESERVATION_ENDED';
      readonly reservationNo: string;
      readonly status: ReservationStatus;
      readonly occupancyMs: number;
    };

/** What booking needs (RES-1). */
export interface CreateReservationInput {
  readonly reservationNo: string;
  readonly stationId: string;
  readonly plate: string;
  readonly ownerVerified: boolean;
  readonly space: { readonly spaceId: string; readonly enabled: boolean };
  readonly charger: { readonly chargerId: string; readonly reservable: boolean };
  readonly at: number;
}

type Step = Result<Transition<ReservationState, ReservationEffect>>;

/** RES-1: only verified owners, on enabled spaces of chargers with the reservation flag; arms the 2 h timeout. */
export function createReservation(input: CreateReservationInput): Step {
  const fail = (code: string, message: string) =>
    err(new DomainError(code, message, { reservationNo: input.reservationNo }));
  if (!input.ownerVerified)
    return fail('RESERVATION_OWNER_NOT_VERIFIED', 'only verified vehicle owners may reserve');
  if (!input.space.enabled) return fail('RESERVATION_SPACE_DISABLED', 'the parking space is disabled');
  if (!input.charger.reservable)
    return fail('RESERVATION_CHARGER_NOT_RESERVABLE', 'the charger does not take reservations');
  if (classifyPlate(input.plate) === undefined)
    return fail('PLATE_INVALID', `"${input.plate}" is not a plate`);
  const state: ReservationState = {
    reservationNo: input.reservationNo,
    status: 'RESERVED',
    stationId: input.stationId,
    spaceId: input.space.spaceId,
    chargerId: input.charger.chargerId,
    plate: input.plate.trim().toUpperCase(),
    reservedAt: input.at,
    whitelisted: false,
    chargedMs: 0,
    seenEventIds: [],
  };
  return ok({
    state,
    effects: [
      { type: 'SCHEDULE_TIMEOUT', reservationNo: input.reservationNo, at: input.at + RESERVATION_TIMEOUT_MS },
    ],
  });
}

/** RES-3: time in the space minus time charging inside it; zero for whitelisted plates. */
export function occupancyAt(s: ReservationState, at: number): number {
  if (s.enteredAt === undefined || s.whitelisted) return 0;
  const charging = s.chargedMs + (s.chargingSince === undefined ? 0 : Math.max(0, at - s.chargingSince));
  return Math.max(0, at - s.enteredAt - charging);
}

/** RES-1…RES-3: one step of a reservation; repeated event ids are no-ops. */
export function transitionReservation(state: ReservationState, event: ReservationEvent): Step {
  if (wasSeen(state.seenEventIds, event.eventId)) return ok({ state, effects: [] });
  const result = runTransition(RESERVATION_LIFECYCLE, state, event, apply);
  if (!result.ok || (result.value.state === state && result.value.effects.length === 0)) return result;
  return ok({
    ...result.value,
    state: { ...result.value.state, seenEventIds: remember(state.seenEventIds, event.eventId) },
  });
}

function apply(s: ReservationState, e: ReservationEvent): Step {
  const lock = (type: 'OPEN_LOCK' | 'CLOSE_LOCK'): ReservationEffect => ({
    type,
    spaceId: s.spaceId,
    reservationNo: s.reservationNo,
  });
  const samePlate = (plate: string, spaceId: string) =>
    plate.trim().toUpperCase() === s.plate && spaceId === s.spaceId;
  switch (e.kind) {
    case 'PLATE_ENTERED': {
      if (!samePlate(e.plate, e.spaceId)) return ok({ state: s, effects: [] });
      const whitelisted = e.whitelist.some(
        (w) => w.plate.trim().toUpperCase() === s.plate && w.stationId === s.stationId && w.enabled,
      );
      return ok({
        state: { ...s, status: 'OCCUPYING', enteredAt: e.at, whitelisted },
        effects: [lock('OPEN_LOCK')],
      });
    }
    case 'PLATE_LEFT':
      if (!samePlate(e.plate, e.spaceId)) return ok({ state: s, effects: [] });
      return end(s, 'COMPLETED', e.at, [lock('CLOSE_LOCK')]);
    case 'CHARGING_STARTED':
      if (s.chargingSince !== undefined) return ok({ state: s, effects: [] });
      return ok({ state: { ...s, chargingSince: Math.max(e.at, s.enteredAt ?? e.at) }, effects: [] });
    case 'CHARGING_ENDED': {
      if (s.chargingSince === undefined) return ok({ state: s, effects: [] });
      const { chargingSince, ...rest } = s;
      return ok({
        state: { ...rest, chargedMs: s.chargedMs + Math.max(0, e.at - chargingSince) },
        effects: [],
      });
    }
    case 'TIMEOUT':
      if (e.at - s.reservedAt < RESERVATION_TIMEOUT_MS) return ok({ state: s, effects: [] });
      return end(s, 'TIMED_OUT', e.at, []);
    case 'CANCEL':
      return end(s, 'CANCELLED', e.at, []);
    case 'PLATFORM_END':
      return end(s, 'COMPLETED', e.at, []);
  }
}

function end(
  s: ReservationState,
  status: ReservationStatus,
  at: number,
  before: readonly ReservationEffect[],
): Step {
  const occupancyMs = occupancyAt(s, at);
  const { chargingSince: _c, ...rest } = s;
  const chargedMs = s.chargedMs + (s.chargingSince === undefined ? 0 : Math.max(0, at - s.chargingSince));
  return ok({
    state: { ...rest, status, endedAt: at, occupancyMs, chargedMs },
    effects: [...before, { type: 'RESERVATION_ENDED', reservationNo: s.reservationNo, status, occupancyMs }],
  });
}
