// Session throughput benchmark (issue 6): N concurrent car charging sessions × M meter samples through
// Kafka into the charging workflows, on the REAL services (`npm run services up`), wired as the
// multi-tenant API and worker are (bench/support/charging-stack.ts: one tenant provisioned through
// the control plane, the worker over the API's tenant pools and device registry).
// Not a test: `node --conditions=source --import tsx bench/session-throughput.bench.ts [--sessions=20]
// [--samples=50] [--rounds=3] [--partitions=6] [--http-concurrency=1]` (or BENCH_SESSIONS, BENCH_SAMPLES,
// BENCH_ROUNDS, BENCH_PARTITIONS, BENCH_HTTP_CONCURRENCY). Each round measures, in the same run:
//   raw       the same number of device-event messages produced to a fresh topic and read by a plain
//             kafkajs consumer group (already joined): first send → last message consumed;
//   pipeline  N sessions started (order row + prepay in the tenant's database, serial registered in
//             the device registry, then the Temporal client start), then per session START_ACCEPTED,
//             M × METER_SAMPLE and STOPPED produced to the device-events topic, as chargers would:
//             first send → every workflow COMPLETED (ingestion → serial's tenant → signals → workflow
//             → settlement and prepay return in the tenant's database);
//   latency   N `fetch` POST /me/orders as a signed-in app user (the app's prepay start, with its
//             Bearer token: authentication, the app plane's permission and OWNER scope included;
//             --http-concurrency at a time, 1 by default) to the whole API served on a loopback
//             socket, each on its own charger (created over HTTP by the tenant administrator) →
//             that order's START_CHARGING seen by a consumer of the commands topic (those workflows
//             are terminated right after: they only serve the latency).
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { WorkflowHandle } from '@temporalio/client';
import { fen, type DeviceEvent } from '@chargeflow/core';
import {
  chargingStartOptions,
  chargingWorkflowId,
  type ChargingSessionInput,
  type chargingSessionWorkflow,
} from '@chargeflow/workflows';
import type { Message, Producer } from 'kafkajs';
import { TOU_DEF } from '../packages/core/src/tariff/fixtures/sample-tariffs.js';
import { createDeviceProducer } from '../packages/adapters/src/kafka/producer.js';
import { startBenchStack, type BenchStack } from './support/charging-stack.js';
import { int, median, param, percentile, runBench } from './support/harness.js';

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
/** Large enough that no session stops itself on PREPAY_EXHAUSTED, whatever M. */
const PREPAY = fen(10_000_000);
const WH_PER_SAMPLE = 100; // 6 kW, one sample a minute (device time)
const START_METER_WH = 10_000;
const PRODUCE_CHUNK = 500;
const WAIT_MS = 300_000;

// ---- helpers --------------------------------------------------------------------------------------
async function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Session {
  readonly orderNo: string;
  readonly serial: string;
}

/** The events one charger reports for one session: accepted, M samples a (device) minute apart, stopped. */
function sessionEvents(session: Session, samples: number, startAt: number): DeviceEvent[] {
  const base = { serialNo: session.serial, connectorNo: 1, orderNo: session.orderNo };
  const at = (k: number) => new Date(startAt + k * 60_000).toISOString();
  const events: DeviceEvent[] = [
    {
      ...base,
      eventId: `${session.orderNo}-a`,
      occurredAt: at(0),
      type: 'START_ACCEPTED',
      meterWh: START_METER_WH,
    },
  ];
  for (let k = 1; k <= samples; k++) {
    events.push({
      ...base,
      eventId: `${session.orderNo}-s${k}`,
      occurredAt: at(k),
      type: 'METER_SAMPLE',
      meterWh: START_METER_WH + k * WH_PER_SAMPLE,
      powerW: 6000,
      voltageV: 230,
      currentA: 26,
    });
  }
  events.push({
    ...base,
    eventId: `${session.orderNo}-z`,
    occurredAt: at(samples + 1),
    type: 'STOPPED',
    meterWh: START_METER_WH + (samples + 1) * WH_PER_SAMPLE,
    reason: 'USER',
  });
  return events;
}

/** All sessions' events interleaved step by step (every charger reports at once), keyed by serial. */
function interleaved(sessions: readonly Session[], samples: number): Message[] {
  const startAt = Date.now();
  const perSession = sessions.map((s) => sessionEvents(s, samples, startAt));
  const messages: Message[] = [];
  for (let step = 0; step < samples + 2; step++) {
    for (const events of perSession) {
      const event = events[step]!;
      messages.push({ key: event.serialNo, value: JSON.stringify(event) });
    }
  }
  return messages;
}

