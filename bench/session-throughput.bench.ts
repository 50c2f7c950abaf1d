// Session throughput benchmark (issues 6 and 16): N concurrent car charging sessions × M meter
// samples (a burst: every charger's whole session sent at once) into the charging workflows, on the
// REAL services (`npm run services up`), wired as the multi-tenant API and worker are
// (bench/support/charging-stack.ts). Not a test: `node --conditions=source --import tsx
// bench/session-throughput.bench.ts [--sessions=20] [--samples=50] [--rounds=3] [--partitions=6]
// [--http-concurrency=1]` (or BENCH_SESSIONS, BENCH_SAMPLES, BENCH_ROUNDS, BENCH_PARTITIONS,
// BENCH_HTTP_CONCURRENCY). Each round measures, in the same run:
//   raw       the same number of device-event messages produced to a fresh topic and read by a plain
//             kafkajs consumer group (already joined): first send → last message consumed;
//   signals   N sessions started, then one Temporal `deviceEvent` signal per event, --partitions at a
//             time, in order per session: first signal → every workflow COMPLETED (the ceiling of
//             one signal per event, the design before issue 16);
//   pipeline  N sessions started (order row + prepay in the tenant's database, serial registered in
//             the device registry, then the Temporal client start), then per session START_ACCEPTED,
//             M × METER_SAMPLE and STOPPED produced to the device-events topic, as chargers would:
//             first send → every workflow COMPLETED (ingestion in batches → serial's tenant → one
//             signal per workflow per batch → workflow → settlement and prepay return);
//   latency   N `fetch` POST /me/orders as a signed-in app user (Bearer token, the app plane's
//             permission and OWNER scope; --http-concurrency at a time) to the whole API on a
//             loopback socket, each on its own charger → that order's START_CHARGING on the commands
//             topic (those workflows are terminated right after: they only serve the latency).
// Every session of the signals and pipeline rounds must settle exactly the bill of its readings.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { WorkflowHandle } from '@temporalio/client';
import { chargingWorkflowId } from '@chargeflow/workflows';
import {
  propertyProfile,
  providerProfile,
} from '../packages/adapters/test/integration/fixtures/org-profiles.js';
import { pipelineRound, rawMessages, signalRound } from './support/burst-rounds.js';
import { runOnBenchStack, type BenchStack } from './support/charging-stack.js';
import { int, loadAverage as load, median, param, percentile } from './support/harness.js';
import { startRawReader } from './support/raw-consumer.js';
import { within } from './support/sessions.js';

// ---- parameters ----------------------------------------------------------------------------------
const N = param('sessions', 'BENCH_SESSIONS', 20);
const M = param('samples', 'BENCH_SAMPLES', 50);
const ROUNDS = param('rounds', 'BENCH_ROUNDS', 3);
const PARTITIONS = param('partitions', 'BENCH_PARTITIONS', 6);
/**
 * HTTP clients starting orders at once in the latency part. 1 by default: concurrent app starts can
 * fail with 500 (InnoDB deadlock on the `payment` insert, see docs/architecture.md § Performance).
 */
const HTTP_CONCURRENCY = param('http-concurrency', 'BENCH_HTTP_CONCURRENCY', 1);
const EVENTS_PER_SESSION = M + 2; // START_ACCEPTED + M × METER_SAMPLE + STOPPED

// ---- start → command over HTTP ------------------------------------------------------------------------
const DAY_MS = 86_400_000;

