import { describe, expect, it } from 'vitest';
import { pairsOf, verifyStep } from '../lifecycle/table.js';
import { classifyPlate, decideLock, type WhitelistEntry } from './plate.js';
import {
  RESERVATION_TIMEOUT_MS,
  createReservation,
  transitionReservation,
  type ReservationEvent,
  type ReservationState,
} from './reservation.js';
import {
  RESERVATION_LIFECYCLE,
  type ReservationEventKind,
  type ReservationStatus,
} from './reservation-table.js';

const GREEN = '浙AD12345';
const BLUE = '浙A12345';
const booking = {
  reservationNo: 'R1',
  stationId: 'S1',
  plate: GREEN,
  ownerVerified: true,
  space: { spaceId: 'P1', enabled: true },
  charger: { chargerId: 'C1', reservable: true },
  at: 0,
};
const created = (): ReservationState => {
  const result = createReservation(booking);
  if (!result.ok) throw result.error;
  return result.value.state;
};
const step = (s: ReservationState, e: ReservationEvent) => {
  const result = transitionReservation(s, e);
  if (!result.ok) throw result.error;
  return result.value;
};
const enter = (at = 1_000, whitelist: WhitelistEntry[] = []): ReservationEvent => ({
  eventId: `in${at}`,
  at,
  kind: 'PLATE_ENTERED',
  plate: GREEN,
  spaceId: 'P1',
  whitelist,
});
const leave = (at: number): ReservationEvent => ({
  eventId: `out${at}`,
  at,
  kind: 'PLATE_LEFT',
  plate: GREEN,
  spaceId: 'P1',
});

function stateIn(status: ReservationStatus): ReservationState {
  const s = created();
  if (status === 'RESERVED') return s;
  const occupying = step(s, enter()).state;
  if (status === 'OCCUPYING') return occupying;
  if (status === 'COMPLETED') return step(occupying, leave(5_000)).state;
  if (status === 'CANCELLED') return step(s, { eventId: 'c', at: 10, kind: 'CANCEL', userId: 'u' }).state;
  return step(s, { eventId: 't', at: RESERVATION_TIMEOUT_MS, kind: 'TIMEOUT' }).state;
}

const eventOf = (kind: ReservationEventKind): ReservationEvent => {
  const base = { eventId: `e-${kind}`, at: RESERVATION_TIMEOUT_MS + 1 };
  if (kind === 'PLATE_ENTERED' || kind === 'PLATE_LEFT')
    return kind === 'PLATE_ENTERED'
      ? { ...base, kind, plate: GREEN, spaceId: 'P1', whitelist: [] }
      : { ...base, kind, plate: GREEN, spaceId: 'P1' };
  if (kind === 'CANCEL') return { ...base, kind, userId: 'u' };
  if (kind === 'PLATFORM_END') return { ...base, kind, operatorId: 'op' };
  return { ...base, kind };
};