/** Sends in chunks (a request stays far below the broker's max message size), in order. */
async function produceAll(producer: Producer, topic: string, messages: readonly Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += PRODUCE_CHUNK) {
    await producer.send({ topic, messages: messages.slice(i, i + PRODUCE_CHUNK) });
  }
}

// ---- baseline: a plain consumer group -------------------------------------------------------------
interface RawReader {
  /** Produces the messages to the raw topic; resolves with the ms from the first send to the last message read. */
  measure(messages: readonly Message[]): Promise<number>;
  stop(): Promise<void>;
}

async function startRawReader(stack: BenchStack, producer: Producer): Promise<RawReader> {
  const topic = stack.extraTopic('raw-device-events');
  const admin = stack.kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  const consumer = stack.kafka.consumer({ groupId: stack.group('raw') });
  let count = 0;
  let target = Infinity;
  let done: ((at: number) => void) | undefined;
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async () => {
      count += 1;
      if (count >= target) done?.(performance.now());
    },
  });
  await within(joined, 'the raw consumer to join its group', 60_000);
  return {
    async measure(messages) {
      count = 0;
      target = messages.length;
      const finished = new Promise<number>((resolve) => (done = resolve));
      const t0 = performance.now();
      await produceAll(producer, topic, messages);
      const t1 = await within(finished, `${messages.length} raw messages`);
      done = undefined;
      target = Infinity;
      return t1 - t0;
    },
    stop: () => consumer.disconnect(),
  };
}

// ---- start → command over HTTP ------------------------------------------------------------------------
const DAY_MS = 86_400_000;

