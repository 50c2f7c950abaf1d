// Sustained device-event benchmark (issue 16): S live charging sessions on ONE worker (in this
// process, with the API, the ingestion and the bench's chargers), each charger reporting a meter
// sample every T seconds and a heartbeat every H seconds for D minutes, through Kafka into the
// workflows, on the REAL services. Not a test:
//   node --conditions=source --import tsx bench/sustained-sessions.bench.ts [--sessions=1000]
//     [--sample-seconds=60] [--heartbeat-seconds=60] [--minutes=2] [--partitions=6]
//     [--start-concurrency=50] [--checkpoint-seconds=300] [--warmup-seconds=180]
// (or BENCH_SESSIONS, BENCH_SAMPLE_SECONDS, BENCH_HEARTBEAT_SECONDS, BENCH_MINUTES,
// BENCH_PARTITIONS, BENCH_START_CONCURRENCY, BENCH_CHECKPOINT_SECONDS, BENCH_WARMUP_SECONDS). Phases:
//   open      S orders opened as the API opens them (serial registered, prepay, order row);
//   start     S workflows started, each charger answering with START_ACCEPTED at once;
//   live      until every order row is CHARGING with its auto-stop watch (decision 0019);
//   warm-up   the schedule below, not measured (the first heartbeats after the start are signals);
//   sustained D minutes: samples and heartbeats on schedule (spread evenly over the interval), each
//             stamped with its due time as its device timestamp; prints events/s produced and
//             applied, the end-to-end lag (device timestamp → applied in the workflow, measured by
//             a workflow interceptor, support/lag-probe.ts) p50/p95/p99/max, the process's RSS
//             (max) and CPU, the worker's cached workflows; every 30 s a progress line;
//   stop      every charger sends STOPPED; every session must COMPLETE with exactly the bill of
//             its readings (none lost, none wrong).
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import type { InjectedSinks } from '@temporalio/worker';
import {
  chargingStartOptions,
  type ChargingSessionResult,
  type chargingSessionWorkflow,
} from '@chargeflow/workflows';
import type { DeviceEvent } from '@chargeflow/core';
import pMap from 'p-map';
import { runOnBenchStack } from './support/charging-stack.js';
import { int, loadAverage as load, param, percentile } from './support/harness.js';
import type { LagSinks } from './support/lag-probe.js';
import type {
  MeterSampleEvent,
  RepositorySampleRecorder,
  SampleRecorder,
} from '../packages/adapters/src/temporal/sample-recorder.js';
import type { RecordedSampleStore, RecordedSamplesQuery } from '@chargeflow/workflows';
import { ChargerReports, asMessage, checkBills, openOrder, produceAll, within } from './support/sessions.js';

const S = param('sessions', 'BENCH_SESSIONS', 1000);
const T = param('sample-seconds', 'BENCH_SAMPLE_SECONDS', 60) * 1000;
const H = param('heartbeat-seconds', 'BENCH_HEARTBEAT_SECONDS', 60) * 1000;
const D = param('minutes', 'BENCH_MINUTES', 2) * 60_000;
const PARTITIONS = param('partitions', 'BENCH_PARTITIONS', 6);
const START_CONCURRENCY = param('start-concurrency', 'BENCH_START_CONCURRENCY', 50);
/** Decision 0019: a session whose samples are recorded is still signalled at least this often. */
const CHECKPOINT = param('checkpoint-seconds', 'BENCH_CHECKPOINT_SECONDS', 300) * 1000;
/** Wh per sample: 6 kW for one interval. */
const WH_PER_SAMPLE = Math.max(1, Math.round((6000 * T) / 3_600_000));
const TICK_MS = 100;
/**
 * The schedule runs this long before the measured minutes: after a long start phase no session
 * has been heard for more than the sign-of-life interval, so every first heartbeat is a signal
 * (one per session, at the dev server's signal rate); that burst is the start's tail, reported
 * apart as the warm-up, not the sustained load.
 */
const WARMUP = param('warmup-seconds', 'BENCH_WARMUP_SECONDS', 180) * 1000;

const mib = (bytes: number): string => `${int(bytes / 1048576)} MiB`;

/** Lags (ms) of the events applied, by phase and kind, recorded by the probe's sink. */
class LagRecorder {
  phase: 'start' | 'warmup' | 'sustained' | 'stop' = 'start';
  readonly sustained: number[] = [];
  applied = { start: 0, warmup: 0, sustained: 0, stop: 0 };
  accepted = 0;

