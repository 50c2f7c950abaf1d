import type { Bill, BillLine } from '../billing/bill.js';
import { ZERO_FEN } from '../money/fen.js';
import type { RoundingMode } from '../money/rounding.js';
import { formatUnitPrice } from '../money/unit-price.js';
import { DomainError } from '../shared/errors.js';
import { durationUnitName, finishBill, unitsLine, type PricingOptions } from './bill-lines.js';
import type { OccupancyRule, TariffVersionStamp } from './model.js';

/** What the occupancy fee (占位费, TAR-12) needs to know about a stay in a space. */
export interface OccupancyInput {
  /** The charger carries the occupancy-fee flag; without it there is no occupancy line. */
  readonly chargerChargesOccupancy: boolean;
  /** Whole seconds the vehicle stood in the space. */
  readonly inSpaceSeconds: number;
  /** Whole seconds of that spent charging (never charged as occupancy). */
  readonly chargingSeconds: number;
  readonly plate?: string;
  /** Whitelisted plates (白名单) pay no occupancy fee. */
  readonly whitelist?: Iterable<string>;
}

const normalisePlate = (plate: string): string => plate.replace(/\s+/g, '').toUpperCase();

/**
 * TAR-12 occupancy line: started `unitMinutes` units of (time in space − charging time − grace),
 * at the rule's unit price; a zero line explains a whitelisted plate or a stay within grace.
 * Undefined when the charger has no occupancy flag.
 */
export function occupancyLine(
  rule: OccupancyRule,
  input: OccupancyInput,
  rounding: RoundingMode = 'HALF_UP',
): BillLine | undefined {
  if (!input.chargerChargesOccupancy) return undefined;
  const { inSpaceSeconds, chargingSeconds } = input;
  if (
    !Number.isSafeInteger(inSpaceSeconds) ||
    !Number.isSafeInteger(chargingSeconds) ||
    inSpaceSeconds < 0 ||
    chargingSeconds < 0
  ) {
    throw new DomainError(
      'OCCUPANCY_INVALID_INPUT',
      'occupancy and charging times must be whole non-negative seconds',
      {
        inSpaceSeconds,
        chargingSeconds,
      },
    );
  }
  const unit = durationUnitName(rule.unitMinutes);
  const idleMinutes = Math.floor(Math.max(0, inSpaceSeconds - chargingSeconds) / 60);
  if (input.plate !== undefined && input.whitelist !== undefined) {
    const plate = normalisePlate(input.plate);
    for (const listed of input.whitelist) {
      if (normalisePlate(listed) === plate) {
        return {
          kind: 'OCCUPANCY',
          label: `occupancy waived: plate ${plate} is whitelisted`,
          quantity: { value: '0', unit },
          unitPrice: formatUnitPrice(rule.unitPrice),
          preciseAmount: '0.00',
          amount: ZERO_FEN,
          band: 'WHITELISTED',
        };
      }
    }
  }
  const billable = Math.max(0, inSpaceSeconds - chargingSeconds - rule.graceMinutes * 60);
  const units = Math.ceil(billable / (rule.unitMinutes * 60));
  const label = `occupancy ${idleMinutes} min idle − ${rule.graceMinutes} min grace → ${units} × ${unit}`;
  return unitsLine('OCCUPANCY', label, units, unit, rule.unitPrice, rounding);
}

/** A stand-alone occupancy bill (e.g. a car that occupied a space without charging). */
export function priceOccupancy(
  tariff: TariffVersionStamp & { readonly occupancy?: OccupancyRule },
  input: OccupancyInput,
  options: PricingOptions = {},
): Bill {
  const line =
    tariff.occupancy === undefined ? undefined : occupancyLine(tariff.occupancy, input, options.rounding);
  return finishBill(tariff, line === undefined ? [] : [line], options.cap);
}
