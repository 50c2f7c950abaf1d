// Delivery of one consumed batch: de-duplication, one call to the batch sink, retries of what failed
// (only that), and the bounded retries after which a poison event is handed back for the DLQ.
import { backoffMs, sleep, type RetryContext } from './backoff.js';
import { dedupKey } from './dedup.js';
import {
  UndeliverableEventError,
  type AdapterLogger,
  type DedupStore,
  type DeliveryFailure,
  type DeviceEventBatchSink,
  type DeviceEventSink,
  type TenantDeviceEvent,
} from './ports.js';

/** How a batch step retries: the retry context without its failure callback. */
type Retry = Omit<RetryContext, 'onFailure'>;

/** What `deliverBatch` needs. */
export interface BatchDeliveryStage {
  readonly sink: DeviceEventBatchSink;
  readonly dedup: DedupStore;
  /** Attempts after which a permanently failing event is given up (dead-lettered by the caller). */
  readonly maxAttempts: number;
}

/** The outcome of `deliverBatch`: not done (told to stop first), or done with what was given up. */
export type BatchDeliveryOutcome =
  | { readonly done: false }
  | {
      readonly done: true;
      readonly delivered: number;
      readonly duplicates: number;
      /** Permanent failures after `maxAttempts`, for the DLQ. */
      readonly undeliverable: readonly DeliveryFailure[];
    };

const keyOf = (item: TenantDeviceEvent): string => dedupKey(item.event, item.tenantId);

/** Drops events seen before (the store) and repeats within the batch, keeping the first of each. */
async function fresh(events: readonly TenantDeviceEvent[], dedup: DedupStore): Promise<TenantDeviceEvent[]> {
  const inBatch = new Set<string>();
  const kept: TenantDeviceEvent[] = [];
  for (const item of events) {
    const key = keyOf(item);
    if (inBatch.has(key) || (await dedup.seen(key))) continue;
    inBatch.add(key);
    kept.push(item);
  }
  return kept;
}

/**
 * Delivers a batch's events (offset order) through the batch sink. What fails is retried alone with
 * exponential backoff, heartbeating, in the same order; an outage (non-permanent failure) is retried
 * without limit, a permanent failure `maxAttempts` times and then returned as undeliverable, so a
 * poison event never stalls its partition. A key is remembered only once its event was delivered.
 */
export async function deliverBatch(
  events: readonly TenantDeviceEvent[],
  stage: BatchDeliveryStage,
  retry: Retry,
  logger: AdapterLogger,
  where: object,
): Promise<BatchDeliveryOutcome> {
  let pending = await fresh(events, stage.dedup);
  const duplicates = events.length - pending.length;
  const undeliverable: DeliveryFailure[] = [];
  let delivered = 0;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (retry.signal.aborted || !retry.shouldContinue()) return { done: false };
    const failures = await stage.sink
      .deliverBatch(pending)
      .catch((error: unknown): DeliveryFailure[] => [{ events: pending, error, permanent: false }]);
    const failed = new Set(failures.flatMap((f) => f.events.map(keyOf)));
    const given = new Set<string>();
    for (const failure of failures) {
      if (!failure.permanent || attempt < stage.maxAttempts) continue;
      undeliverable.push(failure);
      for (const item of failure.events) given.add(keyOf(item));
    }
    for (const item of pending) {
      if (failed.has(keyOf(item))) continue;
      await stage.dedup.remember(keyOf(item));
      delivered += 1;
    }
    pending = pending.filter((item) => failed.has(keyOf(item)) && !given.has(keyOf(item)));
    if (pending.length === 0) break;
    const waitMs = backoffMs(attempt, retry.backoff);
    const first = failures.find((f) => f.events.some((item) => !given.has(keyOf(item))));
    logger.warn(
      { ...where, attempt, waitMs, pending: pending.length, permanent: first?.permanent, err: first?.error },
      'device event delivery failed; retrying',
    );
    if (!(await sleep(waitMs, retry.signal))) return { done: false };
    await retry.heartbeat();
  }
  return { done: true, delivered, duplicates, undeliverable };
}

/**
 * A batch sink over a one-event `DeviceEventSink`: delivers in order and stops at the first failure
 * (that event fails, permanently when the sink threw `UndeliverableEventError`; the ones behind it
 * wait, not attempted), so order per serial holds.
 */
export function sequentialBatchSink(sink: DeviceEventSink): DeviceEventBatchSink {
  return {
    async deliverBatch(events) {
      for (const [index, item] of events.entries()) {
        try {
          await sink.deliver(item.event, item.tenantId);
        } catch (error) {
          const behind = events.slice(index + 1);
          const failures: DeliveryFailure[] = [
            { events: [item], error, permanent: error instanceof UndeliverableEventError },
          ];
          if (behind.length > 0)
            failures.push({ events: behind, error: new Error('behind a failed event'), permanent: false });
          return failures;
        }
      }
      return [];
    },
  };
}

/** The batch sink of a sink option: a batch sink as is, a one-event sink through `sequentialBatchSink`. */
export const asBatchSink = (sink: DeviceEventSink | DeviceEventBatchSink): DeviceEventBatchSink =>
  'deliverBatch' in sink ? sink : sequentialBatchSink(sink);
