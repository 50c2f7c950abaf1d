import type { DeviceEvent } from '@chargeflow/core';
import type { Batch, EachBatchPayload, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { z } from 'zod';
import { BackoffSchema, retryUntilDone, type Backoff } from './backoff.js';
import type { RetrySettings } from './delivery.js';
import { classifyDeviceMessage, deadLetterMessage, type SourceRecord } from './dead-letter.js';
import { asBatchSink, deliverBatch, type BatchDeliveryStage } from './batch-delivery.js';
import { resolveTenants, routeByTenant, writeTelemetry } from './delivery.js';
import { dedupKey } from './dedup.js';
import { KafkaAdapterError } from './errors.js';
import {
  silentLogger,
  type AdapterLogger,
  type DedupStore,
  type DeliveryFailure,
  type DeviceEventBatchSink,
  type DeviceEventSink,
  type DeviceTelemetryWriter,
  type DeviceTenantLookup,
  type TenantDeviceEvent,
} from './ports.js';
import { createDeviceProducer } from './producer.js';
import type { DeviceTopics } from './topics.js';

const SettingsSchema = z.object({
  groupId: z.string().min(1).max(249),
  /** Partitions processed at once; events of one partition (hence of one serial) stay sequential. */
  partitionsConsumedConcurrently: z.number().int().min(1).max(1000).default(6),
  /** A new consumer group starts at the oldest retained event, so nothing sent before it joined is lost. */
  fromBeginning: z.boolean().default(true),
  backoff: BackoffSchema.default({ initialMs: 200, maxMs: 30_000 }),
  /** Attempts before an event the sink refuses permanently is dead-lettered (an outage retries forever). */
  maxDeliveryAttempts: z.number().int().min(1).max(1000).default(5),
});

/** What `startDeviceEventIngestion` needs. */
export interface DeviceEventIngestionOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: DeviceTopics;
  /** Serial → tenant (the platform's device registry); an unregistered serial is dead-lettered UNKNOWN_DEVICE. */
  readonly devices: DeviceTenantLookup;
  /** A batch sink (one call per consumed batch), or a one-event sink called in order. */
  readonly sink: DeviceEventSink | DeviceEventBatchSink;
  readonly dedup: DedupStore;
  readonly telemetry?: DeviceTelemetryWriter;
  readonly logger?: AdapterLogger;
  readonly partitionsConsumedConcurrently?: number;
  readonly fromBeginning?: boolean;
  readonly backoff?: Partial<Backoff>;
  readonly maxDeliveryAttempts?: number;
}

/** A running ingestion consumer. */
export interface DeviceEventIngestion {
  /** Stops consuming (an in-flight retry gives up without committing), then disconnects. */
  stop(): Promise<void>;
}

/** How often the consumer heartbeats while a batch is being delivered (kafkajs sends at most one per heartbeatInterval). */
const HEARTBEAT_WHILE_DELIVERING_MS = 1_000;

interface Handlers {
  readonly options: DeviceEventIngestionOptions;
  readonly stage: BatchDeliveryStage;
  readonly producer: Producer;
  readonly backoff: Backoff;
  readonly signal: AbortSignal;
  readonly logger: AdapterLogger;
}

const sourceOf = (batch: Batch, message: KafkaMessage): SourceRecord => ({
  topic: batch.topic,
  partition: batch.partition,
  offset: message.offset,
  key: message.key,
  value: message.value,
  ...(message.headers === undefined ? {} : { headers: message.headers }),
});

/**
 * Consumes device events (SPEC §14) a batch at a time (`eachBatch`, one partition per batch):
 * validates each, resolves its serial's tenant in the device registry, dead-letters what is
 * malformed, of an unknown type or from a serial no tenant registered (the stream never stops),
 * de-duplicates by tenant + serial + event id and hands the rest to the sink with their tenant in
 * one call per batch, in offset order (the Temporal sink sends one signal per workflow). Delivery is
 * at-least-once: a batch's offsets are committed only after every event of it was dead-lettered,
 * recognised as a duplicate or accepted by the sink. A failing sink or registry look-up is retried
 * with backoff and blocks only its own partition; an event the sink refuses permanently is
 * dead-lettered `DEVICE_EVENT_UNDELIVERABLE` after `maxDeliveryAttempts`.
 */
export async function startDeviceEventIngestion(
  options: DeviceEventIngestionOptions,
): Promise<DeviceEventIngestion> {
  const parsed = SettingsSchema.safeParse({
    groupId: options.groupId,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    fromBeginning: options.fromBeginning,
    maxDeliveryAttempts: options.maxDeliveryAttempts,
    backoff:
      options.backoff === undefined ? undefined : { initialMs: 200, maxMs: 30_000, ...options.backoff },
  });
  if (!parsed.success) {
    throw new KafkaAdapterError('KAFKA_CONFIG_INVALID', `device event ingestion: ${parsed.error.message}`, {
      issues: parsed.error.issues,
    });
  }
  const settings = parsed.data;
  const logger = options.logger ?? silentLogger;
  const abort = new AbortController();
  const producer = createDeviceProducer(options.kafka);
  const consumer = options.kafka.consumer({ groupId: settings.groupId });
  const stage: BatchDeliveryStage = {
    sink: asBatchSink(options.sink),
    dedup: options.dedup,
    maxAttempts: settings.maxDeliveryAttempts,
  };
  const handlers: Handlers = {
    options,
    stage,
    producer,
    backoff: settings.backoff,
    signal: abort.signal,
    logger,
  };

  await producer.connect();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [options.topics.events], fromBeginning: settings.fromBeginning });
    await consumer.run({
      partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => processBatch(payload, handlers),
    });
  } catch (error) {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= (async () => {
        abort.abort();
        await consumer.disconnect();
        await producer.disconnect();
      })();
      return stopping;
    },
  };
}

