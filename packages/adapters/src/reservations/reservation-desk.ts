import type { WhitelistEntry } from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import type {
  DeviceCommands,
  LockCommand,
  OccupancyTerms,
  ReservationDesk,
  ReservationRef,
  ReservationView,
} from '@chargeflow/workflows';
import { ReservationEntity } from '../persistence/entities/reservations.js';
import { Whitelist } from '../persistence/repositories/whitelist.js';
import { WHOLE_TENANT } from '../persistence/scope.js';
import type { TenantDatabases } from '../tenancy/ports.js';
import { occupancyTermsIn } from './occupancy-terms.js';
import { plainLine, putOccupancyFee, stayOrder } from './order-fees.js';

const ACTIVE: Array<'RESERVED' | 'OCCUPYING'> = ['RESERVED', 'OCCUPYING'];

/**
 * reservationWorkflow's desk over the tenant's own database (TEN-7) and the device command bus:
 * the whitelist (RES-4), lock commands to the space's camera (RES-2), the reservation row (never
 * moved back from a final state; the fee written once, TAR-12) and the occupancy terms in force.
 */
export class DatabaseReservationDesk implements ReservationDesk {
  constructor(
    private readonly deps: {
      readonly tenants: Pick<TenantDatabases, 'get'>;
      readonly commands: DeviceCommands;
      readonly now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async whitelist(ref: { readonly tenantId: string; readonly stationId: string }): Promise<WhitelistEntry[]> {
    const db = await this.deps.tenants.get(ref.tenantId);
    const rows = await new Whitelist(db.em, () => this.now(), WHOLE_TENANT).ofStation(ref.stationId);
    return rows.map((r) => ({
      plate: r.plate,
      remark: r.remark,
      stationId: r.stationId,
      enabled: r.enabled,
    }));
  }

  async sendLock(command: LockCommand): Promise<void> {
    await this.deps.commands.sendCommand({
      commandId: command.commandId,
      serialNo: command.serialNo,
      issuedAt: new Date(this.now()).toISOString(),
      type: command.type,
      spaceNo: command.spaceNo,
    });
  }

  async record(ref: ReservationRef, view: ReservationView): Promise<void> {
    const db = await this.deps.tenants.get(ref.tenantId);
    const em = db.em.fork();
    // A final row never moves (a replayed or late write of an older state is a no-op).
    await em.nativeUpdate(
      ReservationEntity,
      { reservationNo: ref.reservationNo, $or: [{ status: { $in: ACTIVE } }, { status: view.status }] },
      {
        status: view.status,
        enteredAt: view.enteredAt,
        endedAt: view.endedAt,
        whitelisted: view.whitelisted,
        chargedMs: view.chargedMs,
        occupancyMs: (ACTIVE as string[]).includes(view.status) ? null : view.occupancyMs,
        lockFault: view.lockFault,
        updatedAt: this.now(),
      },
    );
    if (view.occupancyFee !== null) await this.settleFee(db.em, ref.reservationNo, view);
  }

  /**
   * TAR-12: the fee is written once (the first write wins; the line is the same on a replay) and, in
   * the same transaction, put on the owner's order that charged on the space's charger during the stay.
   */
  private async settleFee(em: EntityManager, reservationNo: string, view: ReservationView): Promise<void> {
    const fee = view.occupancyFee;
    if (fee === null) return;
    const row = await em.fork().findOne(ReservationEntity, { reservationNo });
    // Settled already (a replayed `record`): nothing to look up or write.
    if (!row || (row.occupancyFeeFen ?? null) !== null) return;
    const order =
      view.enteredAt === null || view.endedAt === null
        ? null
        : await stayOrder(em, {
            chargerId: row.chargerId,
            from: view.enteredAt,
            to: view.endedAt,
            ownerId: row.ownerId,
          });
    const line = plainLine(fee.line);
    const amountFen = BigInt(fee.line.amount);
    await em.fork().transactional(async (tx) => {
      const updated = await tx.nativeUpdate(
        ReservationEntity,
        { reservationNo, occupancyFeeFen: null },
        { occupancyFeeFen: amountFen, occupancyLine: line },
      );
      if (updated === 1 && order !== null) {
        const source = { kind: 'RESERVATION', ref: reservationNo } as const;
        await putOccupancyFee(tx, { order, source, amountFen, line, at: this.now() });
      }
    });
  }

  async occupancyTerms(input: {
    readonly tenantId: string;
    readonly stationId: string;
    readonly chargerId: string;
    readonly at: number;
  }): Promise<OccupancyTerms> {
    const db = await this.deps.tenants.get(input.tenantId);
    return occupancyTermsIn(db.em, input, () => this.now());
  }
}
