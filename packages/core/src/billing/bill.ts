import type { Fen } from '../money/fen.js';

/**
 * The bill contract shared by the tariff engine (which produces bills) and the order lifecycles
 * (which settle them). TAR-13: every line explains itself; the bill names the tariff version.
 * The tariff engine may add fields; these ones are relied upon elsewhere and must stay.
 */
export interface TariffRef {
  readonly tariffId: string;
  readonly version: number;
}

export interface BillLine {
  /** What the line charges for, e.g. ENERGY, SERVICE, DURATION, OCCUPANCY. */
  readonly kind: string;
  /** Band or period that priced it (e.g. "PEAK 08:00–11:00", "0–200 W"), human readable. */
  readonly label: string;
  /** Quantity as an exact decimal string with its unit, e.g. { value: "12.345", unit: "kWh" }. */
  readonly quantity: { readonly value: string; readonly unit: string };
  /** Unit price as an exact decimal CNY string per unit, e.g. "0.85230". */
  readonly unitPrice: string;
  /** Exact amount before rounding, as a decimal CNY string (no precision lost). */
  readonly preciseAmount: string;
  /** The amount rounded once to fen. */
  readonly amount: Fen;
  /** Machine-readable band or period code (e.g. "PEAK", "POWER_2"), when the line has one. */
  readonly band?: string;
}

export interface Bill {
  readonly tariff: TariffRef;
  readonly lines: readonly BillLine[];
  /** Σ rounded line amounts before any cap. */
  readonly uncappedTotal: Fen;
  /** What the customer pays: uncappedTotal capped at the prepay / card balance when a cap applies. */
  readonly total: Fen;
  /** The cap that applied (prepay or balance), if any. */
  readonly cap?: Fen;
  /** Plain-language explanations (free minutes, auto-stop, cap, whitelist), for the customer and operator. */
  readonly notes?: readonly string[];
}
