import { createReservation, type ReservationEvent, type ReservationState } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { foldReservation } from './fold.js';

const MIN = 60_000;
const GREEN = '浙AD12345';
const booked = (): ReservationState => {
  const result = createReservation({
    reservationNo: 'R1',
    stationId: 'S1',
    plate: GREEN,
    ownerVerified: true,
    space: { spaceId: 'P1', enabled: true },
    charger: { chargerId: 'C1', reservable: true },
    at: 0,
  });
  if (!result.ok) throw result.error;
  return result.value.state;
};
const events: ReservationEvent[] = [
  { eventId: 'in', at: 10 * MIN, kind: 'PLATE_ENTERED', plate: GREEN, spaceId: 'P1', whitelist: [] },
  { eventId: 'cs', at: 20 * MIN, kind: 'CHARGING_STARTED' },
  { eventId: 'ce', at: 80 * MIN, kind: 'CHARGING_ENDED' },
  { eventId: 'out', at: 130 * MIN, kind: 'PLATE_LEFT', plate: GREEN, spaceId: 'P1' },
];

/** Every ordering of a list (4! = 24 for the stay). */
const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, i) =>
        permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [item, ...p]),
      );

describe('foldReservation (RES-1, RES-2, RES-3)', () => {
  it.each(permutations(events).map((p) => [p.map((e) => e.eventId).join(' '), p] as const))(
    'RES-3 %s: COMPLETED, in space 120 min − charging 60 min = occupancy 60 min',
    (_order, ordered) => {
      const state = foldReservation(booked(), [...ordered, ...ordered]);
      expect(state).toMatchObject({
        status: 'COMPLETED',
        enteredAt: 10 * MIN,
        endedAt: 130 * MIN,
        chargedMs: 60 * MIN,
        occupancyMs: 60 * MIN,
      });
    },
  );

  it('RES-1 a timeout before the car entered wins over a later entry', () => {
    const state = foldReservation(booked(), [
      { eventId: 'in', at: 121 * MIN, kind: 'PLATE_ENTERED', plate: GREEN, spaceId: 'P1', whitelist: [] },
      { eventId: 'timeout', at: 120 * MIN, kind: 'TIMEOUT' },
    ]);
    expect(state).toMatchObject({ status: 'TIMED_OUT', endedAt: 120 * MIN });
  });

  it('RES-1 a cancel once OCCUPYING is refused by the table and skipped', () => {
    const state = foldReservation(booked(), [
      events[0]!,
      { eventId: 'c', at: 15 * MIN, kind: 'CANCEL', userId: 'u' },
    ]);
    expect(state.status).toBe('OCCUPYING');
  });
});
