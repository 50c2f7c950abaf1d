// reservationWorkflow (RES-1 … RES-4, TAR-12): one reservation from booking to its end. Camera,
// charging, user and platform events arrive as signals; the state is the time-ordered fold of every
// distinct event (fold.ts), so duplicates and reordering change nothing. The lock follows the state
// (open while OCCUPYING, closed otherwise), each command confirmed by LOCK_STATE, retried, and
// flagged when it never confirms. At the end the occupancy fee is priced once by core.
import {
  RESERVATION_TIMEOUT_MS,
  createReservation,
  decideLock,
  occupancyAt,
  occupancyLine,
  parseUnitPrice,
  formatCny,
  type ReservationEvent,
  type ReservationState,
} from '@chargeflow/core';
import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { OccupancyFee, ReservationActivities, ReservationView } from './activities.js';
import { foldReservation } from './fold.js';
import {
  DEFAULT_LOCK_CONFIRMATION,
  reservationEventSignal,
  reservationLockSignal,
  reservationStateQuery,
  type LockStateSignal,
  type ReservationSignal,
  type ReservationWorkflowInput,
} from './messages.js';

const { reservationWhitelist, sendReservationLock, recordReservation, reservationOccupancyTerms } =
  proxyActivities<ReservationActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
  });

const FINAL = new Set(['COMPLETED', 'CANCELLED', 'TIMED_OUT']);
const normalise = (plate: string) => plate.trim().toUpperCase();

