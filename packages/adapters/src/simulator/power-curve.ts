/** The shape of a charger's power curve. */
export interface PowerCurve {
  readonly maxPowerW: number;
  /** Simulated ms from start to full power (soft start). */
  readonly rampMs: number;
  /** SoC (%) where the battery management starts cutting power. */
  readonly taperFromSoc?: number;
  /** The fraction of max power left just before 100 %. */
  readonly floorFraction?: number;
}

/**
 * Charging power (W) at a moment of a session: a linear soft start to max power, flat, then a linear
 * taper above `taperFromSoc` (default 80 %) down to `floorFraction` (default 10 %); 0 at 100 %.
 */
export function chargingPowerW(curve: PowerCurve, soc: number, sinceStartMs: number): number {
  if (soc >= 100) return 0;
  const taperFrom = curve.taperFromSoc ?? 80;
  const floor = curve.floorFraction ?? 0.1;
  const ramp = curve.rampMs <= 0 ? 1 : Math.min(1, Math.max(0, sinceStartMs) / curve.rampMs);
  const taper =
    soc <= taperFrom ? 1 : Math.max(floor, 1 - ((1 - floor) * (soc - taperFrom)) / (100 - taperFrom));
  return curve.maxPowerW * ramp * taper;
}

/** A battery being charged: what it holds and where a session is. */
export interface ChargeState {
  readonly sinceStartMs: number;
  /** Energy delivered in this session, Wh (fractional: the meter shows its integer part). */
  readonly energyWh: number;
  readonly soc: number;
  readonly powerW: number;
}

const STEP_MS = 1000;

/**
 * Integrates the curve over `durationMs` of simulated time in 1 s steps (midpoint power), moving
 * SoC with the energy delivered. Energy never decreases.
 */
export function integrateCharge(
  curve: PowerCurve,
  batteryWh: number,
  state: ChargeState,
  durationMs: number,
): ChargeState {
  let { sinceStartMs, energyWh, soc } = state;
  let remaining = Math.max(0, durationMs);
  while (remaining > 0) {
    const step = Math.min(STEP_MS, remaining);
    const power = chargingPowerW(curve, soc, sinceStartMs + step / 2);
    const wh = (power * step) / 3_600_000;
    energyWh += wh;
    soc = Math.min(100, soc + (wh / batteryWh) * 100);
    sinceStartMs += step;
    remaining -= step;
  }
  return { sinceStartMs, energyWh, soc, powerW: chargingPowerW(curve, soc, sinceStartMs) };
}
