import { describe, expect, it } from 'vitest';
import { backoffMs, retryUntilDone, sleep } from './backoff.js';

const backoff = { initialMs: 1, maxMs: 4 };

describe('backoff (device event delivery retries)', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [10, 1000],
    [1000, 1000],
  ])('attempt %i waits %i ms (doubling, capped)', (attempt, expected) => {
    expect(backoffMs(attempt, { initialMs: 100, maxMs: 1000 })).toBe(expected);
  });

  it('retries until the task succeeds, reporting each failure', async () => {
    let calls = 0;
    const failures: number[] = [];
    const result = await retryUntilDone(
      () => (++calls < 3 ? Promise.reject(new Error('sink down')) : Promise.resolve('ok')),
      {
        backoff,
        signal: new AbortController().signal,
        shouldContinue: () => true,
        heartbeat: () => Promise.resolve(),
        onFailure: (_error, attempt) => failures.push(attempt),
      },
    );
    expect(result).toEqual({ done: true, value: 'ok' });
    expect(failures).toEqual([1, 2]);
  });

  it('gives up without a value when stopped, so the offset stays uncommitted', async () => {
    const abort = new AbortController();
    const result = await retryUntilDone(() => Promise.reject(new Error('down')), {
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      signal: abort.signal,
      shouldContinue: () => true,
      heartbeat: () => Promise.resolve(),
      onFailure: () => abort.abort(),
    });
    expect(result).toEqual({ done: false });
  });

  it('stops at once when the batch went stale (rebalance)', async () => {
    let calls = 0;
    const result = await retryUntilDone(() => Promise.resolve(++calls), {
      backoff,
      signal: new AbortController().signal,
      shouldContinue: () => false,
      heartbeat: () => Promise.resolve(),
      onFailure: () => undefined,
    });
    expect(result).toEqual({ done: false });
    expect(calls).toBe(0);
  });

  it('sleep resolves false when aborted early', async () => {
    const abort = new AbortController();
    const pending = sleep(60_000, abort.signal);
    abort.abort();
    expect(await pending).toBe(false);
    expect(await sleep(1, new AbortController().signal)).toBe(true);
  });
});
