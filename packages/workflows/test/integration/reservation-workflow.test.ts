// reservationWorkflow (RES-1 … RES-4, TAR-12) on the time-skipping server with an in-memory desk (the
// tenant database and the command bus stand-in). Expected figures are worked out by hand in each test.
import { randomUUID } from 'node:crypto';
import type { WhitelistEntry } from '@chargeflow/core';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createReservationActivities,
  type LockCommand,
  type OccupancyTerms,
  type ReservationDesk,
  type ReservationView,
} from '../../src/reservations/activities.js';
import {
  reservationEventSignal,
  reservationLockSignal,
  reservationStateQuery,
  reservationWorkflowId,
  type ReservationSignal,
} from '../../src/reservations/messages.js';
import type { reservationWorkflow } from '../../src/reservations/reservation-workflow.js';
import { bundleWorkflows, createTestWorker, startTimeSkipping } from '../support/harness.js';
import { InMemoryChargingPorts } from '../support/in-memory-ports.js';

const MIN = 60_000;
const GREEN = '浙AD12345';
const BLUE = '浙A12345';
const TENANT = 't-resv';

/** The tenant database and the lock in memory; the lock confirms every command unless told not to. */
class MemoryDesk implements ReservationDesk {
  readonly locks: LockCommand[] = [];
  readonly records: ReservationView[] = [];
  whitelistEntries: WhitelistEntry[] = [];
  lockAnswers = true;
  terms: OccupancyTerms = {
    chargesOccupancy: true,
    rule: { graceMinutes: 15, unitMinutes: 30, unitPrice: '2.00' },
  };
  handles = new Map<string, WorkflowHandle>();

  whitelist(): Promise<WhitelistEntry[]> {
    return Promise.resolve(this.whitelistEntries);
  }
  async sendLock(command: LockCommand): Promise<void> {
    this.locks.push(command);
    if (!this.lockAnswers) return;
    const handle = this.handles.get(command.commandId.split('-')[0] ?? '');
    await handle?.signal(reservationLockSignal, {
      eventId: `lock-${command.commandId}`,
      at: Date.now(),
      state: command.type === 'OPEN_LOCK' ? 'OPEN' : 'CLOSED',
    });
  }
  record(_ref: unknown, view: ReservationView): Promise<void> {
    this.records.push(view);
    return Promise.resolve();
  }
  occupancyTerms(): Promise<OccupancyTerms> {
    return Promise.resolve(this.terms);
  }
}

