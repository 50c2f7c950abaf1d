// Burst rounds of the device-event benches: N sessions opened and started at once, then every
// charger's whole session (START_ACCEPTED, M samples a device minute apart, STOPPED) sent at once,
// timed from the first event sent to every workflow COMPLETED, every bill checked. Two ways in:
//   pipeline  produced to the device-events topic: ingestion → batched signals (the product path);
//   signals   the second baseline: the raw Temporal loop of one `deviceEvent` signal per event,
//             `lanes` at a time (session i in lane i mod lanes, in order, like one partition each).
import { performance } from 'node:perf_hooks';
import type { WorkflowHandle } from '@temporalio/client';
import {
  chargingStartOptions,
  chargingWorkflowId,
  deviceEventSignal,
  type ChargingSessionInput,
  type chargingSessionWorkflow,
} from '@chargeflow/workflows';
import type { DeviceEvent } from '@chargeflow/core';
import type { Message, Producer } from 'kafkajs';
import type { BenchStack } from './charging-stack.js';
import { ChargerReports, asMessage, checkBills, openOrder, produceAll, within } from './sessions.js';

/** Wh per sample: 6 kW, one sample a (device) minute. */
const WH_PER_SAMPLE = 100;

/** What a round measured. */
export interface BurstRound {
  /** Temporal client start → START_CHARGING seen, ms, one per session. */
  readonly latencies: number[];
  /** First device event sent → every workflow COMPLETED, ms. */
  readonly ms: number;
  /** Sessions whose bill was checked (all of them). */
  readonly billsChecked: number;
}

/** Every session's events, charger by charger in step (all chargers report at once). */
export function interleavedEvents(reports: readonly ChargerReports[], samples: number): DeviceEvent[] {
  const startAt = Date.now();
  const perSession = reports.map((report) => [
    report.accepted(startAt),
    ...Array.from({ length: samples }, (_, k) => report.sample(startAt + (k + 1) * 60_000, WH_PER_SAMPLE)),
    report.stopped(startAt + (samples + 1) * 60_000, WH_PER_SAMPLE),
  ]);
  return Array.from({ length: samples + 2 }, (_, step) => perSession.map((events) => events[step]!)).flat();
}

/** The raw-consumer baseline's messages: the same shape and count, for sessions that do not exist. */
export function rawMessages(run: string, round: number, sessions: number, samples: number): Message[] {
  const reports = Array.from(
    { length: sessions },
    (_, i) =>
      new ChargerReports({
        orderNo: `RAW${round}-${i}`,
        chargerSerial: `BENCH-${run}-raw-${i}`,
      } as ChargingSessionInput),
  );
  return interleavedEvents(reports, samples).map(asMessage);
}

/** Opens and starts `sessions` sessions at once; each one's start → START_CHARGING latency. */
async function startSessions(
  stack: BenchStack,
  sessions: number,
  label: string,
): Promise<{
  reports: ChargerReports[];
  handles: WorkflowHandle<typeof chargingSessionWorkflow>[];
  latencies: number[];
}> {
  const inputs: ChargingSessionInput[] = [];
  for (let i = 0; i < sessions; i++) inputs.push(await openOrder(stack, `BENCH-${stack.run}-${label}-${i}`));
  const started = await Promise.all(
    inputs.map(async (input) => {
      const seen = stack.startCommandSeen(input.orderNo);
      const t0 = performance.now();
      const handle = await stack.client.workflow.start<typeof chargingSessionWorkflow>(
        'chargingSessionWorkflow',
        chargingStartOptions(input, stack.taskQueue),
      );
      stack.track(handle);
      const t1 = await within(seen, `START_CHARGING of ${input.orderNo}`, 120_000);
      return { handle, latency: t1 - t0 };
    }),
  );
  return {
    reports: inputs.map((input) => new ChargerReports(input)),
    handles: started.map((s) => s.handle),
    latencies: started.map((s) => s.latency),
  };
}

let rounds = 0;

/** One burst round, the events going in through `send`; then every result and bill is checked. */
async function burstRound(
  stack: BenchStack,
  sessions: number,
  samples: number,
  send: (events: readonly DeviceEvent[], reports: readonly ChargerReports[]) => Promise<void>,
): Promise<BurstRound> {
  rounds += 1;
  const { reports, handles, latencies } = await startSessions(stack, sessions, `r${rounds}`);
  const events = interleavedEvents(reports, samples);
  const t0 = performance.now();
  await send(events, reports);
  const results = await within(
    Promise.all(handles.map((handle) => handle.result())),
    `${sessions} workflows to complete`,
  );
  const ms = performance.now() - t0;
  return { latencies, ms, billsChecked: checkBills(reports, results) };
}

/** The product path: the events produced to the device-events topic. */
export function pipelineRound(
  stack: BenchStack,
  producer: Producer,
  sessions: number,
  samples: number,
): Promise<BurstRound> {
  return burstRound(stack, sessions, samples, (events) =>
    produceAll(producer, stack.topics.events, events.map(asMessage)),
  );
}

/** The raw baseline: one `deviceEvent` signal per event, `lanes` signals in flight, in order per session. */
export function signalRound(
  stack: BenchStack,
  sessions: number,
  samples: number,
  lanes: number,
): Promise<BurstRound> {
  return burstRound(stack, sessions, samples, async (events, reports) => {
    const lane = new Map(reports.map((r, i) => [r.input.orderNo, i % lanes]));
    const queues = Array.from({ length: lanes }, () => [] as DeviceEvent[]);
    for (const event of events) {
      if ('orderNo' in event) queues[lane.get(event.orderNo) ?? 0]!.push(event);
    }
    await Promise.all(
      queues.map(async (queue) => {
        for (const event of queue) {
          if (!('orderNo' in event)) continue;
          const id = chargingWorkflowId(stack.tenantId, event.orderNo);
          await stack.client.workflow.getHandle(id).signal(deviceEventSignal, event);
        }
      }),
    );
  });
}
