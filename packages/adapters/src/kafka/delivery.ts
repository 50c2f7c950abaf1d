// The transport-independent steps of the device-event path, shared by the Kafka ingestion and the
// in-process event path of the local stack: telemetry fan-out, de-duplication and delivery to the sink.
import type { DeviceEvent } from '@chargeflow/core';
import { retryUntilDone, type RetryContext } from './backoff.js';
import { dedupKey } from './dedup.js';
import type { AdapterLogger, DedupStore, DeviceEventSink, DeviceTelemetryWriter } from './ports.js';

/** How a step retries: the retry context without its failure callback (each step logs its own). */
export type RetrySettings = Omit<RetryContext, 'onFailure'>;

/**
 * Writes the telemetry among a batch of validated events in one call, retried in place until it
 * succeeds. False when told to stop first (the caller then leaves the batch unacknowledged).
 * The writer must be idempotent by event id: a batch may be written again.
 */
export async function writeTelemetry(
  telemetry: DeviceTelemetryWriter,
  events: readonly DeviceEvent[],
  retry: RetrySettings,
  logger: AdapterLogger,
  where: object,
): Promise<boolean> {
  if (events.length === 0) return true;
  const written = await retryUntilDone(() => telemetry.write(events), {
    ...retry,
    onFailure: (error, attempt, waitMs) =>
      logger.warn({ ...where, attempt, waitMs, err: error }, 'telemetry write failed; retrying'),
  });
  return written.done;
}

/**
 * De-duplicates one validated event by serial + event id and hands it to the sink, retrying the
 * sink in place with backoff; the key is remembered only after the sink accepted the event.
 * True when the event is done (delivered or a duplicate), false when told to stop first.
 */
export async function deliverOnce(
  event: DeviceEvent,
  stage: { readonly sink: DeviceEventSink; readonly dedup: DedupStore },
  retry: RetrySettings,
  logger: AdapterLogger,
  where: object,
): Promise<boolean> {
  const key = dedupKey(event);
  if (await stage.dedup.seen(key)) {
    logger.info({ ...where, eventId: event.eventId }, 'duplicate device event skipped');
    return true;
  }
  const delivered = await retryUntilDone(() => stage.sink.deliver(event), {
    ...retry,
    onFailure: (error, attempt, waitMs) =>
      logger.warn(
        { ...where, eventId: event.eventId, attempt, waitMs, err: error },
        'device event delivery failed; retrying',
      ),
  });
  if (!delivered.done) return false;
  await stage.dedup.remember(key);
  return true;
}
