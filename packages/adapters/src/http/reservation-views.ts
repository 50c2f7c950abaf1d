import { z } from '@hono/zod-openapi';
import type { ReservationView } from '@chargeflow/workflows';
import type { Fen } from '@chargeflow/core';
import { IdParam, iso } from './asset-views.js';
import { MoneySchema, money } from './money-view.js';
import { PlateSchema } from './parking-views.js';
import type { ReservationRecord } from '../reservations/reservation-records.js';

// Request and response shapes of the reservation routes (RES-1 … RES-3, TAR-12).

const STATUSES = ['RESERVED', 'OCCUPYING', 'COMPLETED', 'CANCELLED', 'TIMED_OUT'] as const;

export const NewReservationSchema = z.object({ spaceId: IdParam, plate: PlateSchema.optional() }).strict();

export const ReservationNoParams = z.object({ reservationNo: z.string().min(1).max(32) });

export const ReservationQuery = z
  .object({
    stationId: IdParam.optional(),
    spaceId: IdParam.optional(),
    plate: z.string().trim().min(1).max(16).optional(),
    phone: z.string().min(1).max(32).optional(),
    status: z.enum(STATUSES).optional(),
    /** Booked at or after / before (ISO 8601). */
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

export const OccupancyLineSchema = z
  .object({
    kind: z.string(),
    label: z.string(),
    quantity: z.object({ value: z.string(), unit: z.string() }),
    unitPrice: z.string(),
    amount: MoneySchema,
    band: z.string().optional(),
  })
  .openapi('OccupancyLine');

export const ReservationSchema = z
  .object({
    reservationNo: z.string(),
    stationId: z.string(),
    spaceId: z.string(),
    spaceName: z.string(),
    chargerId: z.string(),
    phone: z.string(),
    plate: z.string(),
    status: z.enum(STATUSES),
    reservedAt: z.string(),
    enteredAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    whitelisted: z.boolean(),
    chargedMinutes: z.number().int(),
    /** RES-3: time in the space − charging time (whole minutes); live while OCCUPYING. */
    occupancyMinutes: z.number().int().nullable(),
    /** TAR-12: the occupancy fee's bill line, once settled. */
    occupancyFee: OccupancyLineSchema.nullable(),
    lockFault: z.string().nullable(),
  })
  .openapi('Reservation');

/** A stored occupancy line (JSON, as core priced it) with its fee, as the API shows it; null until settled. */
export const occupancyLineView = (
  line: Record<string, unknown> | null | undefined,
  feeFen: bigint | number | null | undefined,
): z.infer<typeof OccupancyLineSchema> | null =>
  line === null || line === undefined || feeFen === null || feeFen === undefined
    ? null
    : {
        kind: String(line['kind']),
        label: String(line['label']),
        quantity: line['quantity'] as { value: string; unit: string },
        unitPrice: String(line['unitPrice']),
        amount: money(BigInt(feeFen) as Fen),
        ...(line['band'] === undefined ? {} : { band: String(line['band']) }),
      };

const minutes = (ms: number | null) => (ms === null ? null : Math.floor(ms / 60_000));

export const reservationView = (
  r: ReservationRecord,
  live: ReservationView | null = null,
): z.infer<typeof ReservationSchema> => {
  return {
    reservationNo: r.reservationNo,
    stationId: r.stationId,
    spaceId: r.spaceId,
    spaceName: r.spaceName,
    chargerId: r.chargerId,
    phone: r.phone,
    plate: r.plate,
    status: live?.status ?? r.status,
    reservedAt: iso(r.reservedAt),
    enteredAt:
      (live?.enteredAt ?? r.enteredAt) === null ? null : iso((live?.enteredAt ?? r.enteredAt) as number),
    endedAt: r.endedAt === null ? null : iso(r.endedAt),
    whitelisted: live?.whitelisted ?? r.whitelisted,
    chargedMinutes: Math.floor((live?.chargedMs ?? r.chargedMs) / 60_000),
    occupancyMinutes: minutes(live?.occupancyMs ?? r.occupancyMs),
    occupancyFee: occupancyLineView(r.occupancyLine, r.occupancyFeeFen),
    lockFault: live?.lockFault ?? r.lockFault,
  };
};
