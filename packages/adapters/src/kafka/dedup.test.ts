import { describe, expect, it } from 'vitest';
import { dedupKey, InMemoryDedupStore } from './dedup.js';

describe('InMemoryDedupStore (SPEC §14 de-duplication by event id)', () => {
  it('remembers delivered keys', async () => {
    const store = new InMemoryDedupStore(10);
    expect(await store.seen('a')).toBe(false);
    await store.remember('a');
    expect(await store.seen('a')).toBe(true);
  });

  it('is bounded: the least recently used key is evicted first', async () => {
    const store = new InMemoryDedupStore(2);
    await store.remember('a');
    await store.remember('b');
    expect(await store.seen('a')).toBe(true); // a is now the most recent
    await store.remember('c');
    expect(store.size).toBe(2);
    expect(await store.seen('b')).toBe(false);
    expect(await store.seen('a')).toBe(true);
    expect(await store.seen('c')).toBe(true);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new InMemoryDedupStore(0)).toThrow(RangeError);
  });

  it('keys by tenant, serial and event id: two devices may reuse an id, a moved serial is new to its new tenant', () => {
    const event = { serialNo: 'SN1', eventId: '1' };
    expect(dedupKey(event, 'ta')).not.toBe(dedupKey({ serialNo: 'SN2', eventId: '1' }, 'ta'));
    expect(dedupKey(event, 'ta')).not.toBe(dedupKey(event, 'tb'));
    expect(dedupKey(event, 'ta')).toBe(dedupKey({ ...event }, 'ta'));
  });
});