/** Produces dead letters in one request, retried in place; false when told to stop first. */
async function publishDeadLetters(
  messages: readonly Message[],
  handlers: Handlers,
  retry: RetrySettings,
  where: object,
): Promise<boolean> {
  if (messages.length === 0) return true;
  const sent = await retryUntilDone(
    () => handlers.producer.send({ topic: handlers.options.topics.dlq, messages: [...messages] }),
    {
      ...retry,
      onFailure: (error, attempt, waitMs) =>
        handlers.logger.error(
          { ...where, attempt, waitMs, err: error },
          'dead-letter publish failed; retrying',
        ),
    },
  );
  return sent.done;
}

/** The DLQ messages of events the sink refused permanently (original bytes, the last error as detail). */
function undeliverableLetters(
  failures: readonly DeliveryFailure[],
  sources: ReadonlyMap<string, SourceRecord>,
): Message[] {
  return failures.flatMap((failure) =>
    failure.events.flatMap((item) => {
      const source = sources.get(dedupKey(item.event, item.tenantId));
      const detail = failure.error instanceof Error ? failure.error.message : String(failure.error);
      return source === undefined ? [] : [deadLetterMessage(source, 'DEVICE_EVENT_UNDELIVERABLE', detail)];
    }),
  );
}

/**
 * One consumed batch (one partition, offset order): decode, serials' tenants, telemetry, dead
 * letters, then every valid event through the batch sink in one go (one signal per workflow);
 * the batch's last offset is resolved and committed only when all of that succeeded.
 */
async function processBatch(payload: EachBatchPayload, handlers: Handlers): Promise<void> {
  const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
  const { options, logger } = handlers;
  const where = { topic: batch.topic, partition: batch.partition };
  const retry: RetrySettings = {
    backoff: handlers.backoff,
    signal: handlers.signal,
    shouldContinue: () => isRunning() && !isStale(),
    heartbeat,
  };
  const decoded = batch.messages.map((message) => {
    const source = sourceOf(batch, message);
    return { message, source, classified: classifyDeviceMessage(source) };
  });

  // The tenant of each serial (device registry), before anything is written: an event of an
  // unregistered serial is dead-lettered, so neither its telemetry nor its signal goes anywhere.
  const tenants = await resolveTenants(
    options.devices,
    decoded.flatMap((r) => (r.classified.kind === 'event' ? [r.classified.event] : [])),
    retry,
    logger,
    where,
  );
  if (tenants === undefined) return;
  const records = decoded.map((r) => ({ ...r, routed: routeByTenant(r.classified, tenants) }));

  // Telemetry next, for the whole batch: the writer is idempotent by event id, so a batch retried
  // after a later sink failure only rewrites the same documents.
  const telemetry = options.telemetry;
  const valid: DeviceEvent[] = records.flatMap((r) => (r.routed.kind === 'event' ? [r.routed.event] : []));
  if (telemetry !== undefined && !(await writeTelemetry(telemetry, valid, retry, logger, where))) return;

  const dead: Message[] = [];
  const events: TenantDeviceEvent[] = [];
  const sources = new Map<string, SourceRecord>();
  for (const { message, source, routed } of records) {
    if (routed.kind === 'dead-letter') {
      dead.push(deadLetterMessage(source, routed.reason, routed.detail));
      logger.warn(
        { ...where, offset: message.offset, reason: routed.reason, detail: routed.detail },
        'device event dead-lettered',
      );
    } else {
      events.push({ event: routed.event, tenantId: routed.tenantId });
      const key = dedupKey(routed.event, routed.tenantId);
      if (!sources.has(key)) sources.set(key, source);
    }
  }
  if (!(await publishDeadLetters(dead, handlers, retry, where))) return;

  // A big batch against a slow Temporal can outlast the group's session timeout: keep the
  // membership alive while it is delivered, or the group rebalances and the batch starts over.
  const beat = setInterval(() => void heartbeat().catch(() => undefined), HEARTBEAT_WHILE_DELIVERING_MS);
  const outcome = await deliverBatch(events, handlers.stage, retry, logger, where).finally(() =>
    clearInterval(beat),
  );
  if (!outcome.done) return;
  if (outcome.duplicates > 0)
    logger.info({ ...where, duplicates: outcome.duplicates }, 'duplicate device events skipped');
  if (outcome.undeliverable.length > 0) {
    const letters = undeliverableLetters(outcome.undeliverable, sources);
    if (!(await publishDeadLetters(letters, handlers, retry, where))) return;
    logger.error(
      { ...where, events: letters.length, err: outcome.undeliverable[0]?.error },
      'device events dead-lettered DEVICE_EVENT_UNDELIVERABLE after bounded retries',
    );
  }

  const last = batch.messages.at(-1);
  if (last === undefined || !retry.shouldContinue() || handlers.signal.aborted) return;
  resolveOffset(last.offset);
  await commitOffsetsIfNecessary();
  await heartbeat();
}
