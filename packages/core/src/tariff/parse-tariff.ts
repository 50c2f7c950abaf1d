import type { z } from 'zod';
import { parseUnitPrice } from '../money/unit-price.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { CarTariff, EbikePricing, EbikeTariff, PowerBand } from './model.js';
import { parsePrepayOptions } from './prepay.js';
import { CarTariffSchema, EbikeTariffSchema } from './schemas.js';
import { compileTouPricing } from './tou-schedule.js';

/** TAR-6…10: the auto-stop threshold is at most 48 h. */
export const MAX_AUTO_STOP_MINUTES = 48 * 60;
/** At most this many e-bike power bands. */
export const MAX_POWER_BANDS = 10;

function schemaError(error: z.ZodError): DomainError {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return new DomainError('TARIFF_INVALID', `tariff definition is invalid: ${issues.join('; ')}`, { issues });
}

/** Validates a car tariff definition (schema, then TAR-2 and TAR-5 rules) into its exact form. */
export function parseCarTariff(input: unknown): Result<CarTariff> {
  const parsed = CarTariffSchema.safeParse(input);
  if (!parsed.success) return err(schemaError(parsed.error));
  const def = parsed.data;
  const prepay = parsePrepayOptions(def.prepayOptions ?? []);
  if (!prepay.ok) return prepay;
  let pricing: CarTariff['pricing'];
  if (def.pricing.mode === 'FLAT') {
    pricing = {
      mode: 'FLAT',
      energy: parseUnitPrice(def.pricing.energyPrice),
      service: parseUnitPrice(def.pricing.servicePrice),
    };
  } else {
    const tou = compileTouPricing(def.pricing.periods, def.pricing.bands);
    if (!tou.ok) return tou;
    pricing = tou.value;
  }
  const tariff: CarTariff = {
    kind: 'CAR',
    id: def.id,
    version: def.version,
    savedAt: def.savedAt,
    ...(def.name === undefined ? {} : { name: def.name }),
    pricing,
    ...(def.occupancy === undefined
      ? {}
      : {
          occupancy: {
            graceMinutes: def.occupancy.graceMinutes,
            unitMinutes: def.occupancy.unitMinutes,
            unitPrice: parseUnitPrice(def.occupancy.unitPrice),
          },
        }),
    prepayOptions: prepay.value,
  };
  return ok(tariff);
}

function compilePowerBands(
  bands: readonly { upToW: number; unitPrice: string }[],
): Result<readonly PowerBand[]> {
  if (bands.length > MAX_POWER_BANDS) {
    return err(
      new DomainError('TARIFF_TOO_MANY_BANDS', `${bands.length} power bands; at most ${MAX_POWER_BANDS}`, {
        count: bands.length,
      }),
    );
  }
  const result: PowerBand[] = [];
  let fromW = 0;
  for (const b of bands) {
    if (b.upToW <= fromW) {
      return err(
        new DomainError(
          'TARIFF_POWER_BANDS_UNORDERED',
          `power band up to ${b.upToW} W does not rise above ${fromW} W`,
          {
            interval: `${fromW}–${b.upToW} W`,
          },
        ),
      );
    }
    result.push({ fromW, upToW: b.upToW, unitPrice: parseUnitPrice(b.unitPrice) });
    fromW = b.upToW;
  }
  return ok(result);
}

/** Validates an e-bike tariff definition (schema, power bands, auto-stop ≤ 48 h, prepay) into its exact form. */
export function parseEbikeTariff(input: unknown): Result<EbikeTariff> {
  const parsed = EbikeTariffSchema.safeParse(input);
  if (!parsed.success) return err(schemaError(parsed.error));
  const def = parsed.data;
  if (def.autoStopMinutes > MAX_AUTO_STOP_MINUTES) {
    return err(
      new DomainError(
        'TARIFF_AUTO_STOP_TOO_LONG',
        `auto-stop after ${def.autoStopMinutes} min exceeds 48 h`,
        {
          autoStopMinutes: def.autoStopMinutes,
        },
      ),
    );
  }
  const prepay = parsePrepayOptions(def.prepayOptions ?? []);
  if (!prepay.ok) return prepay;
  const p = def.pricing;
  let pricing: EbikePricing;
  switch (p.mode) {
    case 'DURATION':
      pricing = { mode: 'DURATION', unitMinutes: p.unitMinutes, unitPrice: parseUnitPrice(p.unitPrice) };
      break;
    case 'UNIFIED':
      pricing = {
        mode: 'UNIFIED',
        energyPrice: parseUnitPrice(p.energyPrice),
        servicePrice: parseUnitPrice(p.servicePrice),
      };
      break;
    case 'PERIOD_SERVICE':
      pricing = {
        mode: 'PERIOD_SERVICE',
        energyPrice: parseUnitPrice(p.energyPrice),
        serviceUnitMinutes: p.serviceUnitMinutes,
        servicePrice: parseUnitPrice(p.servicePrice),
      };
      break;
    case 'POWER':
    case 'POWER_SERVICE': {
      const bands = compilePowerBands(p.bands);
      if (!bands.ok) return bands;
      pricing =
        p.mode === 'POWER'
          ? { mode: 'POWER', unitMinutes: p.unitMinutes, bands: bands.value }
          : {
              mode: 'POWER_SERVICE',
              energyPrice: parseUnitPrice(p.energyPrice),
              unitMinutes: p.unitMinutes,
              bands: bands.value,
            };
      break;
    }
  }
  return ok({
    kind: 'EBIKE',
    id: def.id,
    version: def.version,
    savedAt: def.savedAt,
    ...(def.name === undefined ? {} : { name: def.name }),
    freeMinutes: def.freeMinutes,
    autoStopMinutes: def.autoStopMinutes,
    pricing,
    prepayOptions: prepay.value,
  });
}
