// Issue 6, faults on the REAL services (Kafka, MariaDB, Temporal dev server, FerretDB): the scenarios
// packages/workflows/test/integration/charging-session*.test.ts prove with in-memory ports, here
// through the whole pipeline as the multi-tenant worker runs it (issue 10: start command over Kafka,
// simulated charger, ingestion → serial's tenant from the device registry → signals, settlement and
// prepay return in the tenant's own MariaDB database). Each test runs in its own stack: platform and
// tenant databases, topics, groups and task queue, all removed afterwards.
import { parseCarTariff, priceCarSession, type Bill, type MeterReading } from '@chargeflow/core';
import {
  liveStatusQuery,
  requestStopUpdate,
  type ChargingSessionInput,
  type LiveStatus,
} from '@chargeflow/workflows';
import { afterEach, describe, expect, it } from 'vitest';
import {
  E2E_PREPAY as PREPAY,
  E2E_TARIFF as TARIFF,
  E2E_TIME_ZONE as TIME_ZONE,
  SIMULATED,
  expectBillByHand,
  ofOrder,
  openE2eOrder,
  reading,
  startSession,
  type SessionHandle,
} from './fixtures/e2e-session.js';
import { settledRefundsOf, startE2eStack, waitUntil, type E2eStack } from './fixtures/e2e-stack.js';

const SIM_MINUTE = 60_000;
/** Wall ms → simulated ms at SIMULATED.timeScale. */
const simulated = (wallMs: number): number => wallMs * SIMULATED.timeScale;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stack: E2eStack | undefined;
afterEach(async () => {
  const running = stack;
  stack = undefined;
  await running?.stop();
});

async function openStack(options?: Parameters<typeof startE2eStack>[0]): Promise<E2eStack> {
  stack = await startE2eStack(options);
  return stack;
}

/** Opens this test's one order (suffix F). */
const openOrder = (s: E2eStack, serial: string, timeouts: ChargingSessionInput['timeouts']) =>
  openE2eOrder(s, serial, 'F', timeouts);
const start = startSession;

