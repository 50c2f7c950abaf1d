import type { Fen } from '../money/fen.js';
import type { UnitPrice } from '../money/unit-price.js';
import type { TouBand } from './schemas.js';

// The compiled (validated, exact) forms the pricers run on. Built by parseCarTariff / parseEbikeTariff.

/** Identity of a tariff version (TAR-3, TAR-13). */
export interface TariffVersionStamp {
  readonly id: string;
  readonly version: number;
  /** ISO 8601 instant the version was saved; effective from the next station-local midnight. */
  readonly savedAt: string;
}

/** Energy and service unit prices of a band, exact. */
export interface BandPrice {
  readonly band: TouBand;
  readonly energy: UnitPrice;
  readonly service: UnitPrice;
}

/** One canonical TOU period: [fromMinute, toMinute) of the local day, 30-minute grid. */
export interface TouPeriod {
  readonly band: TouBand;
  readonly fromMinute: number;
  readonly toMinute: number;
  /** "PEAK 08:00–11:00". */
  readonly label: string;
}

/** TAR-1. */
export interface FlatCarPricing {
  readonly mode: 'FLAT';
  readonly energy: UnitPrice;
  readonly service: UnitPrice;
}

/**
 * TAR-2, canonical: periods sorted, cover 00:00–24:00 exactly, adjacent same-band periods merged,
 * split at midnight; bands in SHARP, PEAK, FLAT, VALLEY order, only used or non-zero ones.
 */
export interface TouCarPricing {
  readonly mode: 'TOU';
  readonly bands: readonly BandPrice[];
  readonly periods: readonly TouPeriod[];
}

/** TAR-12. */
export interface OccupancyRule {
  readonly graceMinutes: number;
  readonly unitMinutes: number;
  readonly unitPrice: UnitPrice;
}

/** A validated car tariff version. */
export interface CarTariff extends TariffVersionStamp {
  readonly kind: 'CAR';
  readonly name?: string;
  readonly pricing: FlatCarPricing | TouCarPricing;
  readonly occupancy?: OccupancyRule;
  readonly prepayOptions: readonly Fen[];
}

/** An e-bike power band, exact; `fromW` is the previous band's upper bound (exclusive). */
export interface PowerBand {
  readonly fromW: number;
  readonly upToW: number;
  readonly unitPrice: UnitPrice;
}

/** The five e-bike modes, exact. */
export type EbikePricing =
  | { readonly mode: 'DURATION'; readonly unitMinutes: number; readonly unitPrice: UnitPrice }
  | { readonly mode: 'POWER'; readonly unitMinutes: number; readonly bands: readonly PowerBand[] }
  | { readonly mode: 'UNIFIED'; readonly energyPrice: UnitPrice; readonly servicePrice: UnitPrice }
  | {
      readonly mode: 'PERIOD_SERVICE';
      readonly energyPrice: UnitPrice;
      readonly serviceUnitMinutes: number;
      readonly servicePrice: UnitPrice;
    }
  | {
      readonly mode: 'POWER_SERVICE';
      readonly energyPrice: UnitPrice;
      readonly unitMinutes: number;
      readonly bands: readonly PowerBand[];
    };

/** A validated e-bike tariff version. */
export interface EbikeTariff extends TariffVersionStamp {
  readonly kind: 'EBIKE';
  readonly name?: string;
  readonly freeMinutes: number;
  readonly autoStopMinutes: number;
  readonly pricing: EbikePricing;
  readonly prepayOptions: readonly Fen[];
}
