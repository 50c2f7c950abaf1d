import type { ReservationRow } from '../persistence/entities/reservations.js';

/** RES-1: a reservation as the HTTP side reads it (epoch ms instants; fee in fen). */
export interface ReservationRecord {
  readonly reservationNo: string;
  readonly stationId: string;
  readonly spaceId: string;
  readonly spaceName: string;
  readonly chargerId: string;
  readonly ownerId: string;
  readonly phone: string;
  readonly plate: string;
  readonly status: ReservationRow['status'];
  readonly reservedAt: number;
  readonly enteredAt: number | null;
  readonly endedAt: number | null;
  readonly whitelisted: boolean;
  readonly chargedMs: number;
  readonly occupancyMs: number | null;
  readonly occupancyFeeFen: bigint | null;
  readonly occupancyLine: Record<string, unknown> | null;
  readonly lockFault: string | null;
}

export const toReservation = (r: ReservationRow): ReservationRecord => ({
  reservationNo: r.reservationNo,
  stationId: r.stationId,
  spaceId: r.spaceId,
  spaceName: r.spaceName,
  chargerId: r.chargerId,
  ownerId: r.ownerId,
  phone: r.phone,
  plate: r.plate,
  status: r.status,
  reservedAt: r.reservedAt,
  enteredAt: r.enteredAt ?? null,
  endedAt: r.endedAt ?? null,
  whitelisted: r.whitelisted,
  chargedMs: r.chargedMs,
  occupancyMs: r.occupancyMs ?? null,
  occupancyFeeFen:
    r.occupancyFeeFen === null || r.occupancyFeeFen === undefined ? null : BigInt(r.occupancyFeeFen),
  occupancyLine: r.occupancyLine ?? null,
  lockFault: r.lockFault ?? null,
});
