import type { DedupStore } from './ports.js';

/**
 * A bounded in-memory LRU of delivered event keys. Lost on restart and per process (each consumer
 * instance only sees its own partitions, and a key's events stay in one partition, so that is enough
 * for the common duplicate: a device or gateway re-sending the same event within minutes).
 */
export class InMemoryDedupStore implements DedupStore {
  private readonly keys = new Map<string, true>();

  constructor(readonly capacity = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  /** How many keys are remembered now. */
  get size(): number {
    return this.keys.size;
  }

  seen(key: string): Promise<boolean> {
    const hit = this.keys.has(key);
    if (hit) {
      // Refresh recency: a key still being re-sent should outlive quiet ones.
      this.keys.delete(key);
      this.keys.set(key, true);
    }
    return Promise.resolve(hit);
  }

  remember(key: string): Promise<void> {
    this.keys.delete(key);
    this.keys.set(key, true);
    while (this.keys.size > this.capacity) {
      const oldest = this.keys.keys().next();
      if (oldest.done === true) break;
      this.keys.delete(oldest.value);
    }
    return Promise.resolve();
  }
}

/**
 * The de-duplication key of an event delivered to a tenant: event ids are only unique per device,
 * and a delivery's destination is the serial's tenant (its workflow ids are `charging-<tenant>-…`),
 * so the tenant is part of the key. A serial moved to another tenant is delivered there afresh
 * instead of being taken for a repeat of what its former tenant already received. The NUL separator
 * is unambiguous: core's schema refuses control characters in serials and event ids, and tenant ids
 * are slugs.
 */
export const dedupKey = (
  event: { readonly serialNo: string; readonly eventId: string },
  tenantId: string,
): string => `${tenantId}\u0000${event.serialNo}\u0000${event.eventId}`;
