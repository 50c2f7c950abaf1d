import type { CameraRow, ParkingSpaceRow, WhitelistEntryRow } from '../entities/reservations.js';

// Plain records of the ASSET-6 / RES-4 rows, as the HTTP views and the workflows read them.

/** ASSET-6: a parking space. */
export interface ParkingSpaceRecord {
  readonly id: string;
  readonly stationId: string;
  readonly areaId: string;
  readonly name: string;
  readonly lockType: 'NONE' | 'GROUND_LOCK';
  readonly chargerId: string | null;
  readonly enabled: boolean;
  readonly createdAt: number;
}

/** ASSET-6: a plate camera and the two spaces it watches. */
export interface CameraRecord {
  readonly id: string;
  readonly stationId: string;
  readonly areaId: string;
  readonly serialNo: string;
  readonly ip: string;
  readonly name: string;
  readonly sim: string | null;
  readonly leftSpaceId: string | null;
  readonly rightSpaceId: string | null;
  readonly enabled: boolean;
  readonly createdAt: number;
}

/** RES-4: a whitelist entry. */
export interface WhitelistRecord {
  readonly id: string;
  readonly stationId: string;
  readonly plate: string;
  readonly remark: string;
  readonly enabled: boolean;
  readonly createdAt: number;
}

export const toSpace = (r: ParkingSpaceRow): ParkingSpaceRecord => ({
  id: r.id,
  stationId: r.stationId,
  areaId: r.areaId,
  name: r.name,
  lockType: r.lockType,
  chargerId: r.chargerId ?? null,
  enabled: r.enabled,
  createdAt: r.createdAt,
});

export const toCamera = (r: CameraRow): CameraRecord => ({
  id: r.id,
  stationId: r.stationId,
  areaId: r.areaId,
  serialNo: r.serialNo,
  ip: r.ip,
  name: r.name,
  sim: r.sim ?? null,
  leftSpaceId: r.leftSpaceId ?? null,
  rightSpaceId: r.rightSpaceId ?? null,
  enabled: r.enabled,
  createdAt: r.createdAt,
});

export const toWhitelist = (r: WhitelistEntryRow): WhitelistRecord => ({
  id: r.id,
  stationId: r.stationId,
  plate: r.plate,
  remark: r.remark,
  enabled: r.enabled,
  createdAt: r.createdAt,
});
