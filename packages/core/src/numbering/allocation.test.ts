import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateNumber, releaseNumber, smallestFree } from './allocation.js';
import { defineScheme } from './scheme.js';

const buy = defineScheme({ key: 'ebike:A:BUY', prefix: ['A', 'M'], width: 4, min: 1, max: 9999 });
const tiny = defineScheme({ key: 'tiny', prefix: ['T'], width: 1, min: 1, max: 5 });

describe('allocation of the smallest free number (NUM-2)', () => {
  it.each([
    [[], 1],
    [[1, 2, 3], 4],
    [[1, 3], 2],
    [[2, 3], 1],
    [[0, 10000, 1], 2],
  ])('NUM-2 with %j taken the next is %d', (taken, expected) => {
    expect(smallestFree(new Set(taken), buy)).toEqual({ ok: true, value: expected });
  });

  it('NUM-2 exhaustion is an explicit NUMBER_RANGE_EXHAUSTED error', () => {
    const result = smallestFree(new Set([1, 2, 3, 4, 5]), tiny);
    expect(result.ok || [result.error.code, result.error.details]).toEqual([
      'NUMBER_RANGE_EXHAUSTED',
      { key: 'tiny', min: 1, max: 5 },
    ]);
  });

  it('NUM-2 a cancelled order releases its number and the next allocation reuses it', () => {
    let taken: ReadonlySet<number> = new Set();
    const numbers: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const result = allocateNumber(buy, taken);
      if (!result.ok) throw result.error;
      numbers.push(result.value.allocated.number);
      taken = result.value.taken;
    }
    expect(numbers).toEqual(['AM0001', 'AM0002', 'AM0003']);
    const released = releaseNumber(buy, taken, 'AM0002');
    if (!released.ok) throw released.error;
    const next = allocateNumber(buy, released.value);
    expect(next.ok && next.value.allocated).toEqual({
      schemeKey: 'ebike:A:BUY',
      sequence: 2,
      number: 'AM0002',
    });
  });

  it('NUM-2 releasing a number that is not held is NUMBER_NOT_HELD', () => {
    const result = releaseNumber(buy, new Set([1]), 'AM0002');
    expect(result.ok || result.error.code).toBe('NUMBER_NOT_HELD');
  });

  it('NUM-2 property: never returns a taken number, always the smallest free one', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 5 })), (list) => {
        const taken = new Set(list);
        const result = allocateNumber(tiny, taken);
        const free = [1, 2, 3, 4, 5].filter((n) => !taken.has(n));
        if (free.length === 0) return !result.ok && result.error.code === 'NUMBER_RANGE_EXHAUSTED';
        if (!result.ok) return false;
        const { sequence } = result.value.allocated;
        return !taken.has(sequence) && sequence === Math.min(...free) && result.value.taken.has(sequence);
      }),
    );
  });

  it('NUM-2 property: any sequence of allocations and releases never holds a number twice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant('alloc' as const), fc.integer({ min: 1, max: 30 }))),
        (ops) => {
          let taken: ReadonlySet<number> = new Set();
          const held: number[] = [];
          for (const op of ops) {
            if (op === 'alloc') {
              const result = allocateNumber(buy, taken);
              if (!result.ok) return false;
              if (held.includes(result.value.allocated.sequence)) return false;
              const expected = Array.from({ length: held.length + 1 }, (_, i) => i + 1).find(
                (n) => !held.includes(n),
              );
              if (result.value.allocated.sequence !== expected) return false;
              held.push(result.value.allocated.sequence);
              taken = result.value.taken;
            } else if (held.includes(op)) {
              const result = releaseNumber(buy, taken, `AM${String(op).padStart(4, '0')}`);
              if (!result.ok) return false;
              held.splice(held.indexOf(op), 1);
              taken = result.value;
            }
          }
          return taken.size === held.length;
        },
      ),
    );
  });
});
