import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PortableJsonType } from './portable-json.js';

/**
 * TAR-12: a fee of a charging order beyond its charging bill — the occupancy fee (占位费) of the
 * stay in which the car charged, from its reservation or from an occupancy record of a car without
 * one. One row per source (`source_kind`, `source_ref` unique), so a source is put on an order once
 * whatever is replayed; the amount is checked 0 … 10^15 fen in the database.
 */
export const OrderFeeEntity = defineEntity({
  name: 'OrderFee',
  tableName: 'order_fee',
  indexes: [
    { name: 'order_fee_order_idx', properties: ['orderNo'] },
    { name: 'order_fee_scope_idx', properties: ['providerId', 'propertyId'] },
  ],
  uniques: [{ name: 'order_fee_source_unique', properties: ['sourceKind', 'sourceRef'] }],
  properties: {
    id: p.string().length(36).primary(),
    orderNo: p.string().length(32),
    /** ORG-1 scope columns, copied from the order. */
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    stationId: p.string().length(36),
    kind: p.enum(['OCCUPANCY']),
    /** Where the fee was priced: a reservation (its no.) or an occupancy record (its id). */
    sourceKind: p.enum(['RESERVATION', 'OCCUPANCY_RECORD']),
    sourceRef: p.string().length(36),
    amountFen: p.bigint(),
    /** The bill line (minutes, grace, unit price, amount) as core priced it. */
    line: p.json<Record<string, unknown>>().type(PortableJsonType),
    /** UNPAID until collected (collection is not built yet; see docs/reservations.md). */
    status: p.enum(['UNPAID']),
    createdAt: p.bigint('number'),
  },
});
/** An order fee row. */
export type OrderFeeRow = InferEntity<typeof OrderFeeEntity>;
