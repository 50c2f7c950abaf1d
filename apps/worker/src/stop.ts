import type { Worker } from '@temporalio/worker';
import type { AdapterLogger, Closers } from '@chargeflow/adapters';

/**
 * Graceful shutdown of a process running the worker: ingestion first (no new signals), then the
 * worker (it finishes the tasks it holds), then every connection. Errors are logged, never thrown.
 */
export async function stopWorkerProcess(parts: {
  readonly stopIngestion: () => Promise<void>;
  readonly worker: Worker;
  readonly done: Promise<void>;
  readonly closers: Closers;
  readonly logger: AdapterLogger;
}): Promise<void> {
  const { logger } = parts;
  await parts.stopIngestion().catch((error: unknown) => logger.error({ err: error }, 'ingestion stop'));
  if (parts.worker.getState() === 'RUNNING') parts.worker.shutdown();
  await parts.done.catch((error: unknown) => logger.error({ err: error }, 'worker ended with an error'));
  await parts.closers.closeAll();
}

/** Wraps a stop so that calling it again returns the same shutdown instead of starting another. */
export function once(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}
