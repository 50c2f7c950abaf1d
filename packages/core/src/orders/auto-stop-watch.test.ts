import { describe, expect, it } from 'vitest';
import { fen } from '../money/fen.js';
import { unitPrice } from '../money/unit-price.js';
import { autoStopWatch, type AutoStopWatchInput } from './auto-stop-watch.js';

// 1.20 CNY/kWh energy + 0.80 service at the dearest band = 2.00 CNY/kWh = 0.2 fen per Wh.
const base: AutoStopWatchInput = {
  funding: { kind: 'PREPAY', paymentNo: 'P1', prepay: fen(5_000n) },
  limits: {},
  start: { at: 0, energyWh: 10_000 },
  last: { at: 60_000, energyWh: 30_000 },
  fee: fen(4_000n),
  dearestPerKwh: unitPrice(200_000n),
  roundingSlackFen: 10n,
};

describe('autoStopWatch (decision 0019, ORD-4)', () => {
  it('ORD-4 a prepay: last + what the rest buys at the dearest rate, after the rounding slack', () => {
    // 50.00 − 40.00 − 0.10 = 9.90 CNY = 990 fen; 990 / 0.2 fen per Wh = 4,950 Wh past 30,000.
    expect(autoStopWatch(base)).toBe(34_950);
  });

  it('ORD-4 a card balance is a cap like a prepay', () => {
    expect(autoStopWatch({ ...base, funding: { kind: 'CARD', cardId: 'c', balance: fen(4_510n) } })).toBe(
      32_500,
    );
  });

  it('ORD-4 within the rounding slack of the cap the watch is 0: every sample counts', () => {
    expect(autoStopWatch({ ...base, fee: fen(4_990n) })).toBe(0);
    expect(autoStopWatch({ ...base, fee: fen(4_989n) })).toBe(30_005);
  });

  it('ORD-4 a target energy: start + target, the lower of it and the funding watch', () => {
    expect(autoStopWatch({ ...base, limits: { targetEnergyWh: 2_000 } })).toBe(12_000);
    expect(autoStopWatch({ ...base, limits: { targetEnergyWh: 90_000 } })).toBe(34_950);
  });

  it('ORD-4 a SoC or duration target cannot be watched by energy: 0, every sample', () => {
    expect(autoStopWatch({ ...base, limits: { targetSoc: 80 } })).toBe(0);
    expect(autoStopWatch({ ...base, limits: { targetDurationS: 3_600 } })).toBe(0);
  });

  it('ORD-4 platform funding and no target: nothing to watch (null)', () => {
    expect(autoStopWatch({ ...base, funding: { kind: 'PLATFORM' } })).toBeNull();
  });

  it('ORD-4 a free tariff never reaches the cap: only a target is watched', () => {
    expect(autoStopWatch({ ...base, dearestPerKwh: unitPrice(0n) })).toBeNull();
    expect(autoStopWatch({ ...base, dearestPerKwh: unitPrice(0n), limits: { targetEnergyWh: 500 } })).toBe(
      10_500,
    );
  });
});
