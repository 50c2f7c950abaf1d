// chargingSessionWorkflow on the time-skipping test server: the real workflow bundle, a real worker,
// in-memory implementations of our own ports. Hours of timers pass in seconds.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bill, DeviceEvent, MeterReading } from '@chargeflow/core';
import { prepayReturnNo } from '../../src/charging/input.js';
import { requestStopUpdate } from '../../src/charging/messages.js';
import { scriptedCharger, shuffled } from '../support/device.js';
import { bundleWorkflows, createTestWorker, startTimeSkipping } from '../support/harness.js';
import { InMemoryChargingPorts } from '../support/in-memory-ports.js';
import { sendBatch, sendEvents, startSession, waitForStatus } from '../support/session-client.js';
import {
  HEARTBEAT_MS,
  MINUTE,
  expectedBill,
  readingsFrom,
  sessionInput,
} from '../support/session-fixtures.js';

describe('chargingSessionWorkflow (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let taskQueue: string;
  const ports = new InMemoryChargingPorts();

  beforeAll(async () => {
    env = await startTimeSkipping();
    ({ worker, taskQueue } = await createTestWorker(env, await bundleWorkflows(), ports));
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  /** Drives a whole session: start accepted, samples, user stop, STOPPED; returns the result and expectation. */
  async function chargeAcrossBoundary(orderNo: string, copies = 1, batched = false) {
    const send = batched ? sendBatch : sendEvents;
    // Every event `copies` times; with copies > 1 everything after the first START_ACCEPTED is shuffled.
    const arrange = (events: DeviceEvent[]): DeviceEvent[] =>
      copies === 1 ? events : shuffled(Array.from({ length: copies }, () => events).flat(), 7);
    const input = sessionInput(orderNo);
    const device = scriptedCharger(input.chargerSerial, input.connectorNo, orderNo);
    const readings = readingsFrom(10_000, 12); // 07:30 → 08:30, across VALLEY → PEAK at 08:00
    const final: MeterReading = { at: readings.at(-1)!.at + MINUTE, wh: readings.at(-1)!.wh + 55 };
    const handle = await startSession(env, input, taskQueue);
    const start = device.startAccepted(readings[0]!.at, readings[0]!.wh);
    const samples = readings.slice(1).map((r) => device.sample(r.at, r.wh));
    await send(handle, [start, ...arrange(copies === 1 ? samples : [start, ...samples])]);
    await waitForStatus(handle, (s) => s.energyWh === readings.at(-1)!.wh - readings[0]!.wh);
    await handle.executeUpdate(requestStopUpdate, { args: [{ by: 'USER', requestId: `${orderNo}-stop` }] });
    const stopped = device.stopped(final.at, final.wh);
    await send(handle, arrange([stopped]));
    const result = await handle.result();
    return { input, result, expected: expectedBill(input, [...readings, final]) };
  }

  it('settles a session across a TOU boundary with core pricing, once, and returns prepay − fee (ORD-6, TAR-4)', async () => {
    ports.failSettlementRepliesLeft = 1; // the first settlement reply is lost: the retry must not settle twice
    const orderNo = 'CH20240510073000000001';
    const { input, result, expected } = await chargeAcrossBoundary(orderNo);
    expect(result.status).toBe('COMPLETED');
    expect(result.bill).toEqual(expected);
    expect(expected.lines.map((l) => l.band)).toEqual(['VALLEY', 'VALLEY', 'PEAK', 'PEAK']);
    const record = ports.settlements.get(orderNo);
    expect(record?.bill).toEqual(expected);
    expect(record?.settlement.fee).toBe(expected.total);
    expect(ports.settlementCalls).toBe(2);
    expect([...ports.settlements.keys()].filter((k) => k === orderNo)).toHaveLength(1);
    const refund = ports.refunds.get(prepayReturnNo(orderNo));
    expect(refund).toMatchObject({ type: 'PREPAY_RETURN', orderNo, amount: 5000n - expected.total });
    const commands = ports.commandCalls.filter((c) => 'orderNo' in c && c.orderNo === orderNo);
    expect(commands.map((c) => c.type)).toEqual(['START_CHARGING', 'STOP_CHARGING']);
    expect(input.funding.kind).toBe('PREPAY');
  });

  it('ends ABNORMAL with fee 0 and the whole prepay returned when the device rejects the start (ORD-2)', async () => {
    const orderNo = 'CH20240510073000000002';
    const input = sessionInput(orderNo, 3000n);
    const handle = await startSession(env, input, taskQueue);
    await sendEvents(handle, [
      scriptedCharger('CHG-001', 1, orderNo).startRejected(Date.now(), 'connector busy'),
    ]);
    const result = await handle.result();
    expect(result.status).toBe('ABNORMAL');
    expect(result.settlement?.fee).toBe(0n);
    expect(ports.refunds.get(prepayReturnNo(orderNo))?.amount).toBe(3000n);
    expect(ports.settlements.get(orderNo)?.settlement.endReason).toBe('START_REJECTED');
  });

  it('ends ABNORMAL on the start timeout, sends a stop, returns the whole prepay (ORD-2)', async () => {
    const orderNo = 'CH20240510073000000003';
    const handle = await startSession(env, sessionInput(orderNo, 3000n), taskQueue);
    const result = await handle.result(); // the 2-minute start timer passes in time-skipping
    expect(result.status).toBe('ABNORMAL');
    expect(result.settlement).toMatchObject({ fee: 0n, prepayReturned: 3000n, endReason: 'START_TIMEOUT' });
    expect(ports.refunds.get(prepayReturnNo(orderNo))?.amount).toBe(3000n);
    const stop = ports.commandCalls.find((c) => c.type === 'STOP_CHARGING' && c.orderNo === orderNo);
    expect(stop?.commandId).toBe(`${orderNo}:STOP:START_TIMEOUT`);
  });

  it('suspends a silent device and resumes when it reports again, then completes (ORD-3)', async () => {
    const orderNo = 'CH20240510073000000004';
    const input = sessionInput(orderNo);
    const device = scriptedCharger('CHG-001', 1, orderNo);
    const readings = readingsFrom(500, 3);
    const handle = await startSession(env, input, taskQueue);
    await sendEvents(handle, [
      device.startAccepted(readings[0]!.at, readings[0]!.wh),
      device.sample(readings[1]!.at, readings[1]!.wh),
    ]);
    await waitForStatus(handle, (s) => s.status === 'CHARGING' && s.energyWh === 600);
    await env.sleep(HEARTBEAT_MS + MINUTE);
    await waitForStatus(handle, (s) => s.status === 'SUSPENDED');
    await sendEvents(handle, [device.sample(readings[2]!.at, readings[2]!.wh)]);
    await waitForStatus(handle, (s) => s.status === 'CHARGING' && s.energyWh === 1200);
    await handle.executeUpdate(requestStopUpdate, { args: [{ by: 'USER' }] });
    await sendEvents(handle, [device.stopped(readings[3]!.at, readings[3]!.wh)]);
    const result = await handle.result();
    expect(result.status).toBe('COMPLETED');
    expect(result.bill).toEqual(expectedBill(input, readings));
    expect(ports.progress.filter((p) => p.orderNo === orderNo).map((p) => p.status)).toEqual([
      'STARTING',
      'CHARGING',
      'SUSPENDED',
      'CHARGING',
      'STOPPING',
      'COMPLETED',
    ]);
  });

  it('bills the same when every event arrives three times, shuffled (ORD-7)', async () => {
    const clean = await chargeAcrossBoundary('CH20240510073000000005');
    const noisy = await chargeAcrossBoundary('CH20240510073000000006', 3);
    expect(noisy.result.status).toBe('COMPLETED');
    expect(noisy.result.bill).toEqual(clean.result.bill);
    expect(noisy.result.bill).toEqual(noisy.expected);
    expect(noisy.result.settlement?.fee).toBe(clean.result.settlement?.fee);
    expect(ports.settlements.get('CH20240510073000000006')?.bill as Bill).toEqual(clean.expected);
    expect(ports.refunds.get(prepayReturnNo('CH20240510073000000006'))?.amount).toBe(
      5000n - clean.expected.total,
    );
  });

  it('ORD-7: one deviceEvents signal carrying every event three times, shuffled, bills the same as one signal per event', async () => {
    const clean = await chargeAcrossBoundary('CH20240510073000000007');
    const batched = await chargeAcrossBoundary('CH20240510073000000008', 3, true);
    expect(batched.result.status).toBe('COMPLETED');
    expect(batched.result.bill).toEqual(clean.result.bill);
    expect(batched.result.bill).toEqual(batched.expected);
    expect(ports.refunds.get(prepayReturnNo('CH20240510073000000008'))?.amount).toBe(
      5000n - clean.expected.total,
    );
  });
});
