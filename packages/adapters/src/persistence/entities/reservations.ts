import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PortableJsonType } from './portable-json.js';

// ASSET-6, RES-1 … RES-4: parking spaces, cameras, the plate whitelist and reservations. Every row is
// station-level (ORG-1: provider_id, property_id, station_id are its scope, copied from the station).

const scopeColumns = () => ({
  providerId: p.string().length(36),
  propertyId: p.string().length(36),
  stationId: p.string().length(36),
});

/** ASSET-6 车位: a bay of a station, with its ground lock and (optionally) the charger it serves. */
export const ParkingSpaceEntity = defineEntity({
  name: 'ParkingSpace',
  tableName: 'parking_space',
  indexes: [{ name: 'parking_space_scope_idx', properties: ['providerId', 'propertyId'] }],
  uniques: [{ name: 'parking_space_station_name_unique', properties: ['stationId', 'name'] }],
  properties: {
    id: p.string().length(36).primary(),
    ...scopeColumns(),
    areaId: p.string().length(36),
    /** The space number the camera reports (spaceNo on the wire), unique in its station. */
    name: p.string().length(64),
    lockType: p.enum(['NONE', 'GROUND_LOCK']),
    /** The charger whose connector this bay serves (RES-1 reservations, TAR-12 occupancy). */
    chargerId: p.string().length(36).nullable(),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
  },
});
/** A parking space row. */
export type ParkingSpaceRow = InferEntity<typeof ParkingSpaceEntity>;

/** ASSET-6 相机: a plate camera watching up to two spaces (left and right), driving their locks. */
export const CameraEntity = defineEntity({
  name: 'Camera',
  tableName: 'camera',
  indexes: [{ name: 'camera_scope_idx', properties: ['providerId', 'propertyId'] }],
  properties: {
    id: p.string().length(36).primary(),
    ...scopeColumns(),
    areaId: p.string().length(36),
    /** The factory id (serialNo on the wire), unique in the tenant. */
    serialNo: p.string().length(64).unique('camera_serial_no_unique'),
    ip: p.string().length(45),
    name: p.string().length(128),
    sim: p.string().length(32).nullable(),
    leftSpaceId: p.string().length(36).nullable(),
    rightSpaceId: p.string().length(36).nullable(),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
  },
});
/** A camera row. */
export type CameraRow = InferEntity<typeof CameraEntity>;

/** RES-4 白名单: a plate bound to a station; an enabled entry opens the lock and accrues no occupancy. */
export const WhitelistEntryEntity = defineEntity({
  name: 'WhitelistEntry',
  tableName: 'whitelist_entry',
  indexes: [{ name: 'whitelist_entry_scope_idx', properties: ['providerId', 'propertyId'] }],
  uniques: [{ name: 'whitelist_entry_station_plate_unique', properties: ['stationId', 'plate'] }],
  properties: {
    id: p.string().length(36).primary(),
    ...scopeColumns(),
    plate: p.string().length(16),
    remark: p.string().length(200),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
  },
});
/** A whitelist row. */
export type WhitelistEntryRow = InferEntity<typeof WhitelistEntryEntity>;

/**
 * RES-1 预约订单: the row the HTTP side reads; reservationWorkflow is the writer of its state. The
 * migration adds generated columns making one active (RESERVED or OCCUPYING) reservation per space
 * and per owner a unique key.
 */
export const ReservationEntity = defineEntity({
  name: 'Reservation',
  tableName: 'reservation',
  indexes: [
    { name: 'reservation_scope_idx', properties: ['providerId', 'propertyId'] },
    { name: 'reservation_plate_idx', properties: ['plate'] },
  ],
  properties: {
    reservationNo: p.string().length(32).primary(),
    ...scopeColumns(),
    spaceId: p.string().length(36),
    spaceName: p.string().length(64),
    chargerId: p.string().length(36),
    ownerId: p.string().length(36),
    phone: p.string().length(32),
    plate: p.string().length(16),
    status: p.enum(['RESERVED', 'OCCUPYING', 'COMPLETED', 'CANCELLED', 'TIMED_OUT']),
    reservedAt: p.bigint('number'),
    enteredAt: p.bigint('number').nullable(),
    endedAt: p.bigint('number').nullable(),
    whitelisted: p.boolean().default(false),
    chargedMs: p.bigint('number').default(0),
    occupancyMs: p.bigint('number').nullable(),
    /** TAR-12: the occupancy fee in fen once settled (null: none yet). */
    occupancyFeeFen: p.bigint().nullable(),
    /** TAR-12: the occupancy bill line (minutes, grace, unit price, amount), as core priced it. */
    occupancyLine: p.json<Record<string, unknown>>().type(PortableJsonType).nullable(),
    /** Set when the lock never confirmed an OPEN/CLOSE after the retries (RES-2). */
    lockFault: p.string().length(16).nullable(),
    updatedAt: p.bigint('number'),
  },
});
/** A reservation row. */
export type ReservationRow = InferEntity<typeof ReservationEntity>;
