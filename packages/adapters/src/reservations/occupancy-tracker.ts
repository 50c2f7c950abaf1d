// TAR-12 without a reservation: a camera sees a plate enter and leave a space on a charger with the
// occupancy-fee flag while no reservation is active → an occupancy record, folded in the database.
// Either event may come first (a leave waits for its enter and the other way round); a repeated
// event is dropped by the (space, event id) unique keys and by the conditional updates; the fee is
// priced by core's occupancyLine once both times are known and written once (fee IS NULL).
import { randomUUID } from 'node:crypto';
import { occupancyLine, parseUnitPrice, type DeviceEvent } from '@chargeflow/core';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { ChargerEntity } from '../persistence/entities/assets.js';
import { OccupancyRecordEntity, type OccupancyRecordRow } from '../persistence/entities/occupancy.js';
import { Whitelist } from '../persistence/repositories/whitelist.js';
import { WHOLE_TENANT } from '../persistence/scope.js';
import { occupancyTermsIn } from './occupancy-terms.js';
import { plainLine, putOccupancyFee, stayOrder } from './order-fees.js';

type Plate = Extract<DeviceEvent, { type: 'PLATE_RECOGNISED' }>;
/** The space a plate was seen in (its scope columns and the charger it serves). */
export interface TrackedSpace {
  readonly id: string;
  readonly name: string;
  readonly providerId: string;
  readonly propertyId: string;
  readonly stationId: string;
  readonly chargerId?: string | null | undefined;
}

/** Folds a space's plate events without a reservation into occupancy records (TAR-12). */
export class OccupancyTracker {
  constructor(private readonly now: () => number = Date.now) {}

  /** What it did: RECORDED (a new stay), MATCHED (the other half), SETTLED, or why it was a no-op. */
  async handle(em: EntityManager, space: TrackedSpace, event: Plate): Promise<string> {
    if (typeof space.chargerId !== 'string') return 'NO_CHARGER';
    const charger = await em.fork().findOne(ChargerEntity, { id: space.chargerId });
    if (!charger?.chargesOccupancy) return 'NO_OCCUPANCY_FEE';
    const plate = event.plate.trim().toUpperCase();
    const at = Date.parse(event.occurredAt);
    const fork = em.fork();
    const enter = event.direction === 'ENTER';
    const seen = await fork.findOne(OccupancyRecordEntity, {
      spaceId: space.id,
      [enter ? 'enterEventId' : 'leaveEventId']: event.eventId,
    });
    if (seen) return 'DUPLICATE';
    // The other half waiting: a leave at/after this enter, or an enter at/before this leave.
    const open = await fork.findOne(
      OccupancyRecordEntity,
      enter
        ? { spaceId: space.id, plate, enteredAt: null, leftAt: { $gte: at } }
        : { spaceId: space.id, plate, leftAt: null, enteredAt: { $lte: at } },
      { orderBy: { [enter ? 'leftAt' : 'enteredAt']: enter ? 'asc' : 'desc' } },
    );
    if (open) {
      const updated = await fork.nativeUpdate(
        OccupancyRecordEntity,
        { id: open.id, [enter ? 'enteredAt' : 'leftAt']: null },
        enter
          ? { enteredAt: at, enterEventId: event.eventId, updatedAt: this.now() }
          : { leftAt: at, leaveEventId: event.eventId, updatedAt: this.now() },
      );
      if (updated === 0) return 'DUPLICATE';
      await this.settle(em, open.id);
      return `SETTLED ${open.id}`;
    }
    // The same half again under another event id (a camera repeating itself): nothing new.
    const same = await fork.findOne(OccupancyRecordEntity, {
      spaceId: space.id,
      plate,
      ...(enter ? { enteredAt: at } : { leftAt: at }),
    });
    if (same) return 'DUPLICATE';
    const id = randomUUID();
    try {
      fork.create(OccupancyRecordEntity, {
        id,
        providerId: space.providerId,
        propertyId: space.propertyId,
        stationId: space.stationId,
        spaceId: space.id,
        spaceName: space.name,
        chargerId: space.chargerId,
        plate,
        enteredAt: enter ? at : null,
        leftAt: enter ? null : at,
        enterEventId: enter ? event.eventId : null,
        leaveEventId: enter ? null : event.eventId,
        whitelisted: false,
        occupancyFeeFen: null,
        occupancyLine: null,
        createdAt: this.now(),
        updatedAt: this.now(),
      });
      await fork.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return 'DUPLICATE';
      throw error;
    }
    return `RECORDED ${id}`;
  }

  /**
   * Prices a closed stay once: core's occupancyLine after grace, minus the time the stay's order
   * charged on the space's charger (RES-3), 0 for an enabled whitelisted plate; in the same
   * transaction the fee is put on that order (TAR-12).
   */
  private async settle(em: EntityManager, id: string): Promise<void> {
    const row: OccupancyRecordRow | null = await em.fork().findOne(OccupancyRecordEntity, { id });
    if (!row) return;
    const enteredAt = row.enteredAt ?? null;
    const leftAt = row.leftAt ?? null;
    if (enteredAt === null || leftAt === null || (row.occupancyFeeFen ?? null) !== null) return;
    const terms = await occupancyTermsIn(
      em,
      { stationId: row.stationId, chargerId: row.chargerId, at: leftAt },
      this.now,
    );
    const listed = await new Whitelist(em, this.now, WHOLE_TENANT).ofStation(row.stationId);
    const whitelisted = listed.some((e) => e.enabled && e.plate === row.plate);
    const order = await stayOrder(em, { chargerId: row.chargerId, from: enteredAt, to: leftAt });
    const chargedMs = order?.chargedMs ?? 0;
    const line =
      terms.rule === null
        ? undefined
        : occupancyLine(
            {
              graceMinutes: terms.rule.graceMinutes,
              unitMinutes: terms.rule.unitMinutes,
              unitPrice: parseUnitPrice(terms.rule.unitPrice),
            },
            {
              chargerChargesOccupancy: terms.chargesOccupancy,
              inSpaceSeconds: Math.floor(Math.max(0, leftAt - enteredAt) / 1000),
              chargingSeconds: Math.floor(chargedMs / 1000),
              plate: row.plate,
              whitelist: whitelisted ? [row.plate] : [],
            },
          );
    const amountFen = line === undefined ? 0n : BigInt(line.amount);
    const stored = line === undefined ? null : plainLine(line);
    await em.fork().transactional(async (tx) => {
      const updated = await tx.nativeUpdate(
        OccupancyRecordEntity,
        { id, occupancyFeeFen: null },
        { whitelisted, chargedMs, occupancyFeeFen: amountFen, occupancyLine: stored, updatedAt: this.now() },
      );
      if (updated === 1 && order !== null && stored !== null) {
        const source = { kind: 'OCCUPANCY_RECORD', ref: id } as const;
        await putOccupancyFee(tx, { order, source, amountFen, line: stored, at: this.now() });
      }
    });
  }
}
