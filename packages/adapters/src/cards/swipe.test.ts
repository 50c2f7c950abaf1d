import { describe, expect, it } from 'vitest';
import { readerNumbers } from './swipe.js';

describe('which card number a reader sends (CARD-3, SPEC glossary)', () => {
  it.each([
    ['CAR', 'DC', ['CHIP']],
    ['CAR', 'AC', ['PRINTED']],
    ['EBIKE', 'DC', ['PRINTED']],
    ['EBIKE', null, ['PRINTED']],
    ['CAR', null, ['CHIP', 'PRINTED']],
  ] as const)('CARD-3 a %s station, %s charger: %j', (kind, current, expected) => {
    expect(readerNumbers(kind, current)).toEqual(expected);
  });
});
