import { describe, expect, it } from 'vitest';
import { ebikeDef, ebikeTariff } from './fixtures/sample-tariffs.js';
import { testEbikeTariff } from './ebike-quote.js';

const power = ebikeTariff(
  ebikeDef({
    mode: 'POWER',
    unitMinutes: 60,
    bands: [
      { upToW: 200, unitPrice: '0.20' },
      { upToW: 400, unitPrice: '0.30' },
    ],
  }),
);

describe('e-bike tariff test (TAR-11)', () => {
  it('TAR-11 answers the band that applies: 150 min at 300 W → 3 × 0.30 = 0.90', () => {
    const bill = testEbikeTariff(power, { durationSeconds: 9000, maxPowerW: 300 });
    expect(bill.ok && [bill.value.lines[0]?.band, bill.value.total]).toEqual(['POWER_2', 90n]);
  });

  it.each([
    [{ durationSeconds: 8 * 3600 + 1, maxPowerW: 100 }, 'EBIKE_QUOTE_DURATION_BEYOND_THRESHOLD'],
    [{ durationSeconds: 600, maxPowerW: 401 }, 'EBIKE_QUOTE_POWER_BEYOND_BANDS'],
    [{ durationSeconds: 3600 }, 'EBIKE_INPUT_MISSING'],
  ])('TAR-11 bad input %o is %s', (session, code) => {
    const result = testEbikeTariff(power, session);
    expect(result.ok ? 'ok' : result.error.code).toBe(code);
  });
});