describe('reservationWorkflow (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let taskQueue: string;
  const desk = new MemoryDesk();

  beforeAll(async () => {
    env = await startTimeSkipping();
    ({ worker, taskQueue } = await createTestWorker(
      env,
      await bundleWorkflows(),
      new InMemoryChargingPorts(),
      undefined,
      {
        activities: createReservationActivities(desk),
      },
    ));
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const book = async (plate = GREEN, lock = { confirmMs: MIN, attempts: 3 }) => {
    const reservationNo = `RV${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const t0 = await env.currentTimeMs();
    const handle = await env.client.workflow.start<typeof reservationWorkflow>('reservationWorkflow', {
      workflowId: reservationWorkflowId(TENANT, reservationNo),
      taskQueue,
      args: [
        {
          tenantId: TENANT,
          reservationNo,
          stationId: 'S1',
          spaceId: 'P1',
          spaceNo: 'A-001',
          chargerId: 'C1',
          cameraSerial: 'CAM-1',
          plate,
          reservedAt: t0,
          lock,
        },
      ],
    });
    desk.handles.set(reservationNo, handle);
    return { handle, t0, reservationNo };
  };
  /** Signals, ignoring a workflow that already ended (what the event router does too). */
  const send = async (handle: WorkflowHandle, signals: ReservationSignal[]) => {
    for (const s of signals) await handle.signal(reservationEventSignal, s).catch(() => undefined);
  };
  const camera = (kind: 'PLATE_ENTERED' | 'PLATE_LEFT', at: number, plate = GREEN, id = `${kind}-${at}`) =>
    ({ kind, eventId: id, at, plate, spaceId: 'P1' }) as const;
  const charging = (kind: 'CHARGING_STARTED' | 'CHARGING_ENDED', at: number) =>
    ({ kind, eventId: `${kind}-${at}`, at }) as const;
  /** Waits until the workflow's live state satisfies `ok` (the lock is driven between signals). */
  const waitFor = async (handle: WorkflowHandle, ok: (v: ReservationView) => boolean) => {
    for (let i = 0; i < 200; i += 1) {
      if (ok(await handle.query(reservationStateQuery))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the reservation never reached the expected state');
  };
  const locksOf = (reservationNo: string) =>
    desk.locks.filter((l) => l.commandId.startsWith(reservationNo)).map((l) => l.type);

  it('RES-1 a booking nobody uses times out exactly 2 h after it was made', async () => {
    const { handle, t0, reservationNo } = await book();
    const result = await handle.result();
    expect(result).toMatchObject({
      status: 'TIMED_OUT',
      endedAt: t0 + 120 * MIN,
      occupancyMs: 0,
      occupancyFee: null,
    });
    expect(locksOf(reservationNo)).toEqual([]);
  });

  // In the space 10 → 130 min (120 min), charging 20 → 80 min (60 min): occupancy 60 min.
  // TAR-12: 60 min − 15 min grace = 45 min → 2 started 30-min units × 2.00 = 4.00 CNY.
  const stay = (t0: number) => [
    camera('PLATE_ENTERED', t0 + 10 * MIN),
    charging('CHARGING_STARTED', t0 + 20 * MIN),
    charging('CHARGING_ENDED', t0 + 80 * MIN),
    camera('PLATE_LEFT', t0 + 130 * MIN),
  ];

  it('RES-2 RES-3 TAR-12 enter → charge → leave: COMPLETED, occupancy = in space − charging, fee after grace', async () => {
    const { handle, t0, reservationNo } = await book();
    const [enter, ...rest] = stay(t0);
    await send(handle, [enter!]);
    await waitFor(handle, (v) => v.status === 'OCCUPYING' && v.occupancyMs !== null);
    expect(locksOf(reservationNo)).toEqual(['OPEN_LOCK']);
    await send(handle, rest);
    const result = await handle.result();
    expect(result).toMatchObject({
      status: 'COMPLETED',
      enteredAt: t0 + 10 * MIN,
      endedAt: t0 + 130 * MIN,
      chargedMs: 60 * MIN,
      occupancyMs: 60 * MIN,
      lockFault: null,
    });
    expect(result.occupancyFee?.amount).toBe('4.00');
    expect(result.occupancyFee?.line).toMatchObject({ kind: 'OCCUPANCY', quantity: { value: '2' } });
    expect(result.occupancyFee?.line.label).toContain('60 min idle − 15 min grace');
    expect(locksOf(reservationNo)).toEqual(['OPEN_LOCK', 'CLOSE_LOCK']);
    expect(desk.locks.find((l) => l.commandId.startsWith(reservationNo))).toMatchObject({
      serialNo: 'CAM-1',
      spaceNo: 'A-001',
    });
    expect(desk.records.filter((r) => r.reservationNo === reservationNo).at(-1)?.status).toBe('COMPLETED');
  });

  it('RES-3 RES-4 a whitelisted plate opens the lock and accrues no occupancy (a waived 0.00 line)', async () => {
    desk.whitelistEntries = [{ plate: GREEN, remark: 'staff', stationId: 'S1', enabled: true }];
    try {
      const { handle, t0, reservationNo } = await book();
      await send(handle, [camera('PLATE_ENTERED', t0 + MIN)]);
      await waitFor(handle, (v) => v.status === 'OCCUPYING');
      await send(handle, [camera('PLATE_LEFT', t0 + 200 * MIN)]);
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'COMPLETED', whitelisted: true, occupancyMs: 0 });
      expect(result.occupancyFee?.amount).toBe('0.00');
      expect(result.occupancyFee?.line.band).toBe('WHITELISTED');
      expect(locksOf(reservationNo)).toEqual(['OPEN_LOCK', 'CLOSE_LOCK']);
    } finally {
      desk.whitelistEntries = [];
    }
  });

  it('RES-4 a blue fuel plate that is not whitelisted leaves the lock closed and the reservation RESERVED', async () => {
    const { handle, t0, reservationNo } = await book(BLUE);
    await send(handle, [camera('PLATE_ENTERED', t0 + MIN, BLUE)]);
    await env.sleep(MIN);
    const live = await handle.query(reservationStateQuery);
    expect(live).toMatchObject({ status: 'RESERVED', lockRefused: 'FUEL_PLATE', enteredAt: null });
    await send(handle, [{ kind: 'CANCEL', eventId: 'cancel-1', userId: 'u1' }]);
    expect((await handle.result()).status).toBe('CANCELLED');
    expect(locksOf(reservationNo)).toEqual([]);
  });

  it('RES-2 RES-3 every camera event ×3, reordered (leave first), gives the same outcome and the same fee', async () => {
    const { handle, t0, reservationNo } = await book();
    const [enter, started, ended, left] = stay(t0);
    const copies = (e: ReservationSignal, n: number) =>
      Array.from({ length: n }, (_v, i) => ({
        ...e,
        eventId: i === 0 ? e.eventId : e.eventId,
      })) as ReservationSignal[];
    await send(handle, [
      ...copies(left!, 3),
      started!,
      ended!,
      ended!,
      started!,
      ...copies(enter!, 3),
      ...copies(left!, 3),
    ]);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'COMPLETED', chargedMs: 60 * MIN, occupancyMs: 60 * MIN });
    expect(result.occupancyFee?.amount).toBe('4.00');
    // The car had left before the entry was known: the lock never needed to open.
    expect(locksOf(reservationNo)).toEqual([]);
  });

  it('RES-2 a lock that never confirms is retried and flagged; the platform can still end the reservation', async () => {
    desk.lockAnswers = false;
    try {
      const { handle, t0, reservationNo } = await book(GREEN, { confirmMs: MIN, attempts: 3 });
      await send(handle, [camera('PLATE_ENTERED', t0 + MIN)]);
      await env.sleep(5 * MIN);
      expect(await handle.query(reservationStateQuery)).toMatchObject({
        status: 'OCCUPYING',
        lockFault: 'OPEN_LOCK_UNCONFIRMED',
      });
      expect(locksOf(reservationNo)).toEqual(['OPEN_LOCK', 'OPEN_LOCK', 'OPEN_LOCK']);
      await send(handle, [{ kind: 'PLATFORM_END', eventId: 'end-1', operatorId: 'op' }]);
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'COMPLETED', lockFault: 'CLOSE_LOCK_UNCONFIRMED' });
      expect(locksOf(reservationNo).filter((t) => t === 'CLOSE_LOCK')).toHaveLength(3);
    } finally {
      desk.lockAnswers = true;
    }
  });
});