  readonly sinks: InjectedSinks<LagSinks> = {
    lag: {
      applied: {
        fn: (_info, events) => {
          const now = Date.now();
          for (const { occurredAt, type } of events) {
            if (type === 'METER_SAMPLE' || type === 'HEARTBEAT' || this.phase !== 'sustained')
              this.applied[this.phase] += 1;
            if (type === 'START_ACCEPTED') this.accepted += 1;
            // The sustained phase's own reports only (a late START_ACCEPTED is not a sustained event).
            if (this.phase === 'sustained' && (type === 'METER_SAMPLE' || type === 'HEARTBEAT'))
              this.sustained.push(now - Date.parse(occurredAt));
          }
        },
        callDuringReplay: false,
      },
    },
  };
}

/**
 * The engine's sample recorder, timing each sustained sample from its device timestamp to the
 * commit of its insert (decision 0019: from then on the session reads it, signalled or not).
 */
class TimedRecorder implements SampleRecorder, RecordedSampleStore {
  readonly recorded: number[] = [];
  /** The same lags in the warm-up (not part of the sustained figures). */
  readonly warm: number[] = [];
  constructor(
    private readonly inner: RepositorySampleRecorder,
    private readonly lags: LagRecorder,
  ) {}
  watches(tenantId: string, orderNos: readonly string[]) {
    return this.inner.watches(tenantId, orderNos);
  }
  recordedSamples(query: RecordedSamplesQuery) {
    return this.inner.recordedSamples(query);
  }
  async record(tenantId: string, samples: readonly MeterSampleEvent[], recordedAt: number): Promise<void> {
    await this.inner.record(tenantId, samples, recordedAt);
    const into = { sustained: this.recorded, warmup: this.warm }[this.lags.phase as string];
    if (into === undefined) return;
    const now = Date.now();
    for (const sample of samples) into.push(now - Date.parse(sample.occurredAt));
  }
}

/**
 * Due events in time order: session i samples at offset i/S of the interval, heartbeats half an
 * interval later; `due(now)` returns every event due up to `now` since the last call.
 */
class Schedule {
  private nextSample = 0;
  private nextBeat = 0;
  constructor(
    private readonly reports: readonly ChargerReports[],
    private readonly t0: number,
  ) {}

  private at(k: number, every: number, shift: number): number {
    const n = this.reports.length;
    return this.t0 + shift + Math.floor(k / n) * every + ((k % n) * every) / n;
  }

  due(now: number): DeviceEvent[] {
    const events: DeviceEvent[] = [];
    const n = this.reports.length;
    for (let at = this.at(this.nextSample, T, T); at <= now; at = this.at(this.nextSample, T, T)) {
      events.push(this.reports[this.nextSample % n]!.sample(Math.round(at), WH_PER_SAMPLE));
      this.nextSample += 1;
    }
    for (let at = this.at(this.nextBeat, H, H / 2); at <= now; at = this.at(this.nextBeat, H, H / 2)) {
      events.push(this.reports[this.nextBeat % n]!.heartbeat(Math.round(at)));
      this.nextBeat += 1;
    }
    return events;
  }
}

