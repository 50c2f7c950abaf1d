import { z } from 'zod';

export const BackoffSchema = z.object({
  initialMs: z.number().int().min(1).max(60_000).default(200),
  maxMs: z.number().int().min(1).max(600_000).default(30_000),
});

/** Exponential backoff bounds (resolved). */
export type Backoff = z.output<typeof BackoffSchema>;

/** The wait before retry no. `attempt` (1-based): initial × 2^(attempt−1), capped at max. */
export function backoffMs(attempt: number, backoff: Backoff): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(backoff.initialMs * 2 ** exponent, backoff.maxMs);
}

/** Resolves after `ms`, or early (false) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** What `retryUntilDone` needs from its caller. */
export interface RetryContext {
  readonly backoff: Backoff;
  /** Aborted when the consumer stops: the retry gives up and the offset stays uncommitted. */
  readonly signal: AbortSignal;
  /** False once the batch is stale (rebalance/seek) or the consumer stops. */
  readonly shouldContinue: () => boolean;
  /** Keeps the group membership alive while we wait (may throw on rebalance: let it). */
  readonly heartbeat: () => Promise<void>;
  readonly onFailure: (error: unknown, attempt: number, waitMs: number) => void;
}

/**
 * Runs `task` until it succeeds, waiting with exponential backoff between attempts. Returns
 * `{ done: false }` when told to stop first, so the caller leaves the offset unresolved (at-least-once).
 */
export async function retryUntilDone<T>(
  task: () => Promise<T>,
  context: RetryContext,
): Promise<{ readonly done: true; readonly value: T } | { readonly done: false }> {
  for (let attempt = 1; ; attempt++) {
    if (context.signal.aborted || !context.shouldContinue()) return { done: false };
    try {
      return { done: true, value: await task() };
    } catch (error) {
      const waitMs = backoffMs(attempt, context.backoff);
      context.onFailure(error, attempt, waitMs);
      if (!(await sleep(waitMs, context.signal))) return { done: false };
      await context.heartbeat();
    }
  }
}