async function post(
  stack: BenchStack,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status !== 201) {
    throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(json)}`);
  }
  return json;
}

/**
 * The tenant administrator's charging site, over HTTP: provider → property → CAR station with a
 * flat tariff already in force (saved two days before, TAR-3); the station's id.
 */
async function openHttpStation(stack: BenchStack): Promise<string> {
  const provider = await post(stack, '/providers', { name: 'Bench provider' }, stack.admin);
  const property = await post(
    stack,
    '/properties',
    { providerId: provider['id'], name: 'Bench' },
    stack.admin,
  );
  const { station } = (await post(
    stack,
    '/stations',
    { propertyId: property['id'], name: 'Bench' },
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

// ---- the pipeline ---------------------------------------------------------------------------------
let seq = 0;

/**
 * Registers the serial to the tenant (as creating its charger would), creates the order row and takes
 * the prepay in the tenant's database (what the API does before it starts the workflow).
 */
async function openOrder(stack: BenchStack, serial: string): Promise<ChargingSessionInput> {
  seq += 1;
  await stack.register(serial);
  const orderNo = `CB${stack.run}${String(seq).padStart(5, '0')}`;
  const paymentNo = `PB${stack.run}${String(seq).padStart(5, '0')}`;
  await stack.channel.pay({ paymentNo, orderNo, amount: PREPAY, stationId: 'st-bench' });
  const funding = { kind: 'PREPAY', paymentNo, prepay: PREPAY } as const;
  await stack.orders.create({
    orderNo,
    providerId: 'pv-bench',
    propertyId: 'pp-bench',
    stationId: 'st-bench',
    chargerId: `ch-${serial}`,
    chargerSerial: serial,
    connectorId: `cn-${serial}`,
    connectorNo: '1',
    startWay: 'APP',
    funding,
    tariff: { tariffId: TOU_DEF.id, version: TOU_DEF.version },
    createdAt: Date.now(),
  });
  return {
    tenantId: stack.tenantId,
    orderNo,
    stationId: 'st-bench',
    chargerSerial: serial,
    connectorNo: 1,
    startWay: 'APP',
    funding,
    tariff: TOU_DEF,
    timeZone: 'Asia/Shanghai',
    timeouts: { startMs: 120_000, heartbeatMs: 600_000, stopMs: 120_000 },
    preconditions: {
      assets: { stationEnabled: true, areaEnabled: true, chargerEnabled: true, connectorEnabled: true },
      prepayPaid: true,
    },
    options: { afterEndListenMs: 0 },
  };
}

interface PipelineRound {
  /** Temporal client start → START_CHARGING seen, ms, one per session (for comparison with HTTP). */
  readonly latencies: number[];
  /** First device event sent → every workflow COMPLETED, ms. */
  readonly ms: number;
}

async function pipelineRound(
  stack: BenchStack,
  producer: Producer,
  sessions: number,
  samples: number,
): Promise<PipelineRound> {
  const inputs: ChargingSessionInput[] = [];
  for (let i = 0; i < sessions; i++) inputs.push(await openOrder(stack, `BENCH-${stack.run}-${seq + 1}`));

  // N concurrent starts; each one's latency runs from its start call to its command on the topic.
  const started = await Promise.all(
    inputs.map(async (input) => {
      const seen = stack.startCommandSeen(input.orderNo);
      const t0 = performance.now();
      const handle: WorkflowHandle<typeof chargingSessionWorkflow> = await stack.client.workflow.start<
        typeof chargingSessionWorkflow
      >('chargingSessionWorkflow', chargingStartOptions(input, stack.taskQueue));
      stack.track(handle);
      const t1 = await within(seen, `START_CHARGING of ${input.orderNo}`, 120_000);
      return { handle, latency: t1 - t0 };
    }),
  );

  const messages = interleaved(
    inputs.map((input) => ({ orderNo: input.orderNo, serial: input.chargerSerial })),
    samples,
  );
  const t0 = performance.now();
  await produceAll(producer, stack.topics.events, messages);
  const results = await within(
    Promise.all(started.map(({ handle }) => handle.result())),
    `${sessions} workflows to complete`,
  );
  const ms = performance.now() - t0;

  const finalMeter = START_METER_WH + (samples + 1) * WH_PER_SAMPLE;
  const wrong = results.filter(
    (r) =>
      r.status !== 'COMPLETED' || r.settlement?.finalMeter?.energyWh !== finalMeter || !(r.bill?.total ?? 0n),
  );
  if (wrong.length > 0) {
    throw new Error(
      `${wrong.length} sessions did not settle as expected, e.g. ${JSON.stringify(wrong[0], (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
    );
  }
  return { latencies: started.map((s) => s.latency), ms };
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
  const stack = await startBenchStack(PARTITIONS);
  const producer = createDeviceProducer(stack.kafka);
  const cleanUp = async (): Promise<void> => {
    await producer.disconnect().catch(() => undefined);
    await stack.stop();
  };
  await runBench(cleanUp, async () => {
    await producer.connect();
    const raw = await startRawReader(stack, producer);
    const stationId = await openHttpStation(stack);
    const sessionsOf = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        orderNo: `RAW${seq}-${i}`,
        serial: `BENCH-${stack.run}-raw-${i}`,
      }));
    console.log(
      `setup (platform database, tenant database and account, sign-ins, topics, groups, workflow bundle, ` +
        `worker, API on ${stack.baseUrl}): ` +
        `${int(performance.now() - setup)} ms`,
    );

    // Warm-up (not counted): worker caches, consumer fetch sessions, connections.
    await raw.measure(interleaved(sessionsOf(Math.min(N, 5)), Math.min(M, 5)));
    await httpStartRound(stack, stationId, Math.min(N, 5));
    await pipelineRound(stack, producer, Math.min(N, 5), Math.min(M, 5));

    const rawMs: number[] = [];
    const pipeMs: number[] = [];
    const latencies: number[] = [];
    const clientLatencies: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      seq += 1;
      const r = await raw.measure(interleaved(sessionsOf(N), M));
      const h = await httpStartRound(stack, stationId, N);
      const p = await pipelineRound(stack, producer, N, M);
      rawMs.push(r);
      pipeMs.push(p.ms);
      latencies.push(...h);
      clientLatencies.push(...p.latencies);
      console.log(
        `round ${round}: raw ${int(r)} ms (${int((events * 1000) / r)} msg/s)   pipeline ${int(p.ms)} ms ` +
          `(${int((events * 1000) / p.ms)} events/s)   POST /me/orders→command p50 ${int(percentile(h, 0.5))} ms`,
      );
    }
    await raw.stop();

    const rawRate = (events * 1000) / median(rawMs);
    const pipeRate = (events * 1000) / median(pipeMs);
    console.log(
      `raw kafkajs consumer group   ${int(rawRate).padStart(9)} msg/s     (median ${int(median(rawMs))} ms for ${int(events)} messages)`,
    );
    console.log(
      `pipeline to settled sessions ${int(pipeRate).padStart(9)} events/s  (median ${int(median(pipeMs))} ms; ratio pipeline/raw ${(pipeRate / rawRate).toFixed(3)}×)`,
    );
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
