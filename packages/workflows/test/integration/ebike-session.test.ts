// ebikeSessionWorkflow on the time-skipping test server: the real workflow bundle, a real worker,
// in-memory ports. Every expected bill is worked out by hand in the comments (never by the pricer).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bill, DeviceEvent } from '@chargeflow/core';
import { prepayReturnNo } from '../../src/charging/input.js';
import { deviceEventsSignal } from '../../src/charging/messages.js';
import { ebikeOperatorEndUpdate, ebikeRequestStopUpdate } from '../../src/ebike/messages.js';
import { scriptedEbikeBox } from '../support/ebike-box.js';
import {
  DURATION,
  HOUR,
  MINUTE,
  PERIOD_SERVICE,
  POWER,
  POWER_SERVICE_48H,
  T0,
  UNIFIED,
  ebikeInput,
  prepay,
  startEbike,
  waitForEbike,
  type EbikeHandle,
} from '../support/ebike-fixtures.js';
import { bundleWorkflows, createTestWorker, startTimeSkipping } from '../support/harness.js';
import { InMemoryChargingPorts } from '../support/in-memory-ports.js';

/** kind, band, quantity and amount (fen) of every line: what a reader of the bill sees. */
const lines = (bill: Bill | undefined) =>
  bill?.lines.map((l) => [l.kind, l.band ?? '-', `${l.quantity.value} × ${l.quantity.unit}`, l.amount]);

