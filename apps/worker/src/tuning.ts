// How one worker process holds many live charging sessions (issue 16): the knobs of the Temporal
// worker and of the device-event ingestion, with the defaults the benchmark supports
// (docs/operations.md § Device events at scale).
import { DEFAULT_SAMPLE_CHECKPOINT_MS } from '@chargeflow/adapters';
import type { WorkerOptions } from '@temporalio/worker';
import { z } from 'zod';

/** The Temporal worker options chargeflow tunes (the rest stay the SDK's defaults). */
export type WorkerTuning = Required<
  Pick<
    WorkerOptions,
    | 'maxCachedWorkflows'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxConcurrentActivityTaskExecutions'
    | 'stickyQueueScheduleToStartTimeout'
  >
>;

/**
 * Defaults for a worker holding up to ~10,000 open sessions:
 * - every open session stays in the workflow cache (sticky), so a signal never replays its history:
 *   the SDK's default (600 per GiB of heap above 200 MiB) would evict sessions and replay them on
 *   every batch; a session costs ≈ 0.1 MiB in the cache (measured, docs/operations.md);
 * - 40 workflow tasks at once (the SDK's default): activations run on one workflow thread, so more
 *   slots only queue tasks inside the worker, and on a CPU-starved machine a queued task outlives
 *   its 10 s start-to-close timeout and is redone from history (measured: 100 slots did that);
 * - 200 activities at once: settlements and progress records are I/O-bound (database, Kafka);
 * - a sticky task waits 10 s for its worker before the server hands it to another one.
 */
export const DEFAULT_WORKER_TUNING: WorkerTuning = {
  maxCachedWorkflows: 10_000,
  maxConcurrentWorkflowTaskExecutions: 40,
  maxConcurrentActivityTaskExecutions: 200,
  stickyQueueScheduleToStartTimeout: '10s',
};

/**
 * Heartbeat-only signals to a session at most every 60 s: a fifth of the default 300 s heartbeat
 * timeout, and as long as the common meter-sample interval, so a charging session that reports a
 * sample a minute costs one signal a minute, not two (issue 16: the dev server's signal ceiling).
 */
export const DEFAULT_SIGN_OF_LIFE_INTERVAL_MS = 60_000;

const count = (max: number) => z.coerce.number().int().min(2).max(max);

/** The tuning variables of the worker's environment (see apps/worker/src/config.ts). */
export const TuningSchema = z.object({
  WORKER_MAX_CACHED_WORKFLOWS: count(1_000_000).default(DEFAULT_WORKER_TUNING.maxCachedWorkflows),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: count(10_000).default(
    DEFAULT_WORKER_TUNING.maxConcurrentWorkflowTaskExecutions,
  ),
  WORKER_MAX_CONCURRENT_ACTIVITIES: count(10_000).default(
    DEFAULT_WORKER_TUNING.maxConcurrentActivityTaskExecutions,
  ),
  WORKER_STICKY_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(10_000),
  /** Partitions one worker process consumes at once (kafkajs `partitionsConsumedConcurrently`). */
  INGESTION_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(1000).default(6),
  /**
   * A session signalled less than this long ago gets no heartbeat-only signal (0: every one). At
   * most a third of the API's ORDER_HEARTBEAT_TIMEOUT_SECONDS (default 300 s): see docs/kafka.md.
   */
  SIGN_OF_LIFE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(DEFAULT_SIGN_OF_LIFE_INTERVAL_MS),
  /**
   * Decision 0019: a charging session whose meter samples are recorded (session_sample) and held
   * back is still signalled at least this often, so its live fee stays fresh (0: nothing is held,
   * one signal per session per batch). Its timers read the recorded samples whatever the value.
   */
  SAMPLE_CHECKPOINT_MS: z.coerce.number().int().min(0).max(3_600_000).default(DEFAULT_SAMPLE_CHECKPOINT_MS),
});

/** The worker tuning of parsed tuning variables. */
export function workerTuning(settings: z.output<typeof TuningSchema>): WorkerTuning {
  return {
    maxCachedWorkflows: settings.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: settings.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: settings.WORKER_MAX_CONCURRENT_ACTIVITIES,
    stickyQueueScheduleToStartTimeout: settings.WORKER_STICKY_TIMEOUT_MS,
  };
}
