import { createHash } from 'node:crypto';
import {
  fen,
  type Bill,
  type BillLine,
  type Fen,
  type Funding,
  type Settlement,
  type StartWay,
  type TariffRef,
} from '@chargeflow/core';
import type { BillLineRow, ChargingOrderRow } from '../entities/charging-order.js';

/** Input of a new charging order (ORD-1): identity, device, funding and the tariff in force. */
export interface NewChargingOrder {
  readonly orderNo: string;
  readonly kind?: 'CAR' | 'EBIKE';
  /** ORG-1 scope columns of the station. */
  readonly providerId: string;
  readonly propertyId: string;
  readonly stationId: string;
  readonly chargerId: string;
  readonly chargerSerial: string;
  readonly connectorId: string;
  readonly connectorNo: string;
  readonly startWay: StartWay;
  readonly funding: Funding;
  readonly tariff: TariffRef;
  /** Initial state; STARTING unless given. */
  readonly status?: string;
  /** Creation instant, epoch ms (the caller's clock). */
  readonly createdAt: number;
  readonly phone?: string;
  readonly cardNo?: string;
  readonly reservationNo?: string;
  /** The app user (vehicle owner) starting it, if any. */
  readonly ownerId?: string;
}

/** A charging order as stored (ORD-9 list and detail). Money in fen; instants in epoch ms. */
export interface ChargingOrderRecord {
  readonly orderNo: string;
  readonly kind: 'CAR' | 'EBIKE';
  readonly providerId: string;
  readonly propertyId: string;
  readonly stationId: string;
  readonly chargerId: string;
  readonly chargerSerial: string;
  readonly connectorId: string;
  readonly connectorNo: string;
  readonly startWay: StartWay;
  readonly status: string;
  readonly funding: Funding;
  readonly tariff: TariffRef;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly startMeterWh: number | null;
  readonly endMeterWh: number | null;
  readonly energyWh: number | null;
  readonly fee: Fen | null;
  readonly uncappedFee: Fen | null;
  readonly prepayReturned: Fen | null;
  readonly cardDebited: Fen | null;
  readonly endReason: string | null;
  readonly settledAt: number | null;
  readonly settlementCount: number;
  readonly phone: string | null;
  readonly cardNo: string | null;
  readonly reservationNo: string | null;
  readonly ownerId: string | null;
}

const fenOrNull = (value: bigint | null | undefined): Fen | null =>
  value === null || value === undefined ? null : fen(value);

/** Rebuilds the funding of an order from its columns. */
function fundingOf(row: ChargingOrderRow): Funding {
  if (row.fundingKind === 'PREPAY') {
    return { kind: 'PREPAY', paymentNo: row.paymentNo ?? '', prepay: fen(row.prepayFen ?? 0n) };
  }
  if (row.fundingKind === 'CARD') {
    return { kind: 'CARD', cardId: row.cardId ?? '', balance: fen(row.cardBalanceFen ?? 0n) };
  }
  return { kind: 'PLATFORM' };
}

/** Maps an order row to its record. */
export const toOrderRecord = (row: ChargingOrderRow): ChargingOrderRecord => ({
  orderNo: row.orderNo,
  kind: row.kind,
  providerId: row.providerId,
  propertyId: row.propertyId,
  stationId: row.stationId,
  chargerId: row.chargerId,
  chargerSerial: row.chargerSerial,
  connectorId: row.connectorId,
  connectorNo: row.connectorNo,
  startWay: row.startWay,
  status: row.status,
  funding: fundingOf(row),
  tariff: { tariffId: row.tariffId, version: row.tariffVersion },
  createdAt: row.createdAt,
  startedAt: row.startedAt ?? null,
  endedAt: row.endedAt ?? null,
  startMeterWh: row.startMeterWh ?? null,
  endMeterWh: row.endMeterWh ?? null,
  energyWh: row.energyWh ?? null,
  fee: fenOrNull(row.feeFen),
  uncappedFee: fenOrNull(row.uncappedFeeFen),
  prepayReturned: fenOrNull(row.prepayReturnedFen),
  cardDebited: fenOrNull(row.cardDebitedFen),
  endReason: row.endReason ?? null,
  settledAt: row.settledAt ?? null,
  settlementCount: row.settlementCount,
  phone: row.phone ?? null,
  cardNo: row.cardNo ?? null,
  reservationNo: row.reservationNo ?? null,
  ownerId: row.ownerId ?? null,
});

/** Maps a stored bill line back to the core's BillLine, exactly (strings stay strings, fen stays bigint). */
export const toBillLine = (row: BillLineRow): BillLine => ({
  kind: row.kind,
  label: row.label,
  quantity: { value: row.quantityValue, unit: row.quantityUnit },
  unitPrice: row.unitPrice,
  preciseAmount: row.preciseAmount,
  amount: fen(row.amountFen),
  ...(row.band === null || row.band === undefined ? {} : { band: row.band }),
});

/** JSON with sorted keys and bigints as decimal strings: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  const normalise = (v: unknown): unknown => {
    if (typeof v === 'bigint') return v.toString();
    if (Array.isArray(v)) return v.map(normalise);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, normalise((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(normalise(value));
}

/** sha256 of the canonical settlement + bill: equal digests mean "the same settlement again". */
export const settlementDigest = (settlement: Settlement, bill: Bill | undefined): string =>
  createHash('sha256')
    .update(canonicalJson({ settlement, bill: bill ?? null }))
    .digest('hex');