async function post(
  stack: BenchStack,
  path: string,
  body: unknown,
  headers: Record<string, string>,
  status = 201,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status !== status) {
    throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(json)}`);
  }
  return json;
}

/**
 * The tenant administrator's charging site, over HTTP: provider (approved) → property → CAR station with a
 * flat tariff already in force (saved two days before, TAR-3); the station's id.
 */
async function openHttpStation(stack: BenchStack): Promise<string> {
  const pending = await post(
    stack,
    '/providers',
    providerProfile('Bench provider', '13600000001'),
    stack.admin,
  );
  await post(stack, `/providers/${String(pending['id'])}/audit`, { decision: 'APPROVE' }, stack.admin, 200);
  const created = await post(
    stack,
    '/properties',
    propertyProfile(String(pending['id']), 'Bench', '13600000002'),
    stack.admin,
  );
  const property = created['property'] as { id: string };
  const { station } = (await post(
    stack,
    '/stations',
    { propertyId: property.id, name: 'Bench' },
    stack.admin,
  )) as { station: { id: string } };
  stack.clockOffsetMs = -2 * DAY_MS;
  try {
    await post(
      stack,
      `/stations/${station.id}/tariffs`,
      { kind: 'CAR', pricing: { mode: 'FLAT', energyPrice: '0.80', servicePrice: '0.40' } },
      stack.admin,
    );
  } finally {
    stack.clockOffsetMs = 0;
  }
  return station.id;
}

let chargerSeq = 0;

/**
 * `count` POST /me/orders as the app user, HTTP_CONCURRENCY clients at a time, each on a fresh charger
 * (created by the administrator: its serial is registered) → its START_CHARGING seen; ms, one per start.
 */
async function httpStartRound(stack: BenchStack, stationId: string, count: number): Promise<number[]> {
  const serials: string[] = [];
  for (let i = 0; i < count; i++) {
    chargerSeq += 1;
    const serialNo = `BENCH-${stack.run}-http-${chargerSeq}`;
    await post(stack, `/stations/${stationId}/chargers`, { serialNo, name: `H${chargerSeq}` }, stack.admin);
    await post(stack, `/chargers/${serialNo}/connectors`, { connectorNo: '1' }, stack.admin);
    serials.push(serialNo);
  }
  const started: { handle: WorkflowHandle; latency: number }[] = [];
  const queue = [...serials];
  const client = async (): Promise<void> => {
    for (let chargerSerial = queue.shift(); chargerSerial !== undefined; chargerSerial = queue.shift()) {
      const t0 = performance.now();
      const { orderNo } = (await post(
        stack,
        '/me/orders',
        { chargerSerial, connectorNo: '1', prepay: '50.00' },
        stack.appUser,
      )) as { orderNo: string };
      const handle = stack.client.workflow.getHandle(chargingWorkflowId(stack.tenantId, orderNo));
      stack.track(handle); // terminated by stop() if this round fails half-way
      const t1 = await within(stack.startCommandSeen(orderNo), `START_CHARGING of ${orderNo}`, 120_000);
      started.push({ handle, latency: t1 - t0 });
    }
  };
  await Promise.all(Array.from({ length: Math.min(HTTP_CONCURRENCY, count) }, client));
  // Nothing answers these starts: end them now so they do not wait on the worker during the rounds.
  await Promise.all(started.map(({ handle }) => handle.terminate('benchmark: latency measured')));
  return started.map((s) => s.latency);
}

// ---- main -----------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const events = N * EVENTS_PER_SESSION;
  console.log(
    `node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} CPUs; ` +
      `N=${N} sessions × M=${M} samples (+ START_ACCEPTED, STOPPED) = ${int(events)} events a round; ` +
      `${PARTITIONS} partitions; ${HTTP_CONCURRENCY} HTTP start(s) at a time; median of ${ROUNDS} rounds after a warm-up round`,
  );
  const setup = performance.now();
  await runOnBenchStack(PARTITIONS, {}, async (stack, producer) => {
    const raw = await startRawReader(stack, producer, PARTITIONS);
    const stationId = await openHttpStation(stack);
    console.log(
      `setup (platform database, tenant database and account, sign-ins, topics, groups, workflow bundle, ` +
        `worker, API on ${stack.baseUrl}): ` +
        `${int(performance.now() - setup)} ms`,
    );

    // Warm-up (not counted): worker caches, consumer fetch sessions, connections.
    await raw.measure(rawMessages(stack.run, 0, Math.min(N, 5), Math.min(M, 5)));
    await httpStartRound(stack, stationId, Math.min(N, 5));
    await signalRound(stack, Math.min(N, 5), Math.min(M, 5), PARTITIONS);
    await pipelineRound(stack, producer, Math.min(N, 5), Math.min(M, 5));

    const rawMs: number[] = [];
    const signalMs: number[] = [];
    const pipeMs: number[] = [];
    const latencies: number[] = [];
    const clientLatencies: number[] = [];
    let bills = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const r = await raw.measure(rawMessages(stack.run, round, N, M));
      const h = await httpStartRound(stack, stationId, N);
      const s = await signalRound(stack, N, M, PARTITIONS);
      const p = await pipelineRound(stack, producer, N, M);
      rawMs.push(r);
      signalMs.push(s.ms);
      pipeMs.push(p.ms);
      latencies.push(...h);
      clientLatencies.push(...p.latencies);
      bills += s.billsChecked + p.billsChecked;
      console.log(
        `round ${round}: raw ${int(r)} ms (${int((events * 1000) / r)} msg/s)   signals ${int(s.ms)} ms ` +
          `(${int((events * 1000) / s.ms)} events/s)   pipeline ${int(p.ms)} ms ` +
          `(${int((events * 1000) / p.ms)} events/s)   POST /me/orders→command p50 ${int(percentile(h, 0.5))} ms   ${load()}`,
      );
    }
    await raw.stop();

    const rawRate = (events * 1000) / median(rawMs);
    const signalRate = (events * 1000) / median(signalMs);
    const pipeRate = (events * 1000) / median(pipeMs);
    console.log(
      `raw kafkajs consumer group         ${int(rawRate).padStart(9)} msg/s     (median ${int(median(rawMs))} ms for ${int(events)} messages)`,
    );
    console.log(
      `raw one signal per event (${PARTITIONS} lanes) ${int(signalRate).padStart(9)} events/s  (median ${int(median(signalMs))} ms, to every session settled)`,
    );
    console.log(
      `pipeline to settled sessions       ${int(pipeRate).padStart(9)} events/s  (median ${int(median(pipeMs))} ms; ` +
        `ratio pipeline/raw consumer ${(pipeRate / rawRate).toFixed(3)}×, pipeline/one signal per event ${(pipeRate / signalRate).toFixed(1)}×)`,
    );
    console.log(`bills checked: ${bills} sessions, each exactly the bill of its readings   ${load()}`);
    console.log(
      `HTTP POST /me/orders (app user) → START_CHARGING on the commands topic: p50 ${int(percentile(latencies, 0.5))} ms, ` +
        `p95 ${int(percentile(latencies, 0.95))} ms (n=${latencies.length}, ${N} starts a round, ` +
        `${HTTP_CONCURRENCY} at a time)`,
    );
    console.log(
      `  for comparison, Temporal client workflow.start → START_CHARGING (pipeline starts): ` +
        `p50 ${int(percentile(clientLatencies, 0.5))} ms, p95 ${int(percentile(clientLatencies, 0.95))} ms`,
    );
  });
}

await main();
