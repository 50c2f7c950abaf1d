// The transport-independent steps of the device-event path, shared by the Kafka ingestion and the
// in-process event path of the local stack: the serial's tenant (device registry), telemetry fan-out,
// de-duplication and delivery to the sink.
import type { DeviceEvent } from '@chargeflow/core';
import { retryUntilDone, type RetryContext } from './backoff.js';
import { unknownDevice, type Classified } from './dead-letter.js';
import { dedupKey } from './dedup.js';
import type {
  AdapterLogger,
  DedupStore,
  DeviceEventSink,
  DeviceTelemetryWriter,
  DeviceTenantLookup,
} from './ports.js';

/** How a step retries: the retry context without its failure callback (each step logs its own). */
export type RetrySettings = Omit<RetryContext, 'onFailure'>;

/** How many registry look-ups of one batch run at once (first sight of many serials after a start). */
const LOOKUP_CONCURRENCY = 16;

/**
 * The tenant of every distinct serial among `events`, from the device registry (`null`: no tenant
 * registered it). A failing look-up (platform database down) is retried in place with backoff, like
 * a failing sink: an event is never dead-lettered because the registry could not answer. Undefined
 * when told to stop first (the caller then leaves the batch unacknowledged).
 */
export async function resolveTenants(
  devices: DeviceTenantLookup,
  events: readonly DeviceEvent[],
  retry: RetrySettings,
  logger: AdapterLogger,
  where: object,
): Promise<ReadonlyMap<string, string | null> | undefined> {
  const serials = [...new Set(events.map((event) => event.serialNo))];
  const tenants = new Map<string, string | null>();
  for (let from = 0; from < serials.length; from += LOOKUP_CONCURRENCY) {
    const looked = await Promise.all(
      serials.slice(from, from + LOOKUP_CONCURRENCY).map(async (serialNo) => {
        const result = await retryUntilDone(() => devices.tenantOf(serialNo), {
          ...retry,
          onFailure: (error, attempt, waitMs) =>
            logger.warn(
              { ...where, serialNo, attempt, waitMs, err: error },
              'device registry look-up failed; retrying',
            ),
        });
        if (result.done) tenants.set(serialNo, result.value);
        return result.done;
      }),
    );
    if (looked.includes(false)) return undefined;
  }
  return tenants;
}

/** A decoded message once its serial's tenant is known: an event of a tenant, or a dead letter. */
export type RoutedMessage =
  | { readonly kind: 'event'; readonly event: DeviceEvent; readonly tenantId: string }
  | Extract<Classified, { kind: 'dead-letter' }>;

/** Routes a decoded message by its serial's tenant (`resolveTenants`): no tenant is `UNKNOWN_DEVICE`. */
export function routeByTenant(
  classified: Classified,
  tenants: ReadonlyMap<string, string | null>,
): RoutedMessage {
  if (classified.kind === 'dead-letter') return classified;
  const tenantId = tenants.get(classified.event.serialNo) ?? null;
  if (tenantId === null) return { kind: 'dead-letter', ...unknownDevice(classified.event.serialNo) };
  return { kind: 'event', event: classified.event, tenantId };
}

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
 * De-duplicates one validated event of a known tenant by tenant + serial + event id and hands it to
 * the sink, retrying the sink in place with backoff; the key is remembered only after the sink
 * accepted the event. True when the event is done (delivered or a duplicate), false when told to
 * stop first.
 */
export async function deliverOnce(
  event: DeviceEvent,
  tenantId: string,
  stage: { readonly sink: DeviceEventSink; readonly dedup: DedupStore },
  retry: RetrySettings,
  logger: AdapterLogger,
  where: object,
): Promise<boolean> {
  const key = dedupKey(event, tenantId);
  if (await stage.dedup.seen(key)) {
    logger.info({ ...where, tenantId, eventId: event.eventId }, 'duplicate device event skipped');
    return true;
  }
  const delivered = await retryUntilDone(() => stage.sink.deliver(event, tenantId), {
    ...retry,
    onFailure: (error, attempt, waitMs) =>
      logger.warn(
        { ...where, tenantId, eventId: event.eventId, attempt, waitMs, err: error },
        'device event delivery failed; retrying',
      ),
  });
  if (!delivered.done) return false;
  await stage.dedup.remember(key);
  return true;
}
