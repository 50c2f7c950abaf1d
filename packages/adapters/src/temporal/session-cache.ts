// The serial → active orders look-up behind a per-process cache, so a charger's heartbeats (every
// 30–60 s, per charger) cost no query each: invalidated when one of the serial's sessions starts or
// ends, with a TTL as the safety net for changes this process cannot see.
import { LRUCache } from 'lru-cache';
import type { ActiveSessionLookup } from './device-event-sink.js';

/** Settings of `CachedSessionLookup`. */
export interface SessionCacheOptions {
  /** How long an answer is reused when nothing invalidated it; default 30 s. */
  readonly ttlMs?: number;
  /** Entries kept at most (least recently used dropped first); default 100,000. */
  readonly capacity?: number;
  readonly now?: () => number;
}

const keyOf = (tenantId: string, serialNo: string): string => `${tenantId}\u0000${serialNo}`;

/**
 * `ActiveSessionLookup` over another one, remembering each (tenant, serial) answer for `ttlMs`.
 * Concurrent look-ups of one key share one query; a failed query is not remembered. The device
 * path calls `invalidate` when the serial's session starts or ends (START_ACCEPTED,
 * START_REJECTED, STOPPED, a signal to a closed workflow), and so do the activities of this process
 * when an order's status changes, so a new or finished session is seen at the next heartbeat.
 */
export class CachedSessionLookup implements ActiveSessionLookup {
  private readonly entries: LRUCache<string, Promise<readonly string[]>>;
  /** Queries made to the underlying look-up (the cache's misses). */
  misses = 0;

  constructor(
    private readonly lookup: ActiveSessionLookup,
    options: SessionCacheOptions = {},
  ) {
    const now = options.now ?? Date.now;
    this.entries = new LRUCache({
      max: options.capacity ?? 100_000,
      ttl: options.ttlMs ?? 30_000,
      perf: { now },
      ttlResolution: 0, // read the clock on every get (the injected one, in tests)
    });
  }

  /** Order nos. of the serial's active sessions in the tenant (cached). */
  activeOrders(tenantId: string, serialNo: string): Promise<readonly string[]> {
    const key = keyOf(tenantId, serialNo);
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    this.misses += 1;
    const orders = this.lookup.activeOrders(tenantId, serialNo);
    this.entries.set(key, orders);
    orders.catch(() => {
      if (this.entries.peek(key) === orders) this.entries.delete(key);
    });
    return orders;
  }

  /** Forgets the serial's answer: the next look-up queries again. */
  invalidate(tenantId: string, serialNo: string): void {
    this.entries.delete(keyOf(tenantId, serialNo));
  }
}
