// chargingSessionWorkflow survives its worker and its own history: a worker shut down mid-session
// and a new one started (on the shared dev server: the time-skipping server does not hand a sticky
// workflow over to another worker); continue-as-new forced by a low threshold keeps the compact state.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepayReturnNo } from '../../src/charging/input.js';
import { requestStopUpdate } from '../../src/charging/messages.js';
import { scriptedCharger } from '../support/device.js';
import {
  bundleWorkflows,
  connectDevServer,
  createTestWorker,
  startTimeSkipping,
} from '../support/harness.js';
import { InMemoryChargingPorts } from '../support/in-memory-ports.js';
import { sendBatch, sendEvents, startSession, waitForStatus } from '../support/session-client.js';
import { expectedBill, readingsFrom, sessionInput } from '../support/session-fixtures.js';

describe('chargingSessionWorkflow durability (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let bundle: { code: string };

  beforeAll(async () => {
    env = await startTimeSkipping();
    bundle = await bundleWorkflows();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('reports growing energy through liveStatus and keeps its state across continue-as-new', async () => {
    const ports = new InMemoryChargingPorts();
    const orderNo = 'CH20240510073000000102';
    const input = sessionInput(orderNo, 5000n, { continueAsNewAfterEvents: 3 });
    const device = scriptedCharger('CHG-001', 1, orderNo);
    const readings = readingsFrom(7_000, 12);
    const { worker, taskQueue } = await createTestWorker(env, bundle, ports);

    const result = await worker.runUntil(async () => {
      const handle = await startSession(env, input, taskQueue);
      const again = await startSession(env, input, taskQueue); // a repeated start joins the same session
      expect(again.firstExecutionRunId).toBe(handle.firstExecutionRunId);
      await sendEvents(handle, [device.startAccepted(readings[0]!.at, readings[0]!.wh)]);
      const seen: number[] = [];
      const fees: bigint[] = [];
      for (const [i, r] of readings.slice(1).entries()) {
        await sendEvents(handle, [device.sample(r.at, r.wh)]);
        const status = await waitForStatus(handle, (s) => s.energyWh === (i + 1) * 600);
        seen.push(status.energyWh);
        fees.push(status.feeEstimate);
      }
      expect(seen).toEqual(readings.slice(1).map((_, i) => (i + 1) * 600));
      expect(fees.every((fee, i) => i === 0 || fee >= fees[i - 1]!)).toBe(true);
      const live = await waitForStatus(handle, (s) => s.status === 'CHARGING');
      expect(live.runs).toBeGreaterThan(1);
      expect(live.feeEstimate).toBe(expectedBill(input, readings).total);
      expect(live.lastMeter?.energyWh).toBe(readings.at(-1)!.wh);
      await handle.executeUpdate(requestStopUpdate, { args: [{ by: 'USER' }] });
      await sendEvents(handle, [device.stopped(readings.at(-1)!.at, readings.at(-1)!.wh)]);
      return handle.result();
    });

    expect(result.status).toBe('COMPLETED');
    expect(result.bill).toEqual(expectedBill(input, readings));
    expect(ports.settlementCalls).toBe(1);
    expect(ports.commandCalls.filter((c) => c.type === 'START_CHARGING')).toHaveLength(1);
  });

  it('continues as new after its signal threshold, counting batched signals whatever they carry, and bills every reading once', async () => {
    const ports = new InMemoryChargingPorts();
    const orderNo = 'CH20240510073000000103';
    // 4 signals a run at most; 1 start + 6 batches of 2 samples + the stop = 8 signals, 14 events.
    const input = sessionInput(orderNo, 5000n, { continueAsNewAfterSignals: 4 });
    const device = scriptedCharger('CHG-001', 1, orderNo);
    const readings = readingsFrom(7_000, 12);
    const { worker, taskQueue } = await createTestWorker(env, bundle, ports);

    const result = await worker.runUntil(async () => {
      const handle = await startSession(env, input, taskQueue);
      await sendBatch(handle, [device.startAccepted(readings[0]!.at, readings[0]!.wh)]);
      const samples = readings.slice(1);
      for (let i = 0; i < samples.length; i += 2) {
        await sendBatch(
          handle,
          samples.slice(i, i + 2).map((r) => device.sample(r.at, r.wh)),
        );
        await waitForStatus(handle, (s) => s.energyWh === (i + 2) * 600);
      }
      const live = await waitForStatus(handle, (s) => s.status === 'CHARGING');
      expect(live.runs).toBeGreaterThanOrEqual(2); // 7 signals at 4 per run
      expect(live.energyWh).toBe(7_200); // 12 samples × 600 Wh
      await handle.executeUpdate(requestStopUpdate, { args: [{ by: 'USER' }] });
      await sendBatch(handle, [device.stopped(readings.at(-1)!.at, readings.at(-1)!.wh)]);
      return handle.result();
    });

    expect(result.status).toBe('COMPLETED');
    expect(result.bill).toEqual(expectedBill(input, readings));
    expect(result.settlement?.finalMeter?.energyWh).toBe(14_200); // 7,000 + 12 × 600
    expect(ports.settlementCalls).toBe(1);
  });

  it('completes and settles once when its worker is shut down mid-session and another takes over (dev server)', async () => {
    const dev = await connectDevServer();
    try {
      const ports = new InMemoryChargingPorts();
      const orderNo = `CH-restart-${randomUUID()}`;
      const input = sessionInput(orderNo);
      const device = scriptedCharger('CHG-001', 1, orderNo);
      const readings = readingsFrom(2_000, 10);
      // A short sticky timeout: the server hands the session to the next worker quickly.
      const sticky = { stickyQueueScheduleToStartTimeout: '1 second' } as const;
      const first = await createTestWorker(dev, bundle, ports, undefined, sticky);
      const firstRun = first.worker.run();
      const handle = await startSession(dev, input, first.taskQueue);
      await sendEvents(handle, [
        device.startAccepted(readings[0]!.at, readings[0]!.wh),
        ...readings.slice(1, 5).map((r) => device.sample(r.at, r.wh)),
      ]);
      await waitForStatus(handle, (s) => s.energyWh === 4 * 600);
      first.worker.shutdown();
      await firstRun;

      // The device keeps talking while no worker is up: the server keeps the signals.
      await sendEvents(
        handle,
        readings.slice(5, 9).map((r) => device.sample(r.at, r.wh)),
      );
      const second = await createTestWorker(dev, bundle, ports, first.taskQueue, sticky);
      const result = await second.worker.runUntil(async () => {
        await waitForStatus(handle, (s) => s.energyWh === 8 * 600, 60_000);
        await handle.executeUpdate(requestStopUpdate, { args: [{ by: 'OPERATOR', requestId: 'op-stop' }] });
        await sendEvents(handle, [device.stopped(readings[10]!.at, readings[10]!.wh)]);
        return handle.result();
      });

      const expected = expectedBill(input, [...readings.slice(0, 9), readings[10]!]);
      expect(result.status).toBe('COMPLETED');
      expect(result.bill).toEqual(expected);
      expect(result.settlement?.endReason).toBe('OPERATOR');
      expect(ports.settlementCalls).toBe(1);
      expect(ports.refunds.get(prepayReturnNo(orderNo))?.amount).toBe(5000n - expected.total);
      expect(ports.commandCalls.filter((c) => c.type === 'START_CHARGING')).toHaveLength(1);
    } finally {
      await dev.close();
    }
  });
});