/** Polls the workflow's liveStatus until `check` holds. */
async function waitForLive(
  handle: SessionHandle,
  check: (live: LiveStatus) => boolean,
  label: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const live = await handle.query(liveStatusQuery);
    if (check(live)) return;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${label}; last: ${JSON.stringify(live)}`);
    await sleep(50);
  }
}

const stopByUser = (handle: SessionHandle, orderNo: string) =>
  handle.executeUpdate(requestStopUpdate, { args: [{ by: 'USER', requestId: `${orderNo}-stop` }] });

/** Core's bill over the readings the charger reported: START_ACCEPTED, every sample (MongoDB), STOPPED. */
async function expectedBill(s: E2eStack, orderNo: string): Promise<{ bill: Bill; readings: MeterReading[] }> {
  await waitUntil(
    () => ofOrder(s, orderNo, 'STOPPED').length > 0,
    () => 'tap never saw STOPPED',
  );
  const samples = await s.telemetry.samplesForOrder(orderNo);
  const readings: MeterReading[] = [
    reading(ofOrder(s, orderNo, 'START_ACCEPTED')[0]!),
    ...samples.map((sample) => ({ at: Date.parse(sample.occurredAt), wh: sample.meterWh })),
    reading(ofOrder(s, orderNo, 'STOPPED')[0]!),
  ];
  const tariff = parseCarTariff(TARIFF);
  if (!tariff.ok) throw tariff.error;
  return { bill: priceCarSession(tariff.value, readings, { timeZone: TIME_ZONE, cap: PREPAY }), readings };
}

/** The order is settled once, at `fee`, and exactly one PREPAY_RETURN of prepay − fee was refunded. */
async function expectSettledOnce(s: E2eStack, orderNo: string, status: string, fee: bigint): Promise<void> {
  const order = await s.orders.get(orderNo);
  expect(order).toMatchObject({ status, settlementCount: 1, fee, prepayReturned: PREPAY - fee });
  const refunds = await settledRefundsOf(s, orderNo);
  expect(refunds).toHaveLength(1);
  expect(refunds[0]).toMatchObject({
    refundNo: `${orderNo}-PR`,
    type: 'PREPAY_RETURN',
    amount: PREPAY - fee,
    status: 'REFUNDED',
  });
}

describe('charging session faults end to end (issue 6; real MariaDB, Temporal, Kafka, FerretDB)', () => {
  it('ORD-2: no answer to the start command → ABNORMAL on the start timeout, fee 0, the whole prepay returned once', async () => {
    const s = await openStack();
    // No simulator serves this serial: the START_CHARGING goes out over Kafka and nobody answers.
    const input = await openOrder(s, `E2E-MUTE-${s.run}`, {
      startMs: 1_500,
      heartbeatMs: 60_000,
      stopMs: 5_000,
    });
    const result = await (await start(s, input)).result();
    expect(result.status).toBe('ABNORMAL');
    expect(result.settlement).toMatchObject({ fee: 0n, prepayReturned: PREPAY, endReason: 'START_TIMEOUT' });
    await expectSettledOnce(s, input.orderNo, 'ABNORMAL', 0n);
    expect(await s.orders.get(input.orderNo)).toMatchObject({ endReason: 'START_TIMEOUT' });
  });

  it('ORD-3: a charger silent beyond the heartbeat timeout → SUSPENDED; it reports again → CHARGING; stop → COMPLETED, settled once', async () => {
    const s = await openStack();
    const serial = `E2E-SIL-${s.run}`;
    // Silent from 1.5 s (wall) after the start for 4 s; the heartbeat timeout is 1.5 s.
    await s.startSimulator(serial, {
      ...SIMULATED,
      silentAfterMs: simulated(1_500),
      silentForMs: simulated(4_000),
    });
    const input = await openOrder(s, serial, { startMs: 30_000, heartbeatMs: 1_500, stopMs: 30_000 });
    const handle = await start(s, input);

    await waitForLive(handle, (l) => l.status === 'CHARGING' && l.energyWh > 0, 'CHARGING');
    await waitForLive(handle, (l) => l.status === 'SUSPENDED', 'SUSPENDED', 10_000);
    const suspendedAt = (await handle.query(liveStatusQuery)).energyWh;
    // The workflow records the status in MariaDB right after it suspends.
    let stored = (await s.orders.get(input.orderNo)).status;
    for (let i = 0; i < 40 && stored !== 'SUSPENDED'; i += 1) {
      await sleep(50);
      stored = (await s.orders.get(input.orderNo)).status;
    }
    expect(stored).toBe('SUSPENDED');

    // The charger speaks again (samples and heartbeats): the session is back to CHARGING.
    await waitForLive(
      handle,
      (l) => l.status === 'CHARGING' && l.energyWh > suspendedAt,
      'CHARGING again',
      15_000,
    );
    await stopByUser(handle, input.orderNo);
    const result = await handle.result();
    expect(result.status).toBe('COMPLETED');

    const { bill, readings } = await expectedBill(s, input.orderNo);
    expect(result.bill).toEqual(bill);
    expectBillByHand(bill, readings.at(-1)!.wh - readings[0]!.wh);
    expect(await s.orders.getBill(input.orderNo)).toEqual(bill);
    await expectSettledOnce(s, input.orderNo, 'COMPLETED', bill.total);
    expect(await s.orders.get(input.orderNo)).toMatchObject({
      endReason: 'USER',
      startMeterWh: readings[0]!.wh,
      endMeterWh: readings.at(-1)!.wh,
    });
  });

  it('ORD-7: every event sent three times and shuffled → the stored bill is core pricing over the reported readings, one settlement, one refund', async () => {
    const s = await openStack();
    const serial = `E2E-DUP-${s.run}`;
    await s.startSimulator(serial, { ...SIMULATED, duplicate: 3, reorderWindow: 4 });
    const input = await openOrder(s, serial, { startMs: 30_000, heartbeatMs: 60_000, stopMs: 30_000 });
    const handle = await start(s, input);

    await waitForLive(handle, (l) => l.status === 'CHARGING' && l.energyWh >= 4000, '4 kWh');
    // Stop well inside a TOU half hour: a sample shuffled behind STOPPED arrives after the settlement,
    // and must not sit next to a boundary (where it would change the energy split).
    await waitUntil(
      () => {
        const last = ofOrder(s, input.orderNo, 'METER_SAMPLE').at(-1);
        const minute = last === undefined ? -1 : Math.floor(Date.parse(last.occurredAt) / SIM_MINUTE) % 30;
        return minute >= 8 && minute <= 20;
      },
      () => 'no sample inside a half hour',
      10_000,
    );
    await stopByUser(handle, input.orderNo);
    const result = await handle.result();
    expect(result.status).toBe('COMPLETED');

    const { bill, readings } = await expectedBill(s, input.orderNo);
    expect(bill.lines.map((l) => l.band)).toEqual(expect.arrayContaining(['PEAK', 'VALLEY']));
    expectBillByHand(result.bill!, readings.at(-1)!.wh - readings[0]!.wh);
    expect(result.bill).toEqual(bill);
    expect(await s.orders.getBill(input.orderNo)).toEqual(bill);
    await expectSettledOnce(s, input.orderNo, 'COMPLETED', bill.total);
    // The start meter is the one the charger accepted with, even when a later sample overtook it.
    expect(await s.orders.get(input.orderNo)).toMatchObject({
      endReason: 'USER',
      startMeterWh: readings[0]!.wh,
      endMeterWh: readings.at(-1)!.wh,
    });

    // The charger really misbehaved: each event three times on the topic, not in device-time order.
    await waitUntil(
      () => ofOrder(s, input.orderNo, 'STOPPED').length === 3,
      () => `STOPPED seen ${ofOrder(s, input.orderNo, 'STOPPED').length}×`,
      10_000,
    );
    const samples = ofOrder(s, input.orderNo, 'METER_SAMPLE');
    const counts = new Map<string, number>();
    for (const e of samples) counts.set(e.eventId, (counts.get(e.eventId) ?? 0) + 1);
    expect(new Set(counts.values())).toEqual(new Set([3]));
    const firstSeen = [...counts.keys()].map((id) => samples.find((e) => e.eventId === id)!.occurredAt);
    expect(firstSeen).not.toEqual([...firstSeen].sort());
  });

  it('a worker shut down mid-session and a new one started on the same task queue, group and database → the session completes, settled once', async () => {
    const s = await openStack({ stickyQueueScheduleToStartTimeout: '1 second' });
    const serial = `E2E-RST-${s.run}`;
    await s.startSimulator(serial, SIMULATED);
    const input = await openOrder(s, serial, { startMs: 30_000, heartbeatMs: 60_000, stopMs: 30_000 });
    const handle = await start(s, input);
    await waitForLive(handle, (l) => l.status === 'CHARGING' && l.energyWh >= 1500, '1.5 kWh');

    const before = (await handle.query(liveStatusQuery)).energyWh;
    const samplesBefore = ofOrder(s, input.orderNo, 'METER_SAMPLE').length;
    // The charger keeps reporting while no worker (and no ingestion) is up.
    await s.restartWorker();
    expect(ofOrder(s, input.orderNo, 'METER_SAMPLE').length).toBeGreaterThan(samplesBefore);
    await waitForLive(handle, (l) => l.status === 'CHARGING' && l.energyWh >= before + 2000, '+2 kWh');
    await stopByUser(handle, input.orderNo);
    const result = await handle.result();
    expect(result.status).toBe('COMPLETED');

    const { bill, readings } = await expectedBill(s, input.orderNo);
    expect(result.bill).toEqual(bill);
    expect(await s.orders.getBill(input.orderNo)).toEqual(bill);
    await expectSettledOnce(s, input.orderNo, 'COMPLETED', bill.total);
    expect(await s.orders.get(input.orderNo)).toMatchObject({
      endReason: 'USER',
      startMeterWh: readings[0]!.wh,
      endMeterWh: readings.at(-1)!.wh,
      energyWh: readings.at(-1)!.wh - readings[0]!.wh,
    });
  });
});
