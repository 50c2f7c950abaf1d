import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PortableJsonType } from './portable-json.js';

// ORD-1…9: a charging order and its bill lines. Money is BIGINT fen mapped to bigint; unit prices,
// quantities and precise amounts are exact decimal strings; instants are epoch ms (BIGINT).

/** 充电订单: one session; settled exactly once (settlement_count ≤ 1, guarded by a CHECK and a conditional update). */
export const ChargingOrderEntity = defineEntity({
  name: 'ChargingOrder',
  tableName: 'charging_order',
  checks: [{ name: 'charging_order_settled_once', expression: 'settlement_count <= 1' }],
  indexes: [
    { name: 'charging_order_created_idx', properties: ['createdAt', 'orderNo'] },
    { name: 'charging_order_station_created_idx', properties: ['stationId', 'createdAt'] },
    { name: 'charging_order_serial_created_idx', properties: ['chargerSerial', 'createdAt'] },
    { name: 'charging_order_status_created_idx', properties: ['status', 'createdAt'] },
    { name: 'charging_order_property_created_idx', properties: ['propertyId', 'createdAt'] },
    { name: 'charging_order_owner_created_idx', properties: ['ownerId', 'createdAt'] },
    /** TAR-12 / RES-3: the order that charged on a space's charger during a stay. */
    { name: 'charging_order_charger_started_idx', properties: ['chargerId', 'startedAt'] },
  ],
  properties: {
    orderNo: p.string().length(32).primary(),
    kind: p.enum(['CAR', 'EBIKE']),
    /** ORG-1 scope columns, copied from the station at creation. */
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    stationId: p.string().length(36),
    chargerId: p.string().length(36),
    chargerSerial: p.string().length(64),
    connectorId: p.string().length(36),
    connectorNo: p.string().length(8),
    startWay: p.enum(['APP', 'CARD', 'PLATFORM']),
    status: p.string().length(16),
    /** Platform time of the last status change; an older progress report never overwrites a newer one. */
    statusAt: p.bigint('number'),
    fundingKind: p.enum(['PREPAY', 'CARD', 'PLATFORM']),
    paymentNo: p.string().length(32).nullable().index('charging_order_payment_no_idx'),
    cardId: p.string().length(36).nullable(),
    cardNo: p.string().length(32).nullable(),
    phone: p.string().length(32).nullable(),
    /** The app user (vehicle owner) who started it, if any: app users see only their own orders. */
    ownerId: p.string().length(36).nullable(),
    reservationNo: p.string().length(32).nullable(),
    prepayFen: p.bigint().nullable(),
    cardBalanceFen: p.bigint().nullable(),
    feeFen: p.bigint().nullable(),
    uncappedFeeFen: p.bigint().nullable(),
    prepayReturnedFen: p.bigint().nullable(),
    cardDebitedFen: p.bigint().nullable(),
    billTotalFen: p.bigint().nullable(),
    billCapFen: p.bigint().nullable(),
    billNotes: p.json<string[]>().type(PortableJsonType).nullable(),
    tariffId: p.string().length(64),
    tariffVersion: p.integer(),
    createdAt: p.bigint('number'),
    startedAt: p.bigint('number').nullable(),
    endedAt: p.bigint('number').nullable(),
    startMeterWh: p.bigint('number').nullable(),
    /**
     * Decision 0019: the meter reading (Wh) from which a sample could trigger an auto-stop limit
     * (funding cap at the tariff's dearest rate, target energy); the ingestion signals the session
     * for every sample at or past it. Null: no limit to watch.
     */
    watchWh: p.bigint('number').nullable(),
    endMeterWh: p.bigint('number').nullable(),
    energyWh: p.bigint('number').nullable(),
    endReason: p.string().length(24).nullable(),
    settledAt: p.bigint('number').nullable(),
    settlementCount: p.integer().default(0),
    /** sha256 of the canonical settlement + bill, to tell a replay (no-op) from a conflict. */
    settlementDigest: p.string().length(64).nullable(),
    /** The settlement as written (canonical JSON, bigints as strings), for the order detail. */
    settlementJson: p.json<Record<string, unknown>>().type(PortableJsonType).nullable(),
  },
});
/** A charging order row. */
export type ChargingOrderRow = InferEntity<typeof ChargingOrderEntity>;

/** TAR-13: one row per BillLine of a settled order, in bill order (`lineNo`). */
export const BillLineEntity = defineEntity({
  name: 'BillLine',
  tableName: 'bill_line',
  uniques: [{ name: 'bill_line_order_line_unique', properties: ['order', 'lineNo'] }],
  properties: {
    /** `${orderNo}#${lineNo}`: deterministic, so a replayed insert collides instead of duplicating. */
    id: p.string().length(40).primary(),
    order: () => p.manyToOne(ChargingOrderEntity).fieldName('order_no'),
    lineNo: p.integer(),
    kind: p.string().length(24),
    label: p.string().length(128),
    band: p.string().length(24).nullable(),
    quantityValue: p.string().length(40),
    quantityUnit: p.string().length(16),
    unitPrice: p.string().length(40),
    preciseAmount: p.string().length(64),
    amountFen: p.bigint(),
  },
});
/** A bill line row. */
export type BillLineRow = InferEntity<typeof BillLineEntity>;
