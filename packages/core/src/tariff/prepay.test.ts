import { describe, expect, it } from 'vitest';
import { carTariff, TOU_DEF } from './fixtures/sample-tariffs.js';
import { parseCarTariff } from './parse-tariff.js';
import { parsePrepayOptions } from './prepay.js';

describe('prepay options (TAR-5)', () => {
  it('TAR-5 accepts up to 12 positive amounts as fen', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => `${(i + 1) * 10}`);
    const result = parsePrepayOptions(twelve);
    expect(result.ok ? result.value.length : 0).toBe(12);
    expect(carTariff(TOU_DEF).prepayOptions).toEqual([2000n, 5000n, 10000n]);
  });

  it.each([
    [Array.from({ length: 13 }, (_, i) => `${i + 1}`), 'PREPAY_TOO_MANY_OPTIONS'],
    [['0'], 'PREPAY_NOT_POSITIVE'],
    [['10', '10.00'], 'PREPAY_DUPLICATE_OPTION'],
    [['1.234'], 'MONEY_INVALID_AMOUNT'],
    [['100000.01'], 'PREPAY_OPTION_TOO_LARGE'], // above PREPAY_CEILING_FEN (100000.00 CNY)
    [['99999999999999999999999'], 'MONEY_INVALID_AMOUNT'], // any size was accepted before
  ])('TAR-5 rejects %j with %s', (options, code) => {
    const result = parsePrepayOptions(options);
    expect(result.ok ? 'ok' : result.error.code).toBe(code);
  });

  it('TAR-5 a tariff with 13 prepay options is rejected', () => {
    const result = parseCarTariff({
      ...TOU_DEF,
      prepayOptions: Array.from({ length: 13 }, (_, i) => `${i + 1}`),
    });
    expect(result.ok ? 'ok' : result.error.code).toBe('PREPAY_TOO_MANY_OPTIONS');
  });
});
