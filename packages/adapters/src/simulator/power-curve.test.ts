import { describe, expect, it } from 'vitest';
import { chargingPowerW, integrateCharge } from './power-curve.js';
import { CHARGER_PROFILES } from './settings.js';

const dc = CHARGER_PROFILES.dc60;

describe('power curve (simulator)', () => {
  it.each([
    ['at the very start', 20, 0, 0],
    ['half-way up the soft start', 20, 15_000, 30_000],
    ['at full power', 50, 60_000, 60_000],
    ['at the taper threshold', 80, 60_000, 60_000],
    ['half-way down the taper', 90, 60_000, 33_000],
    ['at 100 %', 100, 60_000, 0],
  ])('%s: SoC %i, %i ms since start → %i W', (_label, soc, since, expected) => {
    expect(chargingPowerW(dc, soc, since)).toBeCloseTo(expected, 6);
  });

  it('never draws less than the floor before full', () => {
    expect(chargingPowerW(dc, 99.9, 60_000)).toBeGreaterThanOrEqual(6000);
  });

  it('a 90-minute DC session: energy only grows, SoC reaches 100 and stays there', () => {
    let state = { sinceStartMs: 0, energyWh: 0, soc: 20, powerW: 0 };
    let previous = state.energyWh;
    for (let minute = 0; minute < 90; minute++) {
      state = integrateCharge(dc, 60_000, state, 60_000);
      expect(state.energyWh).toBeGreaterThanOrEqual(previous);
      expect(state.soc).toBeLessThanOrEqual(100);
      previous = state.energyWh;
    }
    expect(state.soc).toBe(100);
    // 80 % of a 60 kWh battery went in (at most: the curve delivers exactly what moves the SoC).
    expect(state.energyWh).toBeCloseTo(48_000, -1);
    expect(state.powerW).toBe(0);
  });

  it('an AC 7 kW hour delivers close to 7 kWh (soft start costs seconds)', () => {
    const state = integrateCharge(
      CHARGER_PROFILES.ac7,
      60_000,
      { sinceStartMs: 0, energyWh: 0, soc: 20, powerW: 0 },
      3_600_000,
    );
    expect(state.energyWh).toBeGreaterThan(6950);
    expect(state.energyWh).toBeLessThan(7000);
  });
});
