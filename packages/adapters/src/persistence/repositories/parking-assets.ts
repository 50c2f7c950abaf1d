import { randomUUID } from 'node:crypto';
import { DomainError, canAddUnder, unwrap, type AssetNode } from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { AreaEntity, ChargerEntity, type AreaRow, type ChargerRow } from '../entities/assets.js';
import {
  CameraEntity,
  ParkingSpaceEntity,
  type CameraRow,
  type ParkingSpaceRow,
} from '../entities/reservations.js';
import { isUniqueViolation } from '../errors.js';
import {
  CHARGER_COLUMNS,
  STATION_COLUMNS,
  STATION_LEVEL_COLUMNS,
  scopeWhere,
  within,
  type QueryScope,
} from '../scope.js';
import { toCamera, toSpace, type CameraRecord, type ParkingSpaceRecord } from './parking-records.js';

/** ASSET-6: what a new parking space needs. */
export interface NewParkingSpace {
  readonly areaId: string;
  readonly name: string;
  readonly lockType: 'NONE' | 'GROUND_LOCK';
  readonly chargerId?: string;
}

/** ASSET-6: what a new camera needs. */
export interface NewCamera {
  readonly areaId: string;
  readonly serialNo: string;
  readonly ip: string;
  readonly name: string;
  readonly sim?: string;
  readonly leftSpaceId?: string;
  readonly rightSpaceId?: string;
}

const node = (
  kind: AssetNode['kind'],
  row: { readonly id: string; readonly enabled: boolean },
): AssetNode => ({
  kind,
  id: row.id,
  enabled: row.enabled,
});
const notFound = (what: string, id: string) =>
  new DomainError(`${what}_NOT_FOUND`, `no ${what.toLowerCase().replace('_', ' ')} ${id}`, { id });

/**
 * ASSET-6 parking spaces and cameras under an area of a station in the caller's scope (ORG-1); rows
 * outside it are …_NOT_FOUND, like rows that do not exist. New ones pass the ASSET-4 gates.
 */