describe('ebikeSessionWorkflow (time-skipping server)', () => {
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

  const send = (handle: EbikeHandle, events: readonly DeviceEvent[]) =>
    handle.signal(deviceEventsSignal, events);
  const stopByUser = (handle: EbikeHandle) =>
    handle.executeUpdate(ebikeRequestStopUpdate, { args: [{ by: 'USER' }] });
  const commandsOf = (orderNo: string) =>
    ports.commandCalls.filter((c) => 'orderNo' in c && c.orderNo === orderNo).map((c) => c.commandId);

  it('TAR-6 ORD-8 a session ending within the free minutes costs nothing and the whole prepay is returned', async () => {
    const orderNo = 'EB20240510073000000001';
    const box = scriptedEbikeBox('EB-BOX-1', 1, orderNo);
    const handle = await startEbike(env, ebikeInput(orderNo, DURATION), taskQueue);
    await send(handle, [box.startAccepted(T0), box.sample(T0 + 3 * MINUTE, 10, 150)]);
    await waitForEbike(handle, (s) => s.durationS === 180);
    await stopByUser(handle);
    await send(handle, [box.stopped(T0 + 9 * MINUTE, 30)]);
    const result = await handle.result();
    // 9 min ≤ 10 free minutes → one FREE line of 540 s, 0.00; prepay 5.00 back in full.
    expect(result.status).toBe('ENDED');
    expect(lines(result.bill)).toEqual([['FREE', '-', '540 × s', 0n]]);
    expect(result.settlement).toMatchObject({ fee: 0n, prepayReturned: 500n, endReason: 'USER' });
    expect(ports.refunds.get(prepayReturnNo(orderNo))).toMatchObject({ type: 'PREPAY_RETURN', amount: 500n });
  });

  it('TAR-6 a partial band rounds up; settled once although the stop report arrives twice (ORD-6, ORD-7)', async () => {
    const orderNo = 'EB20240510073000000002';
    const box = scriptedEbikeBox('EB-BOX-1', 2, orderNo);
    const handle = await startEbike(env, ebikeInput(orderNo, DURATION, { socketNo: 2 }), taskQueue);
    const samples = [1, 2, 3, 4, 5].map((h) => box.sample(T0 + h * HOUR, h * 150, 160));
    await send(handle, [box.startAccepted(T0), ...samples]);
    await waitForEbike(handle, (s) => s.durationS === 5 * 3600);
    await stopByUser(handle);
    const stopped = box.stopped(T0 + 5 * HOUR + 20_000, 760);
    await send(handle, [stopped, stopped]);
    const result = await handle.result();
    // 5 h 00 min 20 s = 18,020 s → ⌈18,020 / 14,400⌉ = 2 × 4 h × 1.00 = 2.00; prepay 5.00 − 2.00 = 3.00 back.
    expect(lines(result.bill)).toEqual([['DURATION', '-', '2 × 4 h', 200n]]);
    expect(result.settlement).toMatchObject({ fee: 200n, prepayReturned: 300n });
    expect(ports.settlements.get(orderNo)?.settlement.fee).toBe(200n);
    expect(ports.refunds.get(prepayReturnNo(orderNo))?.amount).toBe(300n);
    expect(ports.progress.filter((p) => p.orderNo === orderNo).map((p) => p.status)).toEqual([
      'CHARGING',
      'ENDED',
    ]);
    expect(commandsOf(orderNo)).toEqual([`${orderNo}:START`, `${orderNo}:STOP:USER`]);
  });

  it('TAR-6 auto-stop at the threshold by the timer: the box is told to stop at 8 h, billed up to 8 h', async () => {
    const orderNo = 'EB20240510073000000003';
    const box = scriptedEbikeBox('EB-BOX-1', 3, orderNo);
    const input = ebikeInput(orderNo, DURATION, {
      socketNo: 3,
      timeouts: { startMs: 2 * MINUTE, heartbeatMs: 9 * HOUR, stopMs: 2 * MINUTE },
    });
    const handle = await startEbike(env, input, taskQueue);
    await send(handle, [box.startAccepted(T0), box.sample(T0 + HOUR, 200, 200)]);
    await waitForEbike(handle, (s) => s.durationS === 3600);
    await env.sleep(8 * HOUR + MINUTE);
    await waitForEbike(handle, (s) => s.stopReason === 'AUTO_STOP');
    await send(handle, [box.stopped(T0 + 8 * HOUR + 40_000, 1600, 'AUTO_STOP')]);
    const result = await handle.result();
    expect(commandsOf(orderNo)).toContain(`${orderNo}:STOP:AUTO_STOP`);
    // 8 h 00 min 40 s reported, billed up to the 8 h threshold: ⌈28,800 / 14,400⌉ = 2 × 1.00 = 2.00.
    expect(lines(result.bill)).toEqual([['DURATION', '-', '2 × 4 h', 200n]]);
    expect(result.bill?.notes?.join(' ')).toContain('auto-stop threshold of 8 h');
    expect(result.settlement).toMatchObject({ fee: 200n, prepayReturned: 300n, endReason: 'AUTO_STOP' });
  });

  it('TAR-7 POWER bills every started hour at the band of the highest power reported', async () => {
    const orderNo = 'EB20240510073000000004';
    const box = scriptedEbikeBox('EB-BOX-1', 4, orderNo);
    const handle = await startEbike(env, ebikeInput(orderNo, POWER, { socketNo: 4 }), taskQueue);
    await send(handle, [
      box.startAccepted(T0),
      box.sample(T0 + 30 * MINUTE, 75, 150),
      box.sample(T0 + 60 * MINUTE, 250, 350),
      box.sample(T0 + 90 * MINUTE, 400, 300),
    ]);
    await waitForEbike(handle, (s) => s.durationS === 5400 && s.maxPowerW === 350);
    await stopByUser(handle);
    await send(handle, [box.stopped(T0 + 95 * MINUTE, 420)]);
    const result = await handle.result();
    // max 350 W → band 2 (201–400 W, 0.30 per h); 95 min → ⌈5,700 / 3,600⌉ = 2 h → 2 × 0.30 = 0.60.
    expect(lines(result.bill)).toEqual([['DURATION', 'POWER_2', '2 × 1 h', 60n]]);
    expect(result.settlement).toMatchObject({ fee: 60n, prepayReturned: 440n });
  });

  it('TAR-7 auto-stop when the fee goes above the auto-stop amount; the bill is capped at the amount', async () => {
    const orderNo = 'EB20240510073000000005';
    const box = scriptedEbikeBox('EB-BOX-1', 5, orderNo);
    const input = ebikeInput(orderNo, POWER, { socketNo: 5, autoStopAmount: 90n as never });
    const handle = await startEbike(env, input, taskQueue);
    // Fees at 350 W (0.30 per started hour): 1 h 0.30, 2 h 0.60, 3 h 0.90 (= the amount, keep going), 3 h 10 min 1.20 (above: stop).
    await send(handle, [
      box.startAccepted(T0),
      ...[1, 2, 3].map((h) => box.sample(T0 + h * HOUR, h * 300, 350)),
    ]);
    await waitForEbike(handle, (s) => s.durationS === 3 * 3600);
    expect((await waitForEbike(handle, () => true)).stopReason).toBeUndefined();
    await send(handle, [box.sample(T0 + 3 * HOUR + 10 * MINUTE, 960, 350)]);
    await waitForEbike(handle, (s) => s.stopReason === 'AUTO_STOP');
    await send(handle, [box.stopped(T0 + 3 * HOUR + 11 * MINUTE, 965, 'AUTO_STOP')]);
    const result = await handle.result();
    // 3 h 11 min → 4 h × 0.30 = 1.20 uncapped, capped at the 0.90 amount; prepay 5.00 − 0.90 = 4.10 back.
    expect(lines(result.bill)).toEqual([['DURATION', 'POWER_2', '4 × 1 h', 120n]]);
    expect(result.bill?.uncappedTotal).toBe(120n);
    expect(result.settlement).toMatchObject({ fee: 90n, prepayReturned: 410n, endReason: 'AUTO_STOP' });
  });

  it('TAR-8 ORD-3 a silent box suspends the order, a report resumes it; energy going backwards is ignored', async () => {
    const orderNo = 'EB20240510073000000006';
    const box = scriptedEbikeBox('EB-BOX-1', 6, orderNo);
    const handle = await startEbike(env, ebikeInput(orderNo, UNIFIED, { socketNo: 6 }), taskQueue);
    await send(handle, [
      box.startAccepted(T0),
      box.sample(T0 + 5 * MINUTE, 100, 180),
      box.sample(T0 + 20 * MINUTE, 600, 180),
      box.sample(T0 + 30 * MINUTE, 500, 180), // backwards: not taken (ORD-7)
    ]);
    const seen = await waitForEbike(handle, (s) => s.durationS === 1200);
    expect(seen.energyWh).toBe(600);
    await env.sleep(6 * MINUTE);
    await waitForEbike(handle, (s) => s.status === 'SUSPENDED');
    await send(handle, [box.sample(T0 + 40 * MINUTE, 1234, 180)]);
    await waitForEbike(handle, (s) => s.status === 'CHARGING' && s.energyWh === 1234);
    await stopByUser(handle);
    await send(handle, [box.stopped(T0 + 41 * MINUTE, 1234)]);
    const result = await handle.result();
    // 1.234 kWh × 0.60 = 0.7404 → 0.74; × 0.40 = 0.4936 → 0.49; total 1.23; prepay 5.00 − 1.23 = 3.77 back.
    expect(lines(result.bill)).toEqual([
      ['ENERGY', '-', '1.234 × kWh', 74n],
      ['SERVICE', '-', '1.234 × kWh', 49n],
    ]);
    expect(result.settlement).toMatchObject({ fee: 123n, prepayReturned: 377n });
    expect(ports.progress.filter((p) => p.orderNo === orderNo).map((p) => p.status)).toEqual([
      'CHARGING',
      'SUSPENDED',
      'CHARGING',
      'ENDED',
    ]);
  });

  it('TAR-9 ORD-4 stops when the fee goes above the prepay, and charges exactly the prepay', async () => {
    const orderNo = 'EB20240510073000000007';
    const box = scriptedEbikeBox('EB-BOX-1', 7, orderNo);
    const input = ebikeInput(orderNo, PERIOD_SERVICE, { socketNo: 7, funding: prepay(orderNo, 100n) });
    const handle = await startEbike(env, input, taskQueue);
    // 100 Wh per 10 min. 60 min: 0.6 kWh × 0.60 = 0.36 + 1 started h × 0.50 = 0.86 ≤ 1.00;
    // 70 min: 0.42 + 2 × 0.50 = 1.42 > 1.00 → PREPAY_EXHAUSTED.
    const samples = [1, 2, 3, 4, 5, 6].map((i) => box.sample(T0 + i * 10 * MINUTE, i * 100, 400));
    await send(handle, [box.startAccepted(T0), ...samples]);
    await waitForEbike(handle, (s) => s.durationS === 3600);
    expect((await waitForEbike(handle, () => true)).stopReason).toBeUndefined();
    await send(handle, [box.sample(T0 + 70 * MINUTE, 700, 400)]);
    await waitForEbike(handle, (s) => s.stopReason === 'PREPAY_EXHAUSTED');
    await send(handle, [box.stopped(T0 + 71 * MINUTE, 710)]);
    const result = await handle.result();
    expect(commandsOf(orderNo)).toContain(`${orderNo}:STOP:PREPAY_EXHAUSTED`);
    // 0.71 kWh × 0.60 = 0.426 → 0.43; 71 min → 2 started h × 0.50 = 1.00; 1.43 capped at the 1.00 prepay.
    expect(lines(result.bill)).toEqual([
      ['ENERGY', '-', '0.710 × kWh', 43n],
      ['SERVICE', '-', '2 × 1 h', 100n],
    ]);
    expect(result.settlement).toMatchObject({ fee: 100n, uncappedFee: 143n, prepayReturned: 0n });
    expect(ports.refunds.has(prepayReturnNo(orderNo))).toBe(false);
  });

  it('TAR-10 a 48-hour session stops itself at the 48 h threshold reported by the box', async () => {
    const orderNo = 'EB20240510073000000008';
    const box = scriptedEbikeBox('EB-BOX-1', 8, orderNo);
    const input = ebikeInput(orderNo, POWER_SERVICE_48H, { socketNo: 8, funding: prepay(orderNo, 5000n) });
    const handle = await startEbike(env, input, taskQueue);
    const hourly = Array.from({ length: 48 }, (_, i) => box.sample(T0 + (i + 1) * HOUR, (i + 1) * 100, 100));
    await send(handle, [box.startAccepted(T0), ...hourly]);
    await waitForEbike(handle, (s) => s.stopReason === 'AUTO_STOP');
    await send(handle, [box.stopped(T0 + 48 * HOUR + 30_000, 4800, 'AUTO_STOP')]);
    const result = await handle.result();
    // 4.8 kWh × 0.60 = 2.88; max 100 W → band 1 (0.20 per h); 48 h 00 min 30 s billed up to 48 h → 48 × 0.20 = 9.60;
    // total 12.48; prepay 50.00 − 12.48 = 37.52 back.
    expect(lines(result.bill)).toEqual([
      ['ENERGY', '-', '4.800 × kWh', 288n],
      ['SERVICE', 'POWER_1', '48 × 1 h', 960n],
    ]);
    expect(result.settlement).toMatchObject({ fee: 1248n, prepayReturned: 3752n, endReason: 'AUTO_STOP' });
    expect(ports.refunds.get(prepayReturnNo(orderNo))?.amount).toBe(3752n);
  });

  it('ORD-5 operator end with an entered duration; below zero or beyond the session is refused', async () => {
    const orderNo = 'EB20240510073000000009';
    const box = scriptedEbikeBox('EB-BOX-1', 9, orderNo);
    const input = ebikeInput(orderNo, DURATION, {
      socketNo: 9,
      timeouts: { startMs: 2 * MINUTE, heartbeatMs: 9 * HOUR, stopMs: 2 * MINUTE },
    });
    const handle = await startEbike(env, input, taskQueue);
    await send(handle, [box.startAccepted(T0), box.sample(T0 + HOUR, 100, 150)]);
    await waitForEbike(handle, (s) => s.durationS === 3600);
    await env.sleep(6 * HOUR);
    const end = (durationS: number) =>
      handle.executeUpdate(ebikeOperatorEndUpdate, { args: [{ operatorId: 'op-1', durationS }] });
    for (const bad of [-1, 7 * 3600]) {
      await expect(end(bad)).rejects.toMatchObject({ cause: { type: 'EBIKE_END_DURATION_INVALID' } });
    }
    expect((await waitForEbike(handle, () => true)).status).toBe('CHARGING');
    await end(5 * 3600);
    const result = await handle.result();
    // entered 5 h = 18,000 s → ⌈18,000 / 14,400⌉ = 2 × 1.00 = 2.00.
    expect(lines(result.bill)).toEqual([['DURATION', '-', '2 × 4 h', 200n]]);
    expect(result.settlement).toMatchObject({ fee: 200n, prepayReturned: 300n, endReason: 'OPERATOR_END' });
    expect(commandsOf(orderNo)).toContain(`${orderNo}:STOP:OPERATOR_END`);
  });

  it('ORD-5 operator end of a SUSPENDED order settles with the last reported duration', async () => {
    const orderNo = 'EB20240510073000000010';
    const box = scriptedEbikeBox('EB-BOX-1', 10, orderNo);
    const handle = await startEbike(env, ebikeInput(orderNo, POWER, { socketNo: 10 }), taskQueue);
    await send(handle, [box.startAccepted(T0), box.sample(T0 + 150 * MINUTE, 600, 250)]);
    await waitForEbike(handle, (s) => s.durationS === 9000);
    await env.sleep(6 * MINUTE);
    await waitForEbike(handle, (s) => s.status === 'SUSPENDED');
    await handle.executeUpdate(ebikeOperatorEndUpdate, { args: [{ operatorId: 'op-1' }] });
    const result = await handle.result();
    // last report 2 h 30 min at 250 W → band 2: ⌈9,000 / 3,600⌉ = 3 × 0.30 = 0.90.
    expect(lines(result.bill)).toEqual([['DURATION', 'POWER_2', '3 × 1 h', 90n]]);
    expect(result.settlement).toMatchObject({ fee: 90n, prepayReturned: 410n, endReason: 'OPERATOR_END' });
  });

  it('ORD-2 ORD-8 a rejected start is ABNORMAL, costs nothing and returns the whole prepay', async () => {
    const orderNo = 'EB20240510073000000011';
    const box = scriptedEbikeBox('EB-BOX-1', 1, orderNo);
    const handle = await startEbike(env, ebikeInput(orderNo, DURATION), taskQueue);
    await send(handle, [box.startRejected(T0, 'socket busy')]);
    const result = await handle.result();
    expect(result.status).toBe('ABNORMAL');
    expect(result.settlement).toMatchObject({ fee: 0n, prepayReturned: 500n, endReason: 'START_REJECTED' });
    expect(ports.refunds.get(prepayReturnNo(orderNo))?.amount).toBe(500n);
  });

  it('ORD-8 ten sockets of one box charging at once are each billed on their own', async () => {
    const orders = Array.from({ length: 10 }, (_, i) => `EB2024051007310000000${i}`);
    const boxes = orders.map((orderNo, i) => scriptedEbikeBox('EB-BOX-2', i + 1, orderNo));
    const handles = await Promise.all(
      orders.map((orderNo, i) =>
        startEbike(
          env,
          ebikeInput(orderNo, DURATION, {
            deviceSerial: 'EB-BOX-2',
            socketNo: i + 1,
            // Generous timers: ten sessions on a loaded machine must not meet a start or stop timeout.
            timeouts: { startMs: HOUR, heartbeatMs: 9 * HOUR, stopMs: HOUR },
          }),
          taskQueue,
        ),
      ),
    );
    // Socket i (1…10) charges i × 40 min, then the box reports it stopped (the user unplugged); every
    // workflow is sent the whole box's batch (all sockets' events) in one signal. Nothing here needs a
    // timer, so the test waits for the ten to close without letting the server skip time: skipping
    // while ten workflow tasks are in flight expires them (and then the executions) on a loaded machine.
    const batch = boxes.flatMap((box, i) => [
      box.startAccepted(T0),
      box.sample(T0 + (i + 1) * 40 * MINUTE, (i + 1) * 100, 150),
      box.stopped(T0 + (i + 1) * 40 * MINUTE, (i + 1) * 100),
    ]);
    await Promise.all(handles.map((h) => send(h, batch)));
    const deadline = Date.now() + 90_000;
    for (const h of handles) {
      while ((await h.describe()).status.name === 'RUNNING') {
        if (Date.now() > deadline) throw new Error(`${h.workflowId} still running`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const results = await Promise.all(handles.map((h) => h.result()));
    // 40…240 min → 1 started 4 h = 1.00; 280…400 min → 2 × 4 h = 2.00.
    expect(
      results.map((r) => r.settlement?.fee),
      JSON.stringify(
        results.map((r) => [r.status, r.settlement?.endReason, r.bill?.lines.map((l) => l.label)]),
      ),
    ).toEqual([100n, 100n, 100n, 100n, 100n, 100n, 200n, 200n, 200n, 200n]);
    expect(orders.map((o) => ports.refunds.get(prepayReturnNo(o))?.amount)).toEqual([
      400n,
      400n,
      400n,
      400n,
      400n,
      400n,
      300n,
      300n,
      300n,
      300n,
    ]);
  });
});
