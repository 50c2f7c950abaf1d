import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PortableJsonType } from './portable-json.js';

/**
 * TAR-12 占位费 without a reservation: a plate a camera saw enter and leave a space on a charger with
 * the occupancy-fee flag while no reservation was active (station-level row, ORG-1). Built by folding
 * the camera's enter/leave events into the row (either may arrive first; duplicates are dropped by
 * the event-id unique keys); the fee is written once (`occupancy_fee_fen IS NULL` conditional update).
 */
export const OccupancyRecordEntity = defineEntity({
  name: 'OccupancyRecord',
  tableName: 'occupancy_record',
  indexes: [
    { name: 'occupancy_record_scope_idx', properties: ['providerId', 'propertyId'] },
    { name: 'occupancy_record_space_plate_idx', properties: ['spaceId', 'plate'] },
  ],
  uniques: [
    { name: 'occupancy_record_enter_event_unique', properties: ['spaceId', 'enterEventId'] },
    { name: 'occupancy_record_leave_event_unique', properties: ['spaceId', 'leaveEventId'] },
  ],
  properties: {
    id: p.string().length(36).primary(),
    providerId: p.string().length(36),
    propertyId: p.string().length(36),
    stationId: p.string().length(36),
    spaceId: p.string().length(36),
    spaceName: p.string().length(64),
    chargerId: p.string().length(36),
    plate: p.string().length(16),
    enteredAt: p.bigint('number').nullable(),
    leftAt: p.bigint('number').nullable(),
    enterEventId: p.string().length(128).nullable(),
    leaveEventId: p.string().length(128).nullable(),
    whitelisted: p.boolean().default(false),
    /** RES-3: the time of the stay spent charging on the space's charger (its order's overlap), ms. */
    chargedMs: p.bigint('number').default(0),
    /** TAR-12: the fee in fen once settled (null: the stay is not closed yet). */
    occupancyFeeFen: p.bigint().nullable(),
    /** TAR-12: the bill line (minutes, grace, unit price, amount) as core priced it. */
    occupancyLine: p.json<Record<string, unknown>>().type(PortableJsonType).nullable(),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
  },
});
/** An occupancy record row. */
export type OccupancyRecordRow = InferEntity<typeof OccupancyRecordEntity>;
