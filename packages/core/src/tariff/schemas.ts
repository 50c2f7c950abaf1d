import { z } from 'zod';

// Tariff definitions as data (the form the HTTP API, Kafka and persistence carry). Schemas check
// shape only; the rules that need a domain error code (gaps, overlaps, band counts, the 48 h
// auto-stop limit, prepay options) are checked by parseCarTariff / parseEbikeTariff.

/** A CNY unit price from 0 to 100 (MAX_UNIT_PRICE) as a decimal string with at most 5 decimals ("0.85230"). */
export const UnitPriceTextSchema = z
  .string()
  .regex(
    /^(?:\d{1,2}(?:\.\d{1,5})?|100(?:\.0{1,5})?)$/,
    'a CNY unit price from 0 to 100 with at most 5 decimals',
  );

/**
 * A CNY amount as a decimal string with at most 13 integer digits and 2 decimals ("30", "12.50"):
 * never more than MONEY_MAX_FEN. Rules with a tighter bound (prepay) check it on top.
 */
export const CnyTextSchema = z
  .string()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, 'a CNY amount with at most 13 integer digits and 2 decimals');

/**
 * A prepay (ORD-1) or prepay option (TAR-5): a positive CNY amount of at most 100000.00
 * (PREPAY_CEILING_FEN), with at most 2 decimals.
 */
export const PrepayTextSchema = z
  .string()
  .regex(
    /^(?:\d{1,5}(?:\.\d{1,2})?|100000(?:\.0{1,2})?)$/,
    'a CNY amount from 0.01 to 100000.00 with at most 2 decimals',
  )
  .refine((text) => !/^0+(\.0*)?$/.test(text), 'a positive amount');

/** Wall-clock time "HH:MM" (00:00 … 24:00) in station-local time. */
export const WallClockSchema = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a time HH:MM');

/** The four time-of-use bands (尖峰平谷). */
export const TouBandSchema = z.enum(['SHARP', 'PEAK', 'FLAT', 'VALLEY']);
export type TouBand = z.infer<typeof TouBandSchema>;

/** Energy and service unit prices (CNY per kWh) of one band. */
export const BandPriceSchema = z.object({
  band: TouBandSchema,
  energyPrice: UnitPriceTextSchema,
  servicePrice: UnitPriceTextSchema,
});

/** One period of the day; `to` before `from` wraps past midnight ("22:00"–"07:00"). */
export const TouPeriodSchema = z.object({ from: WallClockSchema, to: WallClockSchema, band: TouBandSchema });

/** TAR-1 FLAT pricing. */
export const FlatPricingSchema = z.object({
  mode: z.literal('FLAT'),
  energyPrice: UnitPriceTextSchema,
  servicePrice: UnitPriceTextSchema,
});

/** TAR-2 TOU pricing. */
export const TouPricingSchema = z.object({
  mode: z.literal('TOU'),
  bands: z.array(BandPriceSchema).min(1).max(16),
  periods: z.array(TouPeriodSchema).min(1).max(96),
});

/** TAR-12 occupancy rule: `unitPrice` per started `unitMinutes` beyond `graceMinutes`. */
export const OccupancyRuleSchema = z.object({
  graceMinutes: z.int().min(0).max(1440),
  unitMinutes: z.int().min(1).max(1440),
  unitPrice: UnitPriceTextSchema,
});

const versionFields = {
  id: z.string().min(1).max(64),
  version: z.int().min(1).max(1_000_000),
  /** When the version was saved (ISO 8601 with offset); it takes effect at the next station-local 24:00 (TAR-3). */
  savedAt: z.iso.datetime({ offset: true }),
  name: z.string().trim().min(1).max(128).optional(),
  /** TAR-5 prepay options offered to users (at most 12 positive CNY amounts ≤ 100000.00). */
  prepayOptions: z.array(PrepayTextSchema).max(64).optional(),
};

/** A car tariff version (TAR-1, TAR-2, TAR-12). */
export const CarTariffSchema = z.object({
  kind: z.literal('CAR'),
  ...versionFields,
  pricing: z.discriminatedUnion('mode', [FlatPricingSchema, TouPricingSchema]),
  occupancy: OccupancyRuleSchema.optional(),
});
export type CarTariffDefinition = z.infer<typeof CarTariffSchema>;

/** One e-bike power band: sessions whose max power is ≤ upToW (and above the previous band) use it. */
export const PowerBandSchema = z.object({
  upToW: z.int().min(1).max(100_000_000),
  unitPrice: UnitPriceTextSchema,
});

const unitMinutes = z.int().min(1).max(2880);

/** The five e-bike pricing modes (TAR-6 … TAR-10). */
export const EbikePricingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('DURATION'), unitMinutes, unitPrice: UnitPriceTextSchema }),
  z.object({ mode: z.literal('POWER'), unitMinutes, bands: z.array(PowerBandSchema).min(1).max(64) }),
  z.object({
    mode: z.literal('UNIFIED'),
    energyPrice: UnitPriceTextSchema,
    servicePrice: UnitPriceTextSchema,
  }),
  z.object({
    mode: z.literal('PERIOD_SERVICE'),
    energyPrice: UnitPriceTextSchema,
    serviceUnitMinutes: unitMinutes.default(60),
    servicePrice: UnitPriceTextSchema,
  }),
  z.object({
    mode: z.literal('POWER_SERVICE'),
    energyPrice: UnitPriceTextSchema,
    unitMinutes,
    bands: z.array(PowerBandSchema).min(1).max(64),
  }),
]);

/** An e-bike tariff version (TAR-6 … TAR-10). */
export const EbikeTariffSchema = z.object({
  kind: z.literal('EBIKE'),
  ...versionFields,
  freeMinutes: z.int().min(0).max(1440).default(0),
  /** At most 48 h (TAR-6…10: checked by parseEbikeTariff as TARIFF_AUTO_STOP_TOO_LONG). */
  autoStopMinutes: z.int().min(1).max(1_000_000),
  pricing: EbikePricingSchema,
});
export type EbikeTariffDefinition = z.input<typeof EbikeTariffSchema>;

/** Any tariff definition, discriminated by `kind`. */
export const TariffDefinitionSchema = z.discriminatedUnion('kind', [CarTariffSchema, EbikeTariffSchema]);
