import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { OccupancyRecordEntity, type OccupancyRecordRow } from '../persistence/entities/occupancy.js';
import { STATION_LEVEL_COLUMNS, scopeWhere, within, type QueryScope } from '../persistence/scope.js';

/** Filters of the occupancy record search. */
export interface OccupancyFilters {
  readonly stationId?: string;
  readonly spaceId?: string;
  readonly plate?: string;
  readonly limit?: number;
}

/** TAR-12: occupancy records of cars without a reservation, read in the caller's scope (ORG-1). */
export class OccupancyRecords {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: QueryScope,
  ) {}

  /** Newest first. */
  async list(filters: OccupancyFilters): Promise<OccupancyRecordRow[]> {
    const query = {
      ...(filters.stationId === undefined ? {} : { stationId: filters.stationId }),
      ...(filters.spaceId === undefined ? {} : { spaceId: filters.spaceId }),
      ...(filters.plate === undefined ? {} : { plate: filters.plate.trim().toUpperCase() }),
    };
    return this.em
      .fork()
      .find(
        OccupancyRecordEntity,
        within<FilterQuery<OccupancyRecordRow>>(scopeWhere(this.scope, STATION_LEVEL_COLUMNS), query),
        { orderBy: { createdAt: 'desc', id: 'desc' }, limit: filters.limit ?? 50 },
      );
  }
}
