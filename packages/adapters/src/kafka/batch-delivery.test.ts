import type { DeviceEvent } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { deliverBatch, sequentialBatchSink } from './batch-delivery.js';
import { InMemoryDedupStore } from './dedup.js';
import {
  UndeliverableEventError,
  silentLogger,
  type DeliveryFailure,
  type DeviceEventBatchSink,
  type TenantDeviceEvent,
} from './ports.js';

const heartbeat = (id: string, serialNo = 'SN1'): TenantDeviceEvent => ({
  tenantId: 'ta',
  event: { eventId: id, serialNo, occurredAt: '2026-11-23T10:00:00+08:00', type: 'HEARTBEAT' },
});
const ids = (items: readonly TenantDeviceEvent[]): string[] => items.map((i) => i.event.eventId);

function retry(abort = new AbortController()) {
  let heartbeats = 0;
  return {
    settings: {
      backoff: { initialMs: 1, maxMs: 2 },
      signal: abort.signal,
      shouldContinue: () => true,
      heartbeat: () => ((heartbeats += 1), Promise.resolve()),
    },
    heartbeats: () => heartbeats,
  };
}

/** A batch sink that records each call and fails the events `fail` says (permanently or not). */
function scriptedSink(fail: (event: DeviceEvent, call: number) => 'ok' | 'outage' | 'poison') {
  const calls: string[][] = [];
  const sink: DeviceEventBatchSink = {
    deliverBatch: (events) => {
      calls.push(ids(events));
      const failures: DeliveryFailure[] = [];
      for (const item of events) {
        const verdict = fail(item.event, calls.length);
        if (verdict !== 'ok')
          failures.push({ events: [item], error: new Error(verdict), permanent: verdict === 'poison' });
      }
      return Promise.resolve(failures);
    },
  };
  return { sink, calls };
}

describe('deliverBatch', () => {
  it('ORD-7: skips repeats within the batch and keys remembered before; remembers only what was delivered', async () => {
    const dedup = new InMemoryDedupStore(100);
    await dedup.remember('ta\u0000SN1\u0000e0');
    const { sink, calls } = scriptedSink(() => 'ok');
    const outcome = await deliverBatch(
      [heartbeat('e0'), heartbeat('e1'), heartbeat('e1'), heartbeat('e2')],
      { sink, dedup, maxAttempts: 3 },
      retry().settings,
      silentLogger,
      {},
    );
    expect(outcome).toEqual({ done: true, delivered: 2, duplicates: 2, undeliverable: [] });
    expect(calls).toEqual([['e1', 'e2']]);
    expect(await dedup.seen('ta\u0000SN1\u0000e2')).toBe(true);
  });

  it('retries only what failed, in order, and gives a poison event up after maxAttempts while the others are delivered', async () => {
    const dedup = new InMemoryDedupStore(100);
    const { sink, calls } = scriptedSink((event, call) =>
      event.eventId === 'bad' ? 'poison' : event.eventId === 'slow' && call < 3 ? 'outage' : 'ok',
    );
    const r = retry();
    const outcome = await deliverBatch(
      [heartbeat('a'), heartbeat('bad'), heartbeat('slow'), heartbeat('c')],
      { sink, dedup, maxAttempts: 4 },
      r.settings,
      silentLogger,
      {},
    );
    expect(calls).toEqual([['a', 'bad', 'slow', 'c'], ['bad', 'slow'], ['bad', 'slow'], ['bad']]);
    if (!outcome.done) throw new Error('not done');
    expect(outcome.delivered).toBe(3);
    expect(outcome.undeliverable.map((f) => ids(f.events))).toEqual([['bad']]);
    expect(await dedup.seen('ta\u0000SN1\u0000bad')).toBe(false);
    expect(r.heartbeats()).toBe(3);
  });

  it('an outage is never given up: it retries until told to stop, and then reports not done', async () => {
    const abort = new AbortController();
    const { sink, calls } = scriptedSink((_, call) => {
      if (call === 20) abort.abort();
      return 'outage';
    });
    const outcome = await deliverBatch(
      [heartbeat('a')],
      { sink, dedup: new InMemoryDedupStore(10), maxAttempts: 2 },
      retry(abort).settings,
      silentLogger,
      {},
    );
    expect(outcome).toEqual({ done: false });
    expect(calls).toHaveLength(20);
  });

  it('a one-event sink runs in order and stops at the first failure; UndeliverableEventError is permanent, the events behind wait', async () => {
    const seen: string[] = [];
    const batch = sequentialBatchSink({
      deliver: (event) => {
        if (event.eventId === 'bad') return Promise.reject(new UndeliverableEventError('refused'));
        if (event.eventId === 'down') return Promise.reject(new Error('unreachable'));
        seen.push(event.eventId);
        return Promise.resolve();
      },
    });
    const failures = await batch.deliverBatch([heartbeat('a'), heartbeat('bad'), heartbeat('b')]);
    expect(seen).toEqual(['a']);
    expect(failures.map((f) => [ids(f.events), f.permanent])).toEqual([
      [['bad'], true],
      [['b'], false],
    ]);
    const outage = await batch.deliverBatch([heartbeat('down')]);
    expect(outage.map((f) => f.permanent)).toEqual([false]);
  });
});
