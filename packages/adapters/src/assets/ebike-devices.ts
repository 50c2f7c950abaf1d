import { DomainError } from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import {
  AreaEntity,
  ChargerEntity,
  ConnectorEntity,
  type AreaRow,
  type ChargerRow,
} from '../persistence/entities/assets.js';
import { ChargingOrderEntity } from '../persistence/entities/charging-order.js';
import { EbikeDeviceEntity, type EbikeDeviceRow } from '../persistence/entities/ebike-device.js';
import type { AssetRepository } from '../persistence/repositories/asset-repository.js';
import type { ChargerRecord } from '../persistence/repositories/asset-records.js';
import { STATION_COLUMNS, scopeWhere, type QueryScope } from '../persistence/scope.js';
import type { AdapterLogger } from '../kafka/ports.js';
import type { DeviceRegistry } from '../tenancy/ports.js';

/** ASSET-7: an e-bike device's nameplate as written (bounds: docs/ebike.md, the HTTP schema, migration 0008). */
export interface EbikeNameplate {
  readonly ratedPowerW: number;
  readonly ratedVoltageV: number;
  readonly ratedCurrentMa: number;
  readonly currentUpperLimitMa: number;
  readonly currentLowerLimitMa: number;
  readonly socketCount: number;
  readonly productionDate: string;
  readonly deploymentDate: string;
  readonly location: string;
}

/** An e-bike device: its charger record and nameplate (null until one was written). */
export interface EbikeDeviceRecord {
  readonly device: ChargerRecord;
  readonly nameplate: EbikeNameplate | null;
}

/** Order states that hold a socket (the active-connector unique key's set): they block a delete. */
const HOLDING = ['STARTING', 'CHARGING', 'STOPPING', 'SUSPENDED'];

/** What the e-bike device service needs. */
export interface EbikeDeviceDeps {
  readonly em: EntityManager;
  readonly tenantId: string;
  /** The caller's scope: a device or area outside it does not exist for the caller. */
  readonly scope: QueryScope;
  /** Bound to the caller's scope. */
  readonly assets: AssetRepository;
  readonly devices: DeviceRegistry;
  readonly clock: () => number;
  readonly logger?: AdapterLogger;
}

/**
 * ASSET-7: e-bike device nameplates, and deleting e-bike devices and areas. A delete is refused while
 * an order holds a socket (EBIKE_ASSET_BUSY); it removes the sockets and the nameplate with the
 * device, keeps the orders (they carry the serial), and then releases the serial in the platform
 * device registry so it can be registered again, by this tenant or another.
 */
export class EbikeDevices {
  constructor(private readonly deps: EbikeDeviceDeps) {}

  /** The device and its nameplate (null until written; always null on a car charger, which has none). */
  async get(serialNo: string): Promise<EbikeDeviceRecord> {
    const device = await this.deps.assets.getChargerBySerial(serialNo);
    const row = await this.deps.em.fork().findOne(EbikeDeviceEntity, { chargerId: device.id });
    return { device, nameplate: row === null ? null : nameplateOf(row, device.ratedPowerW) };
  }

  /** Writes (creates or replaces) the nameplate; the rated power goes to the charger row. */
  async setNameplate(serialNo: string, nameplate: EbikeNameplate): Promise<EbikeDeviceRecord> {
    const device = await this.ebikeDevice(serialNo);
    const { ratedPowerW, ...rest } = nameplate;
    await this.deps.em.fork().transactional(async (em) => {
      await em.nativeUpdate(ChargerEntity, { id: device.id }, { ratedPowerW });
      const row = await em.findOne(EbikeDeviceEntity, { chargerId: device.id });
      if (row === null)
        em.create(EbikeDeviceEntity, { chargerId: device.id, ...rest, updatedAt: this.deps.clock() });
      else em.assign(row, { ...rest, updatedAt: this.deps.clock() });
      await em.flush();
    });
    return this.get(serialNo);
  }

