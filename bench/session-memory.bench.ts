// Worker memory per open session (issue 16): RSS per cached charging-session workflow on the real
// workflow bundle, against two baselines measured in the same run. Not a test:
//   node --expose-gc --conditions=source --import tsx bench/session-memory.bench.ts [--sessions=500]
//     [--warm=50] [--concurrency=20]
// (or BENCH_SESSIONS, BENCH_WARM, BENCH_CONCURRENCY). Needs only the time-skipping test server
// binary (installed by `npm run services up`); it starts its own, so no shared service is loaded.
//
// Each variant runs in a fresh child process (RSS is never given back, so variants must not share a
// process): a worker on the time-skipping server (production cache tuning, reused V8 context, one
// workflow thread), `--warm` workflows started and cached, RSS read, `--sessions` more started and
// cached, RSS read again; per workflow = ΔRSS / --sessions (one-time costs stay out).
//   idle      a workflow that holds nothing and waits for a signal (its own bundle): the SDK's floor;
//   graph     the same idle workflow in the production bundle (the module graph, no session state);
//   eager     the production workflows with the module graph of before (contract rules, luxon, zod,
//             the tariff schemas eagerly in every workflow, support/memory/eager-graph-workflows.ts);
//   sessions  the production bundle (packages/workflows/src/workflows.ts).
// For eager and sessions every workflow is a TOU charging session, started, START_ACCEPTED and
// three meter samples applied (one deviceEvents signal), then waiting with its heartbeat timer armed.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import {
  chargingStartOptions,
  createChargingActivities,
  deviceEventsSignal,
  payloadConverterPath,
  workflowBundlerOptions,
  workflowsPath,
  type chargingSessionWorkflow,
} from '@chargeflow/workflows';
import { scriptedCharger } from '../packages/workflows/test/support/device.js';
import { startTimeSkipping } from '../packages/workflows/test/support/harness.js';
import { InMemoryChargingPorts } from '../packages/workflows/test/support/in-memory-ports.js';
import { sessionInput, T0 } from '../packages/workflows/test/support/session-fixtures.js';
import { int, loadAverage, param, rawParam, runBench } from './support/harness.js';

const SESSIONS = param('sessions', 'BENCH_SESSIONS', 500);
const WARM = param('warm', 'BENCH_WARM', 50);
const CONCURRENCY = param('concurrency', 'BENCH_CONCURRENCY', 20);
const VARIANT = rawParam('variant', 'BENCH_VARIANT');
/** Workflows in a worker thread as in production (RSS only; the thread's heap cannot be collected from here). */
const THREADED = process.argv.includes('--threaded') || process.env['BENCH_THREADED'] === '1';
const VARIANTS = ['idle', 'graph', 'eager', 'sessions'] as const;
type Variant = (typeof VARIANTS)[number];

const MIB = 1024 * 1024;

