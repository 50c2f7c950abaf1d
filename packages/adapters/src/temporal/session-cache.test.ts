import { describe, expect, it } from 'vitest';
import { CachedSessionLookup } from './session-cache.js';

/** A look-up counting its queries; `fail` makes the next query reject. */
function countingLookup(orders: readonly string[]) {
  const state = { queries: 0, fail: false };
  return {
    state,
    lookup: {
      activeOrders: () => {
        state.queries += 1;
        if (state.fail) {
          state.fail = false;
          return Promise.reject(new Error('tenant database unreachable'));
        }
        return Promise.resolve(orders);
      },
    },
  };
}

describe('CachedSessionLookup (ORD-3: a heartbeat costs no query each)', () => {
  it('answers from the cache within the TTL, per tenant and serial, and queries again after it', async () => {
    let now = 1_000_000;
    const { state, lookup } = countingLookup(['CH1']);
    const cache = new CachedSessionLookup(lookup, { ttlMs: 30_000, now: () => now });
    await Promise.all([cache.activeOrders('ta', 'SN1'), cache.activeOrders('ta', 'SN1')]);
    now += 29_999;
    expect(await cache.activeOrders('ta', 'SN1')).toEqual(['CH1']);
    expect(state.queries).toBe(1); // concurrent and repeated look-ups share one query
    await cache.activeOrders('tb', 'SN1');
    expect(state.queries).toBe(2); // another tenant's serial is another key
    now += 2;
    await cache.activeOrders('ta', 'SN1');
    expect(state.queries).toBe(3);
  });

  it('forgets a serial on invalidate, and never keeps a failed query', async () => {
    const { state, lookup } = countingLookup(['CH1']);
    const cache = new CachedSessionLookup(lookup);
    await cache.activeOrders('ta', 'SN1');
    cache.invalidate('ta', 'SN1');
    await cache.activeOrders('ta', 'SN1');
    expect(state.queries).toBe(2);
    cache.invalidate('ta', 'SN1');
    state.fail = true;
    await expect(cache.activeOrders('ta', 'SN1')).rejects.toThrow('unreachable');
    expect(await cache.activeOrders('ta', 'SN1')).toEqual(['CH1']);
    expect(state.queries).toBe(4);
  });
});