  /** Deletes an e-bike device with its sockets and nameplate, then releases its serial. */
  async deleteDevice(serialNo: string): Promise<void> {
    const device = await this.ebikeDevice(serialNo);
    await this.deps.em.fork().transactional(async (em) => {
      await this.refuseIfBusy(em, [device.id], { serialNo });
      await em.nativeDelete(EbikeDeviceEntity, { chargerId: device.id });
      await em.nativeDelete(ConnectorEntity, { charger: device.id } as never);
      await em.nativeDelete(ChargerEntity, { id: device.id });
    });
    await this.release([device.serialNo]);
  }

  /** Deletes a non-default area of an e-bike station with its devices (each as `deleteDevice`). */
  async deleteArea(areaId: string): Promise<void> {
    const serials = await this.deps.em.fork().transactional(async (em) => {
      const inScope = {
        id: areaId,
        station: scopeWhere(this.deps.scope, STATION_COLUMNS),
      } as FilterQuery<AreaRow>;
      const area = await em.findOne(AreaEntity, inScope, { populate: ['station'] });
      if (area === null) throw new DomainError('AREA_NOT_FOUND', `no area ${areaId}`, { areaId });
      if (area.station.kind !== 'EBIKE') {
        throw new DomainError('ASSET_NOT_EBIKE', `area ${areaId} is not in an e-bike station`, { areaId });
      }
      if (area.isDefault) {
        throw new DomainError('AREA_DEFAULT_NOT_DELETABLE', `area ${areaId} is its station's default area`, {
          areaId,
        });
      }
      const devices = await em.find(ChargerEntity, { area: areaId } as FilterQuery<ChargerRow>);
      const ids = devices.map((d) => d.id);
      await this.refuseIfBusy(em, ids, { areaId });
      if (ids.length > 0) {
        await em.nativeDelete(EbikeDeviceEntity, { chargerId: { $in: ids } });
        await em.nativeDelete(ConnectorEntity, { charger: { $in: ids } } as never);
        await em.nativeDelete(ChargerEntity, { id: { $in: ids } });
      }
      await em.nativeDelete(AreaEntity, { id: areaId });
      return devices.map((d) => d.serialNo);
    });
    await this.release(serials);
  }

  private async ebikeDevice(serialNo: string): Promise<ChargerRecord> {
    const device = await this.deps.assets.getChargerBySerial(serialNo);
    const station = await this.deps.assets.getStation(device.stationId);
    if (station.kind !== 'EBIKE') {
      throw new DomainError('ASSET_NOT_EBIKE', `${serialNo} is not an e-bike device`, { serialNo });
    }
    return device;
  }

  private async refuseIfBusy(
    em: EntityManager,
    chargerIds: readonly string[],
    details: Record<string, string>,
  ): Promise<void> {
    if (chargerIds.length === 0) return;
    const holding = await em.find(
      ChargingOrderEntity,
      { chargerId: { $in: [...chargerIds] }, status: { $in: HOLDING } },
      { fields: ['orderNo'], limit: 20 },
    );
    if (holding.length > 0) {
      throw new DomainError('EBIKE_ASSET_BUSY', 'an order is charging on a socket', {
        ...details,
        orderNos: holding.map((o) => o.orderNo),
      });
    }
  }

  /** After the commit: the serials belong to no device of the tenant any more. */
  private async release(serials: readonly string[]): Promise<void> {
    for (const serial of serials) {
      await this.deps.devices
        .release(serial, this.deps.tenantId)
        .catch((error: unknown) =>
          this.deps.logger?.error(
            { err: error, serialNo: serial },
            'could not release a device registration',
          ),
        );
    }
  }
}

function nameplateOf(row: EbikeDeviceRow, ratedPowerW: number | null): EbikeNameplate {
  return {
    ratedPowerW: ratedPowerW ?? 0,
    ratedVoltageV: row.ratedVoltageV,
    ratedCurrentMa: row.ratedCurrentMa,
    currentUpperLimitMa: row.currentUpperLimitMa,
    currentLowerLimitMa: row.currentLowerLimitMa,
    socketCount: row.socketCount,
    productionDate: row.productionDate,
    deploymentDate: row.deploymentDate,
    location: row.location,
  };
}
