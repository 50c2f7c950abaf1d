import { z } from '@hono/zod-openapi';
import { IdParam, iso } from './asset-views.js';
import { OccupancyLineSchema, occupancyLineView } from './reservation-views.js';
import type { OccupancyRecordRow } from '../persistence/entities/occupancy.js';

// Request and response shapes of the occupancy record search (TAR-12, cars without a reservation).

export const OccupancyQuery = z
  .object({
    stationId: IdParam.optional(),
    spaceId: IdParam.optional(),
    plate: z.string().trim().min(1).max(16).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

export const OccupancyRecordSchema = z
  .object({
    id: z.string(),
    stationId: z.string(),
    spaceId: z.string(),
    spaceName: z.string(),
    chargerId: z.string(),
    plate: z.string(),
    enteredAt: z.string().nullable(),
    leftAt: z.string().nullable(),
    /** RES-3: whole minutes of the stay spent charging (the overlap of the stay's charging order). */
    chargedMinutes: z.number().int(),
    /** RES-3: whole minutes in the space minus the charging time, once both times are known. */
    occupancyMinutes: z.number().int().nullable(),
    whitelisted: z.boolean(),
    /** TAR-12: the fee's bill line (minutes, grace, unit price, amount), once settled. */
    occupancyFee: OccupancyLineSchema.nullable(),
    /** The fee in fen once settled (0 without an occupancy rule or for a whitelisted plate). */
    settled: z.boolean(),
  })
  .openapi('OccupancyRecord');

export const occupancyRecordView = (r: OccupancyRecordRow): z.infer<typeof OccupancyRecordSchema> => {
  const enteredAt = r.enteredAt ?? null;
  const leftAt = r.leftAt ?? null;
  const feeFen =
    r.occupancyFeeFen === null || r.occupancyFeeFen === undefined ? null : BigInt(r.occupancyFeeFen);
  return {
    id: r.id,
    stationId: r.stationId,
    spaceId: r.spaceId,
    spaceName: r.spaceName,
    chargerId: r.chargerId,
    plate: r.plate,
    enteredAt: enteredAt === null ? null : iso(enteredAt),
    leftAt: leftAt === null ? null : iso(leftAt),
    chargedMinutes: Math.floor(r.chargedMs / 60_000),
    occupancyMinutes:
      enteredAt === null || leftAt === null
        ? null
        : Math.floor(Math.max(0, leftAt - enteredAt - r.chargedMs) / 60_000),
    whitelisted: r.whitelisted,
    occupancyFee: occupancyLineView(r.occupancyLine, feeFen),
    settled: feeFen !== null,
  };
};