/** Runs `task` over `items`, `limit` at a time. */
async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await task(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
const HOUR = 3_600_000;
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

interface Measured {
  readonly variant: Variant;
  readonly rssWarmMiB: number;
  readonly rssMiB: number;
  readonly perWorkflowKiB: number;
  readonly heapPerWorkflowKiB: number;
  readonly cached: number;
  readonly startsPerSecond: number;
}

function entryOf(variant: Variant): string {
  if (variant === 'idle') return here('./support/memory/idle-workflow.ts');
  if (variant === 'graph') return here('./support/memory/graph-workflows.ts');
  if (variant === 'eager') return here('./support/memory/eager-graph-workflows.ts');
  return workflowsPath;
}

async function settled(worker: Worker, cached: number): Promise<{ rss: number; heap: number }> {
  while (worker.getStatus().numCachedWorkflows < cached) await sleep(200);
  await sleep(3_000); // let the workflows finish their tasks and the allocator settle
  globalThis.gc?.();
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

/** One variant in this process; prints one JSON line. */
async function measure(variant: Variant): Promise<void> {
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  await runBench(
    async () => {
      worker?.shutdown();
      await running?.catch(() => undefined);
      await env?.teardown();
    },
    async () => {
      env = await startTimeSkipping();
      const taskQueue = `memory-${randomUUID()}`;
      const workflowBundle = await bundleWorkflowCode({
        workflowsPath: entryOf(variant),
        payloadConverterPath,
        ...workflowBundlerOptions,
        logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
      });
      const ports = new InMemoryChargingPorts();
      worker = await Worker.create({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue,
        workflowBundle,
        dataConverter: { payloadConverterPath },
        activities: createChargingActivities(ports.ports),
        maxCachedWorkflows: WARM + SESSIONS + 100,
        maxConcurrentWorkflowTaskExecutions: 40,
        // Main thread unless --threaded: then gc() reaches the workflows' heap and the retained
        // memory per workflow is exact (the same reused V8 context as the worker thread runs).
        debugMode: !THREADED,
      });
      running = worker.run();
      const client = env.client;
      const start = async (i: number): Promise<void> => {
        const orderNo = `M${i}`;
        if (variant === 'idle' || variant === 'graph') {
          await client.workflow.start('idleWorkflow', { taskQueue, workflowId: `idle-${i}` });
          return;
        }
        const input = sessionInput(orderNo);
        const handle = await client.workflow.start<typeof chargingSessionWorkflow>(
          'chargingSessionWorkflow',
          chargingStartOptions(
            { ...input, timeouts: { startMs: HOUR, heartbeatMs: HOUR, stopMs: HOUR } },
            taskQueue,
          ),
        );
        const charger = scriptedCharger(input.chargerSerial, input.connectorNo, orderNo);
        await handle.signal(deviceEventsSignal, [
          charger.startAccepted(T0, 1_000),
          charger.sample(T0 + 10 * 60_000, 2_000),
          charger.sample(T0 + 40 * 60_000, 4_000),
          charger.sample(T0 + 70 * 60_000, 6_000),
        ]);
      };
      const ids = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + k);
      await eachLimit(ids(0, WARM), CONCURRENCY, start);
      const warm = await settled(worker, WARM);
      const began = performance.now();
      await eachLimit(ids(WARM, SESSIONS), CONCURRENCY, start);
      const seconds = (performance.now() - began) / 1000;
      const all = await settled(worker, WARM + SESSIONS);
      const measured: Measured = {
        variant,
        rssWarmMiB: warm.rss / MIB,
        rssMiB: all.rss / MIB,
        perWorkflowKiB: (all.rss - warm.rss) / SESSIONS / 1024,
        heapPerWorkflowKiB: (all.heap - warm.heap) / SESSIONS / 1024,
        cached: worker.getStatus().numCachedWorkflows,
        startsPerSecond: SESSIONS / seconds,
      };
      console.log(JSON.stringify(measured));
    },
  );
}

function runVariant(variant: Variant): Measured {
  const result = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--conditions=source',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      `--variant=${variant}`,
      `--sessions=${SESSIONS}`,
      `--warm=${WARM}`,
      `--concurrency=${CONCURRENCY}`,
      ...(THREADED ? ['--threaded'] : []),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = result.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"variant"'));
  if (result.status !== 0 || line === undefined) {
    throw new Error(`variant ${variant} failed (exit ${result.status}): ${result.stdout.slice(-2000)}`);
  }
  return JSON.parse(line) as Measured;
}

function main(): void {
  console.log(
    `session memory: ${int(WARM)} warm-up + ${int(SESSIONS)} measured workflows per variant, ${CONCURRENCY} starts at a time, ` +
      `workflows in ${THREADED ? 'a worker thread' : 'the main thread'}   ${loadAverage()}`,
  );
  const results = new Map<Variant, Measured>();
  for (const variant of VARIANTS) {
    const m = runVariant(variant);
    results.set(variant, m);
    console.log(
      `  ${variant.padEnd(8)} RSS ${m.rssWarmMiB.toFixed(0)} → ${m.rssMiB.toFixed(0)} MiB   ` +
        `${m.perWorkflowKiB.toFixed(0).padStart(5)} KiB RSS, ` +
        `${THREADED ? '  n/a' : m.heapPerWorkflowKiB.toFixed(0).padStart(5)} KiB heap per cached workflow   cached ${int(m.cached)}   ` +
        `${m.startsPerSecond.toFixed(0)} starts/s   ${loadAverage()}`,
    );
  }
  const per = (v: Variant): number => {
    const m = results.get(v)!;
    return THREADED ? m.perWorkflowKiB : Math.max(m.perWorkflowKiB, m.heapPerWorkflowKiB);
  };
  const idle = per('idle');
  const graph = per('graph');
  const eager = per('eager');
  const sessions = per('sessions');
  const mib = (kib: number): string => (kib / 1024).toFixed(2);
  console.log(
    `per cached session (${THREADED ? 'RSS' : 'the larger of RSS and heap'}): ${mib(sessions)} MiB   ` +
      `eager graph ${mib(eager)}, module graph alone ${mib(graph)}, idle ${mib(idle)} MiB`,
  );
  console.log(
    `ratio sessions/eager ${(sessions / eager).toFixed(2)}   sessions/graph ${(sessions / graph).toFixed(2)}   ` +
      `sessions/idle ${(sessions / idle).toFixed(2)}`,
  );
  console.log(
    `sessions per GiB of worker RSS: ${int((1024 * 1024) / sessions)} (eager graph ${int((1024 * 1024) / eager)})`,
  );
}

if (VARIANT === undefined) main();
else if ((VARIANTS as readonly string[]).includes(VARIANT)) await measure(VARIANT as Variant);
else throw new Error(`--variant: one of ${VARIANTS.join(', ')}`);
