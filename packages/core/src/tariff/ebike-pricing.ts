import type { Bill, BillLine } from '../billing/bill.js';
import type { Fen } from '../money/fen.js';
import { formatDuration, type Seconds, type Wh } from '../money/quantities.js';
import { DomainError } from '../shared/errors.js';
import { durationUnitName, energyLine, finishBill, unitsLine, type PricingOptions } from './bill-lines.js';
import type { EbikeTariff, PowerBand } from './model.js';

/** An e-bike session (or a tariff-test question, TAR-11). */
export interface EbikeSession {
  /** Whole seconds from start to stop. */
  readonly durationSeconds: number;
  /** Whole Wh delivered (UNIFIED, PERIOD_SERVICE, POWER_SERVICE). */
  readonly energyWh?: number;
  /** Highest power observed in the session, W (POWER, POWER_SERVICE: picks the band). */
  readonly maxPowerW?: number;
}

/** TAR-7/10: the band for `maxPowerW`: the first whose upper bound (inclusive) is ≥ it; above all bands, the top one. */
export function powerBandFor(
  bands: readonly PowerBand[],
  maxPowerW: number,
): { band: PowerBand; index: number } {
  for (let index = 0; index < bands.length; index++) {
    const band = bands[index]!;
    if (maxPowerW <= band.upToW) return { band, index };
  }
  return { band: bands[bands.length - 1]!, index: bands.length - 1 };
}

function need(value: number | undefined, name: string, mode: string): number {
  if (value === undefined || !Number.isSafeInteger(value) || value < 0) {
    throw new DomainError(
      'EBIKE_INPUT_MISSING',
      `${mode} pricing needs ${name} as a whole non-negative number`,
      {
        mode,
        field: name,
        value,
      },
    );
  }
  return value;
}

/**
 * Prices an e-bike session by its tariff's mode (TAR-6 … TAR-10): free within the free minutes,
 * otherwise the whole session; duration is billed up to the auto-stop threshold; partial
 * duration units round up; the power band is chosen by the session's maximum power.
 */
export function priceEbikeSession(
  tariff: EbikeTariff,
  session: EbikeSession,
  options: PricingOptions = {},
): Bill {
  const rounding = options.rounding ?? 'HALF_UP';
  const duration = need(session.durationSeconds, 'durationSeconds', tariff.pricing.mode) as Seconds;
  if (duration <= tariff.freeMinutes * 60) {
    const free: BillLine = {
      kind: 'FREE',
      label: `${formatDuration(duration)} within ${tariff.freeMinutes} free minutes`,
      quantity: { value: `${duration}`, unit: 's' },
      unitPrice: '0.00000',
      preciseAmount: '0.00',
      amount: 0n as Fen,
    };
    return finishBill(tariff, [free], options.cap, ['free: the session ended within the free minutes']);
  }
  const notes: string[] = [];
  const limit = tariff.autoStopMinutes * 60;
  const billed = (duration > limit ? limit : duration) as Seconds;
  if (duration > limit)
    notes.push(
      `duration billed up to the auto-stop threshold of ${durationUnitName(tariff.autoStopMinutes)}`,
    );

  const p = tariff.pricing;
  const lines: BillLine[] = [];
  const units = (unitMinutes: number): number => Math.ceil(billed / (unitMinutes * 60));
  const durationLabel = (unitMinutes: number): string =>
    `${formatDuration(billed)} → ${units(unitMinutes)} × ${durationUnitName(unitMinutes)}`;
  const powerBand = (bands: readonly PowerBand[]): { band: PowerBand; index: number; label: string } => {
    const maxPowerW = need(session.maxPowerW, 'maxPowerW', p.mode);
    const found = powerBandFor(bands, maxPowerW);
    return { ...found, label: `${found.band.fromW}–${found.band.upToW} W (max ${maxPowerW} W)` };
  };
  switch (p.mode) {
    case 'DURATION':
      lines.push(
        unitsLine(
          'DURATION',
          durationLabel(p.unitMinutes),
          units(p.unitMinutes),
          durationUnitName(p.unitMinutes),
          p.unitPrice,
          rounding,
        ),
      );
      break;
    case 'POWER': {
      const { band, index, label } = powerBand(p.bands);
      lines.push(
        unitsLine(
          'DURATION',
          `${label}, ${durationLabel(p.unitMinutes)}`,
          units(p.unitMinutes),
          durationUnitName(p.unitMinutes),
          band.unitPrice,
          rounding,
          `POWER_${index + 1}`,
        ),
      );
      break;
    }
    case 'UNIFIED': {
      const energy = need(session.energyWh, 'energyWh', p.mode) as Wh;
      lines.push(energyLine('ENERGY', 'energy', energy, p.energyPrice, rounding));
      lines.push(energyLine('SERVICE', 'service by energy', energy, p.servicePrice, rounding));
      break;
    }
    case 'PERIOD_SERVICE': {
      const energy = need(session.energyWh, 'energyWh', p.mode) as Wh;
      lines.push(energyLine('ENERGY', 'energy', energy, p.energyPrice, rounding));
      lines.push(
        unitsLine(
          'SERVICE',
          `service per started ${durationUnitName(p.serviceUnitMinutes)}, ${durationLabel(p.serviceUnitMinutes)}`,
          units(p.serviceUnitMinutes),
          durationUnitName(p.serviceUnitMinutes),
          p.servicePrice,
          rounding,
        ),
      );
      break;
    }
    case 'POWER_SERVICE': {
      const energy = need(session.energyWh, 'energyWh', p.mode) as Wh;
      const { band, index, label } = powerBand(p.bands);
      lines.push(energyLine('ENERGY', 'energy', energy, p.energyPrice, rounding));
      lines.push(
        unitsLine(
          'SERVICE',
          `service ${label}, ${durationLabel(p.unitMinutes)}`,
          units(p.unitMinutes),
          durationUnitName(p.unitMinutes),
          band.unitPrice,
          rounding,
          `POWER_${index + 1}`,
        ),
      );
      break;
    }
  }
  return finishBill(tariff, lines, options.cap, notes);
}

/** TAR-11 tariff test (计费测试): the bill for a given duration (and power / energy). */
export const quoteEbike = priceEbikeSession;

/**
 * The auto-stop amount: the fee at the auto-stop threshold, for a socket drawing `socketMaxPowerW`
 * the whole time (the highest fee the session can reach; used as the pre-authorised amount).
 */
export function ebikeAutoStopAmount(tariff: EbikeTariff, socketMaxPowerW: number): Fen {
  const durationSeconds = tariff.autoStopMinutes * 60;
  const energyWh = Math.ceil((socketMaxPowerW * tariff.autoStopMinutes) / 60);
  const atThreshold = { ...tariff, freeMinutes: 0 };
  return priceEbikeSession(atThreshold, { durationSeconds, energyWh, maxPowerW: socketMaxPowerW }).total;
}
