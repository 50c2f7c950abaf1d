import type { DeviceEvent } from '@chargeflow/core';
import type { Batch, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { z } from 'zod';
import { BackoffSchema, retryUntilDone, type Backoff } from './backoff.js';
import { classifyDeviceMessage, deadLetterMessage, type SourceRecord } from './dead-letter.js';
import { deliverOnce, resolveTenants, routeByTenant, writeTelemetry } from './delivery.js';
import { KafkaAdapterError } from './errors.js';
import {
  silentLogger,
  type AdapterLogger,
  type DedupStore,
  type DeviceEventSink,
  type DeviceTelemetryWriter,
  type DeviceTenantLookup,
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
});

/** What `startDeviceEventIngestion` needs. */
export interface DeviceEventIngestionOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: DeviceTopics;
  /** Serial → tenant (the platform's device registry); an unregistered serial is dead-lettered UNKNOWN_DEVICE. */
  readonly devices: DeviceTenantLookup;
  readonly sink: DeviceEventSink;
  readonly dedup: DedupStore;
  readonly telemetry?: DeviceTelemetryWriter;
  readonly logger?: AdapterLogger;
  readonly partitionsConsumedConcurrently?: number;
  readonly fromBeginning?: boolean;
  readonly backoff?: Partial<Backoff>;
}

/** A running ingestion consumer. */
export interface DeviceEventIngestion {
  /** Stops consuming (an in-flight retry gives up without committing), then disconnects. */
  stop(): Promise<void>;
}

interface Handlers {
  readonly options: DeviceEventIngestionOptions;
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
 * Consumes device events (SPEC §14): validates each, resolves its serial's tenant in the device
 * registry, dead-letters what is malformed, of an unknown type or from a serial no tenant registered
 * (the stream never stops), de-duplicates by tenant + serial + event id and hands the rest to the
 * sink with their tenant, in order per partition. Delivery is at-least-once: an offset is resolved
 * only after its event was dead-lettered, recognised as a duplicate or accepted by the sink; a
 * failing sink or registry look-up is retried with backoff and blocks only its own partition.
 */
export async function startDeviceEventIngestion(
  options: DeviceEventIngestionOptions,
): Promise<DeviceEventIngestion> {
  const parsed = SettingsSchema.safeParse({
    groupId: options.groupId,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    fromBeginning: options.fromBeginning,
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
  const handlers: Handlers = { options, producer, backoff: settings.backoff, signal: abort.signal, logger };

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

async function processBatch(payload: EachBatchPayload, handlers: Handlers): Promise<void> {
  const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
  const { options, logger } = handlers;
  const where = { topic: batch.topic, partition: batch.partition };
  const retry = {
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

  for (const { message, source, routed } of records) {
    if (!retry.shouldContinue() || handlers.signal.aborted) return;
    const context = { ...where, offset: message.offset };
    if (routed.kind === 'dead-letter') {
      const dead = deadLetterMessage(source, routed.reason, routed.detail);
      const sent = await retryUntilDone(
        () => handlers.producer.send({ topic: options.topics.dlq, messages: [dead] }),
        {
          ...retry,
          onFailure: (error, attempt, waitMs) =>
            logger.error({ ...context, attempt, waitMs, err: error }, 'dead-letter publish failed; retrying'),
        },
      );
      if (!sent.done) return;
      logger.warn({ ...context, reason: routed.reason, detail: routed.detail }, 'device event dead-lettered');
    } else if (!(await deliverOnce(routed.event, routed.tenantId, options, retry, logger, context))) {
      return;
    }
    resolveOffset(message.offset);
    await commitOffsetsIfNecessary();
    await heartbeat();
  }
}
