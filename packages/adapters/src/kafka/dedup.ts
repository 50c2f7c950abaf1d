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

/** The de-duplication key of an event: event ids are only unique per device. */
export const dedupKey = (event: { readonly serialNo: string; readonly eventId: string }): string =>
  `${event.serialNo}\u0000${event.eventId}`;