describe('reservation lifecycle (RES-1, RES-2)', () => {
  const all = [
    ...pairsOf(RESERVATION_LIFECYCLE, 'ALLOWED'),
    ...pairsOf(RESERVATION_LIFECYCLE, 'IGNORE'),
    ...pairsOf(RESERVATION_LIFECYCLE, 'FORBIDDEN'),
  ];
  it.each(all)('RES-1 %s × %s follows the table', (status, kind) => {
    const from = stateIn(status);
    expect(from.status).toBe(status);
    expect(
      verifyStep(RESERVATION_LIFECYCLE, from, kind, transitionReservation(from, eventOf(kind))),
    ).toBeUndefined();
  });

  it.each([
    [{ ownerVerified: false }, 'RESERVATION_OWNER_NOT_VERIFIED'],
    [{ space: { spaceId: 'P1', enabled: false } }, 'RESERVATION_SPACE_DISABLED'],
    [{ charger: { chargerId: 'C1', reservable: false } }, 'RESERVATION_CHARGER_NOT_RESERVABLE'],
    [{ plate: 'ABC' }, 'PLATE_INVALID'],
  ])('RES-1 booking is refused (%o → %s)', (patch, code) => {
    const result = createReservation({ ...booking, ...patch });
    expect(!result.ok && result.error.code).toBe(code);
  });

  it('RES-1 booking arms a 2 h timeout; an early timer changes nothing, the real one times out', () => {
    const result = createReservation(booking);
    expect(result.ok && result.value.effects).toEqual([
      { type: 'SCHEDULE_TIMEOUT', reservationNo: 'R1', at: 7_200_000 },
    ]);
    expect(step(created(), { eventId: 't1', at: 7_199_999, kind: 'TIMEOUT' }).state.status).toBe('RESERVED');
    expect(step(created(), { eventId: 't2', at: 7_200_000, kind: 'TIMEOUT' }).state.status).toBe('TIMED_OUT');
  });

  it('RES-2 the reserved plate entering opens the lock; leaving closes it and completes', () => {
    const entered = step(created(), enter());
    expect(entered.state.status).toBe('OCCUPYING');
    expect(entered.effects).toEqual([{ type: 'OPEN_LOCK', spaceId: 'P1', reservationNo: 'R1' }]);
    const left = step(entered.state, leave(61_000));
    expect(left.state.status).toBe('COMPLETED');
    expect(left.effects[0]).toEqual({ type: 'CLOSE_LOCK', spaceId: 'P1', reservationNo: 'R1' });
  });

  it('RES-2 another plate entering the reserved space does not start the reservation', () => {
    const other = step(created(), {
      eventId: 'x',
      at: 1_000,
      kind: 'PLATE_ENTERED',
      plate: '浙BD99999',
      spaceId: 'P1',
      whitelist: [],
    });
    expect(other.state.status).toBe('RESERVED');
    expect(other.effects).toEqual([]);
  });

  it('RES-3 occupancy = time in the space minus time charging', () => {
    let s = step(created(), enter(1_000)).state;
    s = step(s, { eventId: 'cs', at: 11_000, kind: 'CHARGING_STARTED' }).state;
    s = step(s, { eventId: 'ce', at: 41_000, kind: 'CHARGING_ENDED' }).state;
    const done = step(s, leave(61_000));
    expect(done.state.occupancyMs).toBe(30_000);
    expect(done.effects.at(-1)).toEqual({
      type: 'RESERVATION_ENDED',
      reservationNo: 'R1',
      status: 'COMPLETED',
      occupancyMs: 30_000,
    });
  });

  it('RES-3 a duplicated charging event is not counted twice', () => {
    let s = step(created(), enter(1_000)).state;
    const started: ReservationEvent = { eventId: 'cs', at: 11_000, kind: 'CHARGING_STARTED' };
    s = step(step(s, started).state, started).state;
    s = step(s, { eventId: 'ce', at: 41_000, kind: 'CHARGING_ENDED' }).state;
    s = step(s, { eventId: 'ce2', at: 51_000, kind: 'CHARGING_ENDED' }).state;
    expect(s.chargedMs).toBe(30_000);
  });

  it('RES-3 RES-4 an enabled whitelisted plate accrues no occupancy', () => {
    const entry: WhitelistEntry = { plate: GREEN, remark: 'staff', stationId: 'S1', enabled: true };
    const s = step(created(), enter(1_000, [entry])).state;
    expect(step(s, leave(100_000)).state.occupancyMs).toBe(0);
  });

  it('RES-2 the platform may end an OCCUPYING reservation, settling occupancy up to then', () => {
    const s = step(created(), enter(1_000)).state;
    expect(
      step(s, { eventId: 'pe', at: 11_000, kind: 'PLATFORM_END', operatorId: 'op' }).state,
    ).toMatchObject({ status: 'COMPLETED', occupancyMs: 10_000 });
  });
});

describe('plates and locks (RES-4)', () => {
  it.each([
    [GREEN, 'NEW_ENERGY'],
    [BLUE, 'FUEL'],
    ['AB12345', undefined],
    ['浙A1234', undefined],
  ])('RES-4 %s is %s', (plate, expected) => {
    expect(classifyPlate(plate)).toBe(expected);
  });

  const entry = (plate: string, enabled: boolean, stationId = 'S1'): WhitelistEntry => ({
    plate,
    remark: '',
    stationId,
    enabled,
  });
  it.each([
    [GREEN, [entry(GREEN, true)], { open: true, accruesOccupancy: false }],
    [BLUE, [entry(BLUE, true)], { open: true, accruesOccupancy: false }],
    [GREEN, [entry(GREEN, false)], { open: true, accruesOccupancy: true }],
    [BLUE, [entry(BLUE, false)], { open: false, accruesOccupancy: false }],
    [BLUE, [entry(BLUE, true, 'S2')], { open: false, accruesOccupancy: false }],
    [GREEN, [], { open: true, accruesOccupancy: true }],
  ])('RES-4 %s with whitelist %o → %o', (plate, whitelist, expected) => {
    expect(decideLock(plate, 'S1', whitelist)).toMatchObject(expected);
  });
});
