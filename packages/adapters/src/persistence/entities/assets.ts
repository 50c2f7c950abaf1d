import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

// ASSET-1…7: the asset tree provider → property → station → area → charger → connector.
// Ids are strings chosen by the caller (UUIDs by default); instants are epoch ms in BIGINT columns.

/** 服务商 (ORG-2): the organisation that operates charging; its phone is its login account. */
export const ProviderEntity = defineEntity({
  name: 'Provider',
  tableName: 'provider',
  properties: {
    id: p.string().length(36).primary(),
    name: p.string().length(128),
    contactName: p.string().length(64).nullable(),
    /** The login account: unique, immutable (null only for providers made before migration 0004). */
    phone: p.string().length(32).nullable().unique('provider_phone_unique'),
    email: p.string().length(255).nullable(),
    merchantType: p.string().length(32).nullable(),
    /** ORG-2 audit: PENDING → APPROVED | REJECTED. */
    auditStatus: p.enum(['PENDING', 'APPROVED', 'REJECTED']).default('PENDING'),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
  },
});
/** A provider row. */
export type ProviderRow = InferEntity<typeof ProviderEntity>;

/** 物业: owns the sites where stations stand. */
export const PropertyEntity = defineEntity({
  name: 'Property',
  tableName: 'property',
  properties: {
    id: p.string().length(36).primary(),
    provider: () => p.manyToOne(ProviderEntity),
    name: p.string().length(128),
    contactName: p.string().length(64).nullable(),
    /** The login account: unique, immutable (null only for properties made before migration 0004). */
    phone: p.string().length(32).nullable().unique('property_phone_unique'),
    email: p.string().length(255).nullable(),
    province: p.string().length(64).nullable(),
    city: p.string().length(64).nullable(),
    address: p.string().length(255).nullable(),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
  },
});
/** A property row. */
export type PropertyRow = InferEntity<typeof PropertyEntity>;

/** 电站 (ASSET-1, ASSET-7): a charging site of kind CAR or EBIKE. */
export const StationEntity = defineEntity({
  name: 'Station',
  tableName: 'station',
  indexes: [{ name: 'station_scope_idx', properties: ['providerId', 'property'] }],
  properties: {
    id: p.string().length(36).primary(),
    property: () => p.manyToOne(PropertyEntity),
    /** ORG-1 scope column: the property's provider, copied at creation (stations never change owner). */
    providerId: p.string().length(36),
    kind: p.enum(['CAR', 'EBIKE']),
    name: p.string().length(128),
    operationType: p.string().length(32).nullable(),
    contact: p.string().length(64).nullable(),
    phone: p.string().length(32).nullable(),
    hotline: p.string().length(32).nullable(),
    description: p.text().nullable(),
    openingHours: p.string().length(64).nullable(),
    address: p.string().length(255).nullable(),
    /** Latitude / longitude as exact decimal strings. */
    lat: p.string().length(16).nullable(),
    lng: p.string().length(16).nullable(),
    timezone: p.string().length(64).default('Asia/Shanghai'),
    /** ORD-1: the largest prepay an app start may pay here (fen; default 1,000.00 CNY, ≤ 100,000.00). */
    maxPrepayFen: p.bigint().default(100_000),
    auditStatus: p.string().length(16).default('PENDING'),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
  },
});
/** A station row. */
export type StationRow = InferEntity<typeof StationEntity>;

/** 区域: a zone of a station; every station has one default area (ASSET-1). */
export const AreaEntity = defineEntity({
  name: 'Area',
  tableName: 'area',
  properties: {
    id: p.string().length(36).primary(),
    station: () => p.manyToOne(StationEntity),
    name: p.string().length(128),
    isDefault: p.boolean().default(false),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
  },
});
/** An area row. */
export type AreaRow = InferEntity<typeof AreaEntity>;

/** 电桩 / e-bike device (ASSET-5, ASSET-7): identified on the wire by its unique factory serial. */
export const ChargerEntity = defineEntity({
  name: 'Charger',
  tableName: 'charger',
  properties: {
    id: p.string().length(36).primary(),
    station: () => p.manyToOne(StationEntity),
    area: () => p.manyToOne(AreaEntity),
    /** ORG-1 scope columns, copied from the station at creation. */
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    serialNo: p.string().length(64).unique('charger_serial_no_unique'),
    name: p.string().length(128),
    model: p.string().length(64).nullable(),
    firmwareVersion: p.string().length(64).nullable(),
    currentType: p.string().length(8).nullable(),
    ratedPowerW: p.integer().nullable(),
    sim: p.string().length(32).nullable(),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
    /** RES-1: the charger takes reservations of its spaces (migration 0007). */
    reservable: p.boolean().default(false),
    /** TAR-12: cars standing in its spaces pay the occupancy fee (migration 0007). */
    chargesOccupancy: p.boolean().default(false),
  },
});
/** A charger row. */
export type ChargerRow = InferEntity<typeof ChargerEntity>;

/** 电枪 / 插座: a connector of a charger, numbered on the device ("1", "2", …). */
export const ConnectorEntity = defineEntity({
  name: 'Connector',
  tableName: 'connector',
  uniques: [{ name: 'connector_charger_no_unique', properties: ['charger', 'connectorNo'] }],
  properties: {
    id: p.string().length(36).primary(),
    charger: () => p.manyToOne(ChargerEntity),
    connectorNo: p.string().length(8),
    kind: p.enum(['GUN', 'SOCKET']),
    enabled: p.boolean().default(true),
    createdAt: p.bigint('number'),
  },
});
/** A connector row. */
export type ConnectorRow = InferEntity<typeof ConnectorEntity>;
