import { randomUUID } from 'node:crypto';
import { DomainError, classifyPlate } from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { StationEntity } from '../entities/assets.js';
import { WhitelistEntryEntity, type WhitelistEntryRow } from '../entities/reservations.js';
import { isUniqueViolation } from '../errors.js';
import { STATION_COLUMNS, STATION_LEVEL_COLUMNS, scopeWhere, within, type QueryScope } from '../scope.js';
import { toWhitelist, type WhitelistRecord } from './parking-records.js';

const notFound = (id: string) =>
  new DomainError('WHITELIST_ENTRY_NOT_FOUND', `no whitelist entry ${id}`, { id });

/** A plate as stored: trimmed, upper case; PLATE_INVALID unless a mainland plate (RES-4). */
export function normalisePlate(plate: string): string {
  const normalised = plate.trim().toUpperCase();
  if (classifyPlate(normalised) === undefined)
    throw new DomainError('PLATE_INVALID', `"${plate}" is not a plate`, { plate });
  return normalised;
}

/** RES-4 plate whitelist (白名单) of the stations in the caller's scope (ORG-1). */
export class Whitelist {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: () => number,
    private readonly scope: QueryScope,
  ) {}

  private rows(query: Record<string, unknown>): FilterQuery<WhitelistEntryRow> {
    return within<FilterQuery<WhitelistEntryRow>>(scopeWhere(this.scope, STATION_LEVEL_COLUMNS), query);
  }

  /** RES-4: a plate bound to a station in scope; one entry per plate and station (WHITELIST_ENTRY_EXISTS). */
  async create(input: {
    readonly stationId: string;
    readonly plate: string;
    readonly remark: string;
  }): Promise<WhitelistRecord> {
    const em = this.em.fork();
    const station = await em.findOne(
      StationEntity,
      within(scopeWhere(this.scope, STATION_COLUMNS), { id: input.stationId }),
      {
        populate: ['property'],
      },
    );
    if (!station)
      throw new DomainError('STATION_NOT_FOUND', `no station ${input.stationId}`, { id: input.stationId });
    const plate = normalisePlate(input.plate);
    const row = em.create(WhitelistEntryEntity, {
      id: randomUUID(),
      providerId: station.providerId,
      propertyId: station.property.id,
      stationId: station.id,
      plate,
      remark: input.remark,
      enabled: true,
      createdAt: this.clock(),
    });
    try {
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('WHITELIST_ENTRY_EXISTS', `${plate} is already listed at this station`, {
          plate,
        });
      throw error;
    }
    return toWhitelist(row);
  }

  /** RES-4 entries in scope, optionally of one station and/or one plate, newest first. */
  async list(
    filter: { readonly stationId?: string; readonly plate?: string } = {},
  ): Promise<WhitelistRecord[]> {
    const query = {
      ...(filter.stationId === undefined ? {} : { stationId: filter.stationId }),
      ...(filter.plate === undefined ? {} : { plate: filter.plate.trim().toUpperCase() }),
    };
    const rows = await this.em
      .fork()
      .find(WhitelistEntryEntity, this.rows(query), { orderBy: { createdAt: 'desc', id: 'asc' } });
    return rows.map(toWhitelist);
  }

  /** One entry in scope, or WHITELIST_ENTRY_NOT_FOUND. */
  async get(id: string, em = this.em.fork()): Promise<WhitelistRecord> {
    const row = await em.findOne(WhitelistEntryEntity, this.rows({ id }));
    if (!row) throw notFound(id);
    return toWhitelist(row);
  }

  /** RES-4: edits the remark and/or the enabled flag (a disabled entry is as if absent, RES-4). */
  async update(
    id: string,
    patch: { readonly remark?: string; readonly enabled?: boolean },
  ): Promise<WhitelistRecord> {
    const em = this.em.fork();
    const set = {
      ...(patch.remark === undefined ? {} : { remark: patch.remark }),
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
    };
    if (
      Object.keys(set).length > 0 &&
      (await em.nativeUpdate(WhitelistEntryEntity, this.rows({ id }), set)) !== 1
    )
      throw notFound(id);
    return this.get(id, em);
  }

  /** RES-4: deletes an entry in scope. */
  async remove(id: string): Promise<void> {
    if ((await this.em.fork().nativeDelete(WhitelistEntryEntity, this.rows({ id }))) !== 1)
      throw notFound(id);
  }

  /** RES-4: the enabled entries of a station, as core's decideLock reads them. */
  async ofStation(stationId: string): Promise<WhitelistRecord[]> {
    return this.list({ stationId }).then((rows) => rows.filter((r) => r.enabled));
  }
}