async function main(): Promise<void> {
  console.log(
    `node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} CPUs; ` +
      `S=${int(S)} sessions, a sample every ${T / 1000} s and a heartbeat every ${H / 1000} s each, ` +
      `for ${D / 60_000} min; ${PARTITIONS} partitions; sample checkpoint ${CHECKPOINT / 1000} s; ` +
      `one worker (this process); ${load()}`,
  );
  const lags = new LagRecorder();
  let timed: TimedRecorder | undefined;
  const probe = fileURLToPath(new URL('./support/lag-probe.ts', import.meta.url));
  await runOnBenchStack(
    PARTITIONS,
    {
      worker: { sinks: lags.sinks },
      workflowInterceptorModules: [probe],
      sampleCheckpointMs: CHECKPOINT,
      samples: (inner) => (timed = new TimedRecorder(inner, lags)),
    },
    async (stack, producer) => {
      const send = (events: readonly DeviceEvent[]) =>
        produceAll(producer, stack.topics.events, events.map(asMessage));

      // open
      let t = performance.now();
      const inputs = await pMap(
        Array.from({ length: S }, (_, i) => `BENCH-${stack.run}-s${i}`),
        (serial) => openOrder(stack, serial, Math.max(600_000, 5 * H)),
        { concurrency: 16 },
      );
      console.log(`open: ${int(S)} orders in ${int(performance.now() - t)} ms   ${load()}`);

      // start
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const before = process.memoryUsage();
      t = performance.now();
      const reports = inputs.map((input) => new ChargerReports(input));
      const handles: WorkflowHandle<typeof chargingSessionWorkflow>[] = [];
      await pMap(
        reports,
        async (report) => {
          const handle = await stack.client.workflow.start<typeof chargingSessionWorkflow>(
            'chargingSessionWorkflow',
            chargingStartOptions(report.input, stack.taskQueue),
          );
          stack.track(handle);
          handles.push(handle);
          await send([report.accepted(Date.now())]);
        },
        { concurrency: START_CONCURRENCY },
      );
      const startDeadline = Date.now() + 20 * 60_000;
      while (lags.accepted < S && Date.now() < startDeadline) await new Promise((r) => setTimeout(r, 500));
      const startMs = performance.now() - t;
      gc?.();
      const after = process.memoryUsage();
      const cached = stack.workerStatus().numCachedWorkflows;
      console.log(
        `start: ${int(S)} workflows started, ${int(lags.accepted)} START_ACCEPTED applied in ` +
          `${int(startMs)} ms; cached workflows ${int(cached)}; RSS ${mib(before.rss)} → ${mib(after.rss)}, ` +
          `heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)}: ${((after.rss - before.rss) / 1024 / Math.max(cached, 1)).toFixed(0)} KiB RSS ` +
          `and ${((after.heapUsed - before.heapUsed) / 1024 / Math.max(cached, 1)).toFixed(0)} KiB heap per cached session${gc === undefined ? ' (run with --expose-gc for a steadier figure)' : ''}   ${load()}`,
      );

      // live: the start phase is over only when each session's row shows what the ingestion holds
      // samples by (CHARGING with its auto-stop watch published, decision 0019); until then its
      // samples are signalled one by one, which is the start burst, not the sustained load.
      t = performance.now();
      let live = 0;
      for (;;) {
        live = 0;
        for (let from = 0; from < S; from += 1_000) {
          const orderNos = inputs.slice(from, from + 1_000).map((input) => input.orderNo);
          const watches = (await timed?.watches(stack.tenantId, orderNos)) ?? new Map();
          for (const watch of watches.values())
            if (watch.status === 'CHARGING' && watch.watchWh !== null) live += 1;
        }
        if (live >= S || Date.now() > startDeadline) break;
        await new Promise((r) => setTimeout(r, 2_000));
      }
      console.log(
        `live: ${int(live)} of ${int(S)} sessions CHARGING with their watch published ${int(performance.now() - t)} ms later   ${load()}`,
      );

      const schedule = new Schedule(reports, Date.now());
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      if (WARMUP > 0) {
        lags.phase = 'warmup';
        const w0 = Date.now();
        const signals0 = stack.sinkCounts().signals;
        while (Date.now() < w0 + WARMUP) {
          const due = schedule.due(Date.now());
          if (due.length > 0) await send(due);
          await sleep(TICK_MS);
        }
        const warm = timed?.warm ?? [];
        console.log(
          `warm-up ${int(WARMUP / 1000)} s: ${int(stack.sinkCounts().signals - signals0)} signals; lag to recorded ` +
            `p50 ${int(percentile(warm, 0.5))} ms, p99 ${int(percentile(warm, 0.99))} ms (n=${int(warm.length)})   ${load()}`,
        );
      }

      // sustained
      lags.phase = 'sustained';
      const t0 = Date.now();
      const cpu0 = process.cpuUsage();
      let produced = 0;
      let producedSamples = 0;
      const counts0 = { ...stack.sinkCounts() };
      let maxRss = process.memoryUsage().rss;
      let nextReport = t0 + 30_000;
      while (Date.now() < t0 + D) {
        const due = schedule.due(Math.min(Date.now(), t0 + D));
        if (due.length > 0) await send(due);
        produced += due.length;
        producedSamples += due.filter((event) => event.type === 'METER_SAMPLE').length;
        maxRss = Math.max(maxRss, process.memoryUsage().rss);
        if (Date.now() >= nextReport) {
          nextReport += 30_000;
          const recent = lags.sustained.slice(-5000);
          const recorded = (timed?.recorded ?? []).slice(-5000);
          console.log(
            `  +${int((Date.now() - t0) / 1000)} s: produced ${int(produced)}, recorded ${int(timed?.recorded.length ?? 0)}, ` +
              `applied ${int(lags.applied.sustained)}, lag p99 (last 5,000) to recorded ` +
              `${recorded.length === 0 ? '-' : int(percentile(recorded, 0.99))} ms, to applied ` +
              `${recent.length === 0 ? '-' : int(percentile(recent, 0.99))} ms, RSS ${mib(maxRss)}, ` +
              `cached ${int(stack.workerStatus().numCachedWorkflows)}   ${load()}`,
          );
        }
        await new Promise((r) => setTimeout(r, TICK_MS));
      }
      const drainUntil = Date.now() + 60_000;
      // Every sample is recorded (decision 0019) and the signalled ones applied; signs of life
      // coalesced or skipped never are, so the drain waits for the recorded samples only.
      while ((timed?.recorded.length ?? 0) < producedSamples && Date.now() < drainUntil)
        await new Promise((r) => setTimeout(r, 200));
      await new Promise((r) => setTimeout(r, 2000));
      const wall = Date.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const all = lags.sustained;
      console.log(
        `sustained: ${int(produced)} events produced in ${int(D / 1000)} s = ${int((produced * 1000) / D)} events/s; ` +
          `${int(lags.applied.sustained)} applied (signs of life coalesced per batch count once per session)`,
      );
      const counts = stack.sinkCounts();
      const rec = timed?.recorded ?? [];
      console.log(
        `  ingestion: ${int(producedSamples)} samples produced, ${int(counts.samplesRecorded - counts0.samplesRecorded)} recorded, ` +
          `${int(counts.samplesHeld - counts0.samplesHeld)} batches held without a signal; ` +
          `${int(counts.signals - counts0.signals)} signals (background checkpoints included), ` +
          `${int(counts.checkpointsSkipped - counts0.checkpointsSkipped)} checkpoints skipped (16 in flight), ` +
          `${int(counts.livenessSkipped - counts0.livenessSkipped)} signs of life skipped`,
      );
      console.log(
        `  lag device timestamp → recorded (insert committed; the session reads it from then on): ` +
          `p50 ${int(percentile(rec, 0.5))} ms, p95 ${int(percentile(rec, 0.95))} ms, p99 ${int(percentile(rec, 0.99))} ms, ` +
          `max ${int(rec.reduce((a, b) => Math.max(a, b), 0))} ms (n=${int(rec.length)})`,
      );
      console.log(
        `  lag device timestamp → applied in the workflow: p50 ${int(percentile(all, 0.5))} ms, ` +
          `p95 ${int(percentile(all, 0.95))} ms, p99 ${int(percentile(all, 0.99))} ms, max ${int(all.reduce((a, b) => Math.max(a, b), 0))} ms (n=${int(all.length)})`,
      );
      console.log(
        `  this process (worker + ingestion + API + chargers): RSS max ${mib(maxRss)}, ` +
          `CPU ${((100 * (cpu.user + cpu.system)) / 1000 / wall).toFixed(0)}% of one core ` +
          `(user ${int(cpu.user / 1000)} ms, system ${int(cpu.system / 1000)} ms over ${int(wall)} ms); ` +
          `cached workflows ${int(stack.workerStatus().numCachedWorkflows)}   ${load()}`,
      );

      // stop
      lags.phase = 'stop';
      t = performance.now();
      const stopAt = Date.now();
      await send(reports.map((report) => report.stopped(stopAt, WH_PER_SAMPLE)));
      const results: (ChargingSessionResult | undefined)[] = await pMap(
        handles,
        (handle) =>
          within(handle.result(), `session ${handle.workflowId}`, 20 * 60_000).catch(() => undefined),
        { concurrency: 200 },
      );
      const lost = results.filter((r) => r === undefined).length;
      console.log(
        `stop: ${int(S - lost)} of ${int(S)} sessions settled in ${int(performance.now() - t)} ms; lost ${lost}`,
      );
      if (lost > 0) throw new Error(`${lost} sessions did not complete`);
      const byWorkflow = new Map(reports.map((r) => [r.input.orderNo, r]));
      const settled = results as ChargingSessionResult[];
      const checked = checkBills(
        settled.map((r) => byWorkflow.get(r.orderNo)!),
        settled,
      );
      console.log(
        `bills checked: ${int(checked)} sessions, each exactly the bill of its readings   ${load()}`,
      );
    },
  );
}

await main();
