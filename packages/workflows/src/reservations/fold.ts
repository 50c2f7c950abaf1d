// RES-1 … RES-3: a reservation's state as the fold of every distinct event it accepted, in time order.
// Folding from the booking each time makes duplicates and reordering harmless: the same events give
// the same state and the same occupancy, whatever order they arrived in. Pure (runs in the workflow).
import { transitionReservation, type ReservationEvent, type ReservationState } from '@chargeflow/core';

const ORDER: Readonly<Record<ReservationEvent['kind'], number>> = {
  PLATE_ENTERED: 0,
  CHARGING_STARTED: 1,
  CHARGING_ENDED: 2,
  PLATE_LEFT: 3,
  TIMEOUT: 4,
  CANCEL: 5,
  PLATFORM_END: 6,
};

/** Events in time order; at equal times enter < charging < leave < timer < user < platform, then by id. */
export function inTimeOrder(events: readonly ReservationEvent[]): ReservationEvent[] {
  return [...events].sort(
    (a, b) =>
      a.at - b.at ||
      ORDER[a.kind] - ORDER[b.kind] ||
      (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0),
  );
}

/** The state after every event, from the booked state; events the table forbids are skipped. */
export function foldReservation(
  booked: ReservationState,
  events: readonly ReservationEvent[],
): ReservationState {
  let state = booked;
  for (const event of inTimeOrder(events)) {
    const result = transitionReservation(state, event);
    if (result.ok) state = result.value.state;
  }
  return state;
}