/** RES-1 … RES-4, TAR-12: runs one reservation to COMPLETED, CANCELLED or TIMED_OUT; returns its final view. */
export async function reservationWorkflow(input: ReservationWorkflowInput): Promise<ReservationView> {
  const lockTiming = input.lock ?? DEFAULT_LOCK_CONFIRMATION;
  const created = createReservation({
    reservationNo: input.reservationNo,
    stationId: input.stationId,
    plate: input.plate,
    ownerVerified: true, // checked and stored by the booking (RES-1); the workflow runs it
    space: { spaceId: input.spaceId, enabled: true },
    charger: { chargerId: input.chargerId, reservable: true },
    at: input.reservedAt,
  });
  if (!created.ok) throw created.error;
  const booked: ReservationState = created.value.state;
  const deadline = input.reservedAt + RESERVATION_TIMEOUT_MS;
  // The timer runs on the workflow's clock from its start (the booking's clock may differ slightly).
  const timerEnd = workflowInfo().startTime.getTime() + RESERVATION_TIMEOUT_MS;

  const inbox: ReservationSignal[] = [];
  const lockStates: LockStateSignal[] = [];
  const accepted: ReservationEvent[] = [];
  const seen = new Set<string>();
  let state = booked;
  let lock: 'OPEN' | 'CLOSED' = 'CLOSED';
  let lockFault: string | null = null;
  let lockRefused: string | null = null;
  let fee: OccupancyFee | null = null;

  const view = (): ReservationView => ({
    reservationNo: state.reservationNo,
    status: state.status,
    plate: state.plate,
    reservedAt: state.reservedAt,
    enteredAt: state.enteredAt ?? null,
    endedAt: state.endedAt ?? null,
    whitelisted: state.whitelisted,
    chargedMs: state.chargedMs,
    occupancyMs: state.occupancyMs ?? (state.status === 'OCCUPYING' ? occupancyAt(state, Date.now()) : null),
    lockRefused,
    lockFault,
    occupancyFee: fee,
  });
  setHandler(reservationEventSignal, (signal) => {
    inbox.push(signal);
  });
  setHandler(reservationLockSignal, (signal) => {
    lockStates.push(signal);
  });
  setHandler(reservationStateQuery, view);
  const ref = { tenantId: input.tenantId, reservationNo: input.reservationNo };
  const publish = () => recordReservation({ ref, view: view() });

  /** RES-2: sends the command until a LOCK_STATE after it confirms, or flags the lock. */
  const driveLock = async (wanted: 'OPEN' | 'CLOSED') => {
    const type = wanted === 'OPEN' ? 'OPEN_LOCK' : 'CLOSE_LOCK';
    for (let attempt = 1; attempt <= lockTiming.attempts; attempt += 1) {
      const from = lockStates.length;
      await sendReservationLock({
        tenantId: input.tenantId,
        commandId: `${input.reservationNo}-${type}-${attempt}`,
        serialNo: input.cameraSerial,
        spaceNo: input.spaceNo,
        type,
      });
      const confirmed = await condition(
        () => lockStates.slice(from).some((s) => s.state === wanted),
        lockTiming.confirmMs,
      );
      if (confirmed) {
        if (lockFault === `${type}_UNCONFIRMED`) lockFault = null;
        return;
      }
    }
    lockFault = `${type}_UNCONFIRMED`;
  };

  /** Turns a signal into a core event (or nothing: a duplicate, another plate, a lock that stays closed). */
  const accept = async (signal: ReservationSignal): Promise<ReservationEvent | undefined> => {
    if (seen.has(signal.eventId)) return undefined;
    seen.add(signal.eventId);
    switch (signal.kind) {
      case 'PLATE_ENTERED': {
        if (normalise(signal.plate) !== booked.plate || signal.spaceId !== input.spaceId) return undefined;
        const whitelist = await reservationWhitelist({
          tenantId: input.tenantId,
          stationId: input.stationId,
        });
        const decision = decideLock(signal.plate, input.stationId, whitelist);
        if (!decision.open) {
          lockRefused = decision.reason; // RES-4: a fuel plate not whitelisted cannot open the lock
          return undefined;
        }
        return {
          eventId: signal.eventId,
          at: signal.at,
          kind: 'PLATE_ENTERED',
          plate: signal.plate,
          spaceId: signal.spaceId,
          whitelist,
        };
      }
      case 'PLATE_LEFT':
        return {
          eventId: signal.eventId,
          at: signal.at,
          kind: 'PLATE_LEFT',
          plate: signal.plate,
          spaceId: signal.spaceId,
        };
      case 'CHARGING_STARTED':
      case 'CHARGING_ENDED':
        return { eventId: signal.eventId, at: signal.at, kind: signal.kind };
      case 'CANCEL':
        return { eventId: signal.eventId, at: Date.now(), kind: 'CANCEL', userId: signal.userId };
      case 'PLATFORM_END':
        return {
          eventId: signal.eventId,
          at: Date.now(),
          kind: 'PLATFORM_END',
          operatorId: signal.operatorId,
        };
    }
  };

  while (!FINAL.has(state.status)) {
    if (state.status === 'RESERVED' && Date.now() >= timerEnd && !seen.has('timeout')) {
      seen.add('timeout');
      accepted.push({ eventId: 'timeout', at: deadline, kind: 'TIMEOUT' });
    } else if (inbox.length === 0) {
      const wait = state.status === 'RESERVED' ? Math.max(1, timerEnd - Date.now()) : undefined;
      await condition(() => inbox.length > 0, wait);
    }
    let changed = false;
    while (inbox.length > 0) {
      const event = await accept(inbox.shift() as ReservationSignal);
      if (event !== undefined) accepted.push(event);
      changed = true;
    }
    const next = foldReservation(booked, accepted);
    if (next !== state) changed = true;
    state = next;
    const wanted = state.status === 'OCCUPYING' ? 'OPEN' : 'CLOSED';
    if (wanted !== lock) {
      await driveLock(wanted);
      lock = wanted;
      changed = true;
    }
    if (changed) await publish();
  }

  // TAR-12: the fee of the stay, priced once by core after the grace period.
  if (state.enteredAt !== undefined && state.endedAt !== undefined) {
    const terms = await reservationOccupancyTerms({
      tenantId: input.tenantId,
      stationId: input.stationId,
      chargerId: input.chargerId,
      at: state.endedAt,
    });
    if (terms.rule !== null) {
      const line = occupancyLine(
        {
          graceMinutes: terms.rule.graceMinutes,
          unitMinutes: terms.rule.unitMinutes,
          unitPrice: parseUnitPrice(terms.rule.unitPrice),
        },
        {
          chargerChargesOccupancy: terms.chargesOccupancy,
          inSpaceSeconds: Math.floor((state.endedAt - state.enteredAt) / 1000),
          chargingSeconds: Math.floor(state.chargedMs / 1000),
          plate: state.plate,
          whitelist: state.whitelisted ? [state.plate] : [],
        },
      );
      if (line !== undefined) fee = { amount: formatCny(line.amount), line };
    }
  }
  await publish();
  return view();
}
