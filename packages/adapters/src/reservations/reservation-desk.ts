import { CarTariffSchema, tariffInForce, type WhitelistEntry } from '@chargeflow/core';
import type {
  DeviceCommands,
  LockCommand,
  OccupancyTerms,
  ReservationDesk,
  ReservationRef,
  ReservationView,
} from '@chargeflow/workflows';
import { ChargerEntity, StationEntity } from '../persistence/entities/assets.js';
import { ReservationEntity } from '../persistence/entities/reservations.js';
import { TariffRepository } from '../persistence/repositories/tariff-repository.js';
import { Whitelist } from '../persistence/repositories/whitelist.js';
import { WHOLE_TENANT } from '../persistence/scope.js';
import type { TenantDatabases } from '../tenancy/ports.js';

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
    if (view.occupancyFee !== null) {
      // TAR-12: settled once (the first write wins; the line is the same on a replay).
      await em.nativeUpdate(
        ReservationEntity,
        { reservationNo: ref.reservationNo, occupancyFeeFen: null },
        {
          occupancyFeeFen: view.occupancyFee.line.amount,
          occupancyLine: JSON.parse(
            JSON.stringify(view.occupancyFee.line, (_k, v: unknown) =>
              typeof v === 'bigint' ? v.toString() : v,
            ),
          ) as Record<string, unknown>,
        },
      );
    }
  }

  async occupancyTerms(input: {
    readonly tenantId: string;
    readonly stationId: string;
    readonly chargerId: string;
    readonly at: number;
  }): Promise<OccupancyTerms> {
    const db = await this.deps.tenants.get(input.tenantId);
    const em = db.em.fork();
    const charger = await em.findOne(ChargerEntity, { id: input.chargerId });
    const station = await em.findOne(StationEntity, { id: input.stationId });
    if (!charger || !station) return { chargesOccupancy: false, rule: null };
    const versions = await new TariffRepository(db.em, () => this.now(), WHOLE_TENANT).versionsForArea(
      charger.area.id,
    );
    const stamped = versions.filter((v) => v.kind === 'CAR').map((v) => ({ ...v, id: v.tariffId }));
    const found = tariffInForce(stamped, input.at, station.timezone);
    const occupancy = found.ok ? CarTariffSchema.parse(found.value.definition).occupancy : undefined;
    return {
      chargesOccupancy: charger.chargesOccupancy,
      rule:
        occupancy === undefined
          ? null
          : {
              graceMinutes: occupancy.graceMinutes,
              unitMinutes: occupancy.unitMinutes,
              unitPrice: occupancy.unitPrice,
            },
    };
  }
}
