// TAR-12 / RES-3: the charging order of a stay in a space. The occupancy fee of a stay is put on the
// car order that charged on the space's charger during it (its own fee, beside the charging bill),
// and that order's overlap with the stay is the stay's charging time. One fee per source (the
// reservation or the occupancy record), enforced by a unique key: a replay puts nothing twice.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { ChargingOrderEntity } from '../persistence/entities/charging-order.js';
import { OrderFeeEntity } from '../persistence/entities/order-fees.js';

/** The order a stay charged on, and how long of the stay it charged (ms). */
export interface StayOrder {
  readonly orderNo: string;
  readonly providerId: string;
  readonly propertyId: string;
  readonly stationId: string;
  readonly reservationNo: string | null;
  readonly chargedMs: number;
}

/** Where an occupancy fee was priced. */
export interface FeeSource {
  readonly kind: 'RESERVATION' | 'OCCUPANCY_RECORD';
  readonly ref: string;
}

/**
 * The car order on `chargerId` whose charging (device time, started → ended, or still running at
 * `to`) overlaps the stay [`from`, `to`] the longest (a later start wins a tie); with `ownerId`, only
 * that app user's orders (a reservation's owner). Null when nothing charged during the stay.
 */
export async function stayOrder(
  em: EntityManager,
  stay: { readonly chargerId: string; readonly from: number; readonly to: number; readonly ownerId?: string },
): Promise<StayOrder | null> {
  const rows = await em.fork().find(
    ChargingOrderEntity,
    {
      kind: 'CAR',
      chargerId: stay.chargerId,
      startedAt: { $ne: null, $lt: stay.to },
      $or: [{ endedAt: null }, { endedAt: { $gt: stay.from } }],
      ...(stay.ownerId === undefined ? {} : { ownerId: stay.ownerId }),
    },
    { orderBy: { startedAt: 'desc' }, limit: 20 },
  );
  let best: StayOrder | null = null;
  for (const row of rows) {
    const start = Math.max(stay.from, row.startedAt ?? stay.to);
    const end = Math.min(stay.to, row.endedAt ?? stay.to);
    const chargedMs = end - start;
    if (chargedMs <= 0 || (best !== null && chargedMs <= best.chargedMs)) continue;
    best = {
      orderNo: row.orderNo,
      providerId: row.providerId,
      propertyId: row.propertyId,
      stationId: row.stationId,
      reservationNo: row.reservationNo ?? null,
      chargedMs,
    };
  }
  return best;
}

/**
 * Puts a priced occupancy fee on the order (its own fee, UNPAID), inside the transaction that settles
 * the fee on its source, so it happens once with it (a second one of the source breaks the unique key);
 * a reservation's no. is also written on the order when it has none.
 */
export async function putOccupancyFee(
  tx: EntityManager,
  fee: {
    readonly order: StayOrder;
    readonly source: FeeSource;
    readonly amountFen: bigint;
    readonly line: Record<string, unknown>;
    readonly at: number;
  },
): Promise<void> {
  tx.create(OrderFeeEntity, {
    id: randomUUID(),
    orderNo: fee.order.orderNo,
    providerId: fee.order.providerId,
    propertyId: fee.order.propertyId,
    stationId: fee.order.stationId,
    kind: 'OCCUPANCY',
    sourceKind: fee.source.kind,
    sourceRef: fee.source.ref,
    amountFen: fee.amountFen,
    line: fee.line,
    status: 'UNPAID',
    createdAt: fee.at,
  });
  await tx.flush();
  if (fee.source.kind === 'RESERVATION' && fee.order.reservationNo === null) {
    await tx.nativeUpdate(
      ChargingOrderEntity,
      { orderNo: fee.order.orderNo, reservationNo: null },
      { reservationNo: fee.source.ref },
    );
  }
}

/** A bill line as plain JSON (bigints as decimal strings), as stored. */
export const plainLine = (value: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<
    string,
    unknown
  >;