export class ParkingAssets {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: () => number,
    private readonly scope: QueryScope,
    /** Registers a camera's serial platform-wide (its events find this tenant, §14); idempotent. */
    private readonly registerSerial: (serialNo: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  private rows<T>(query: Record<string, unknown>): FilterQuery<T> {
    return within<FilterQuery<T>>(scopeWhere(this.scope, STATION_LEVEL_COLUMNS), query);
  }

  /** The area in scope with its station, past the ASSET-4 gates (station and area enabled). */
  private async areaFor(
    em: EntityManager,
    areaId: string,
    child: 'PARKING_SPACE' | 'CAMERA',
  ): Promise<AreaRow> {
    const area = await em.findOne(
      AreaEntity,
      { id: areaId, station: within(scopeWhere(this.scope, STATION_COLUMNS), {}) } as FilterQuery<AreaRow>,
      { populate: ['station', 'station.property'] },
    );
    if (!area) throw notFound('AREA', areaId);
    if (area.station.kind !== 'CAR')
      throw new DomainError('ASSET_PARENT_INVALID', 'parking spaces and cameras belong to car stations', {
        areaId,
      });
    unwrap(
      canAddUnder(child, [
        node('PROPERTY', area.station.property),
        node('STATION', area.station),
        node('AREA', area),
      ]),
    );
    return area;
  }

  /** ASSET-6: adds a space under an enabled area; its charger (if any) must be of the same station. */
  async createSpace(input: NewParkingSpace): Promise<ParkingSpaceRecord> {
    const em = this.em.fork();
    const area = await this.areaFor(em, input.areaId, 'PARKING_SPACE');
    if (input.chargerId !== undefined) {
      const charger = await em.findOne(ChargerEntity, { id: input.chargerId, station: area.station.id });
      if (!charger) throw notFound('CHARGER', input.chargerId);
    }
    const row = em.create(ParkingSpaceEntity, {
      id: randomUUID(),
      providerId: area.station.providerId,
      propertyId: area.station.property.id,
      stationId: area.station.id,
      areaId: area.id,
      name: input.name,
      lockType: input.lockType,
      chargerId: input.chargerId ?? null,
      enabled: true,
      createdAt: this.clock(),
    });
    try {
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('PARKING_SPACE_NAME_TAKEN', `space ${input.name} exists in this station`, {
          name: input.name,
        });
      throw error;
    }
    return toSpace(row);
  }

  /** ASSET-6: spaces in scope (optionally of one station), by station and name. */
  async listSpaces(filter: { readonly stationId?: string } = {}): Promise<ParkingSpaceRecord[]> {
    const rows = await this.em
      .fork()
      .find(
        ParkingSpaceEntity,
        this.rows<ParkingSpaceRow>(filter.stationId === undefined ? {} : { stationId: filter.stationId }),
        {
          orderBy: { stationId: 'asc', name: 'asc', id: 'asc' },
        },
      );
    return rows.map(toSpace);
  }

  /** One space in scope, or PARKING_SPACE_NOT_FOUND. */
  async getSpace(id: string, em = this.em.fork()): Promise<ParkingSpaceRecord> {
    const row = await em.findOne(ParkingSpaceEntity, this.rows<ParkingSpaceRow>({ id }));
    if (!row) throw notFound('PARKING_SPACE', id);
    return toSpace(row);
  }

  /** ASSET-6: enables or disables a space (a disabled space cannot be reserved; a reservation already made runs on). */
  async setSpaceEnabled(id: string, enabled: boolean): Promise<ParkingSpaceRecord> {
    const em = this.em.fork();
    if ((await em.nativeUpdate(ParkingSpaceEntity, this.rows<ParkingSpaceRow>({ id }), { enabled })) !== 1)
      throw notFound('PARKING_SPACE', id);
    return this.getSpace(id, em);
  }

  /** ASSET-6: adds a camera under an enabled area; its left and right spaces must be of the same station. */
  async createCamera(input: NewCamera): Promise<CameraRecord> {
    const em = this.em.fork();
    const area = await this.areaFor(em, input.areaId, 'CAMERA');
    await this.registerSerial(input.serialNo);
    for (const spaceId of [input.leftSpaceId, input.rightSpaceId]) {
      if (spaceId === undefined) continue;
      const space = await em.findOne(ParkingSpaceEntity, { id: spaceId, stationId: area.station.id });
      if (!space) throw notFound('PARKING_SPACE', spaceId);
    }
    if (input.leftSpaceId !== undefined && input.leftSpaceId === input.rightSpaceId)
      throw new DomainError('CAMERA_SPACES_INVALID', 'the left and right spaces must differ', { ...input });
    const row = em.create(CameraEntity, {
      id: randomUUID(),
      providerId: area.station.providerId,
      propertyId: area.station.property.id,
      stationId: area.station.id,
      areaId: area.id,
      serialNo: input.serialNo,
      ip: input.ip,
      name: input.name,
      sim: input.sim ?? null,
      leftSpaceId: input.leftSpaceId ?? null,
      rightSpaceId: input.rightSpaceId ?? null,
      enabled: true,
      createdAt: this.clock(),
    });
    try {
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('CAMERA_SERIAL_TAKEN', `camera ${input.serialNo} exists`, {
          serialNo: input.serialNo,
        });
      throw error;
    }
    return toCamera(row);
  }

  /** ASSET-6: cameras in scope (optionally of one station), by station and serial. */
  async listCameras(filter: { readonly stationId?: string } = {}): Promise<CameraRecord[]> {
    const rows = await this.em
      .fork()
      .find(
        CameraEntity,
        this.rows<CameraRow>(filter.stationId === undefined ? {} : { stationId: filter.stationId }),
        {
          orderBy: { stationId: 'asc', serialNo: 'asc' },
        },
      );
    return rows.map(toCamera);
  }

  /** One camera in scope, or CAMERA_NOT_FOUND. */
  async getCamera(id: string, em = this.em.fork()): Promise<CameraRecord> {
    const row = await em.findOne(CameraEntity, this.rows<CameraRow>({ id }));
    if (!row) throw notFound('CAMERA', id);
    return toCamera(row);
  }

  /** ASSET-6: a disabled camera recognises no plates and takes no snapshots. */
  async setCameraEnabled(id: string, enabled: boolean): Promise<CameraRecord> {
    const em = this.em.fork();
    if ((await em.nativeUpdate(CameraEntity, this.rows<CameraRow>({ id }), { enabled })) !== 1)
      throw notFound('CAMERA', id);
    return this.getCamera(id, em);
  }

  /** The camera watching a space (left or right), for lock commands; CAMERA_NOT_FOUND when none. */
  async cameraOfSpace(space: ParkingSpaceRecord): Promise<CameraRecord> {
    const row = await this.em.fork().findOne(
      CameraEntity,
      this.rows<CameraRow>({
        stationId: space.stationId,
        $or: [{ leftSpaceId: space.id }, { rightSpaceId: space.id }],
      }),
      { orderBy: { serialNo: 'asc' } },
    );
    if (!row)
      throw new DomainError('CAMERA_NOT_FOUND', `no camera watches space ${space.name}`, {
        spaceId: space.id,
      });
    return toCamera(row);
  }

  /** RES-1, TAR-12: sets a charger's reservation and occupancy-fee flags (charger in scope). */
  async setChargerFlags(
    chargerId: string,
    flags: { readonly reservable?: boolean; readonly chargesOccupancy?: boolean },
  ): Promise<{
    readonly chargerId: string;
    readonly reservable: boolean;
    readonly chargesOccupancy: boolean;
  }> {
    const em = this.em.fork();
    const where = within<FilterQuery<ChargerRow>>(scopeWhere(this.scope, CHARGER_COLUMNS), { id: chargerId });
    const patch = {
      ...(flags.reservable === undefined ? {} : { reservable: flags.reservable }),
      ...(flags.chargesOccupancy === undefined ? {} : { chargesOccupancy: flags.chargesOccupancy }),
    };
    if (Object.keys(patch).length > 0 && (await em.nativeUpdate(ChargerEntity, where, patch)) !== 1)
      throw notFound('CHARGER', chargerId);
    const row = await em.findOne(ChargerEntity, where);
    if (!row) throw notFound('CHARGER', chargerId);
    return { chargerId, reservable: row.reservable, chargesOccupancy: row.chargesOccupancy };
  }
}
