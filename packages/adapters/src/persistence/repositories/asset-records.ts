import { fen, type Fen } from '@chargeflow/core';
import type { AreaRow, ChargerRow, ConnectorRow, StationRow } from '../entities/assets.js';

// Plain records the repositories return (no ORM entities leak out of persistence).

/** A station (ASSET-1). */
export interface StationRecord {
  readonly id: string;
  readonly providerId: string;
  readonly propertyId: string;
  readonly kind: 'CAR' | 'EBIKE';
  readonly name: string;
  readonly timezone: string;
  /** ORD-1: the largest prepay an app start may pay at this station. */
  readonly maxPrepay: Fen;
  readonly enabled: boolean;
  readonly auditStatus: string;
  readonly address: string | null;
  readonly hotline: string | null;
  readonly createdAt: number;
}

/** An area of a station. */
export interface AreaRecord {
  readonly id: string;
  readonly stationId: string;
  readonly name: string;
  readonly isDefault: boolean;
  readonly enabled: boolean;
}

/** A charger (ASSET-5) or e-bike device (ASSET-7). */
export interface ChargerRecord {
  readonly id: string;
  readonly providerId: string;
  readonly propertyId: string;
  readonly stationId: string;
  readonly areaId: string;
  readonly serialNo: string;
  readonly name: string;
  readonly model: string | null;
  readonly ratedPowerW: number | null;
  readonly enabled: boolean;
}

/** A connector (gun / socket). */
export interface ConnectorRecord {
  readonly id: string;
  readonly chargerId: string;
  readonly connectorNo: string;
  readonly kind: 'GUN' | 'SOCKET';
  readonly enabled: boolean;
}

/** Maps a station row. */
export const toStationRecord = (s: StationRow): StationRecord => ({
  id: s.id,
  providerId: s.providerId,
  propertyId: s.property.id,
  kind: s.kind,
  name: s.name,
  timezone: s.timezone,
  maxPrepay: fen(s.maxPrepayFen),
  enabled: s.enabled,
  auditStatus: s.auditStatus,
  address: s.address ?? null,
  hotline: s.hotline ?? null,
  createdAt: s.createdAt,
});

/** Maps an area row. */
export const toAreaRecord = (a: AreaRow): AreaRecord => ({
  id: a.id,
  stationId: a.station.id,
  name: a.name,
  isDefault: a.isDefault,
  enabled: a.enabled,
});

/** Maps a charger row. */
export const toChargerRecord = (c: ChargerRow): ChargerRecord => ({
  id: c.id,
  providerId: c.providerId,
  propertyId: c.propertyId,
  stationId: c.station.id,
  areaId: c.area.id,
  serialNo: c.serialNo,
  name: c.name,
  model: c.model ?? null,
  ratedPowerW: c.ratedPowerW ?? null,
  enabled: c.enabled,
});

/** Maps a connector row. */
export const toConnectorRecord = (c: ConnectorRow): ConnectorRecord => ({
  id: c.id,
  chargerId: c.charger.id,
  connectorNo: c.connectorNo,
  kind: c.kind,
  enabled: c.enabled,
});
