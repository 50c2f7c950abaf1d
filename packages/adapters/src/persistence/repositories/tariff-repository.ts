import {
  TariffDefinitionSchema,
  canAddUnder,
  effectiveFrom,
  parseCarTariff,
  parseEbikeTariff,
  unwrap,
} from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { AreaEntity, type AreaRow } from '../entities/assets.js';
import { TariffVersionEntity, type TariffVersionRow } from '../entities/tariff-version.js';
import { PersistenceError, isUniqueViolation } from '../errors.js';
import {
  STATION_COLUMNS,
  STATION_LEVEL_COLUMNS,
  WHOLE_TENANT,
  scopeWhere,
  within,
  type QueryScope,
} from '../scope.js';

/** A stored tariff version: identity, effective instant and the validated definition (TAR-3, TAR-13). */
export interface TariffVersionRecord {
  readonly tariffId: string;
  readonly version: number;
  readonly kind: 'CAR' | 'EBIKE';
  readonly stationId: string | null;
  readonly areaId: string | null;
  readonly savedAt: string;
  /** Epoch ms: 24:00 station-local of the day it was saved (TAR-3). */
  readonly effectiveFrom: number;
  /** The definition as validated by core's TariffDefinitionSchema (JSON; unit prices are strings). */
  readonly definition: Record<string, unknown>;
}

/** Tariff versions: append-only; (tariffId, version) is unique; reads and writes inside the caller's scope (ORG-1). */
export class TariffRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
    private readonly scope: QueryScope = WHOLE_TENANT,
  ) {}

  private versions(query: Record<string, unknown>): FilterQuery<TariffVersionRow> {
    return within(scopeWhere(this.scope, STATION_LEVEL_COLUMNS), query);
  }

  /**
   * Saves a new version of a tariff for an area (ASSET-4 gates: enabled station and area). The
   * definition is validated by the core (schema and TAR rules); its id/version/savedAt are the key.
   */
  async saveVersion(input: {
    readonly areaId: string;
    readonly definition: unknown;
  }): Promise<TariffVersionRecord> {
    const shape = TariffDefinitionSchema.safeParse(input.definition);
    if (!shape.success) {
      throw new PersistenceError('TARIFF_DEFINITION_INVALID', 'tariff definition is invalid', {
        issues: shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    }
    const def = shape.data;
    if (def.kind === 'CAR') unwrap(parseCarTariff(input.definition));
    else unwrap(parseEbikeTariff(input.definition));
    try {
      return await this.em.fork().transactional(async (em) => {
        const inScope = within(scopeWhere(this.scope, STATION_COLUMNS), {});
        const area = await em.findOne(
          AreaEntity,
          { id: input.areaId, station: inScope } as FilterQuery<AreaRow>,
          { populate: ['station'] },
        );
        if (!area)
          throw new PersistenceError('AREA_NOT_FOUND', `no area ${input.areaId}`, { areaId: input.areaId });
        unwrap(
          canAddUnder('TARIFF', [
            { kind: 'STATION', id: area.station.id, enabled: area.station.enabled },
            { kind: 'AREA', id: area.id, enabled: area.enabled },
          ]),
        );
        const row = em.create(TariffVersionEntity, {
          id: `${def.id}@${def.version}`,
          tariffId: def.id,
          version: def.version,
          kind: def.kind,
          stationId: area.station.id,
          areaId: area.id,
          providerId: area.station.providerId,
          propertyId: area.station.property.id,
          savedAt: def.savedAt,
          effectiveFrom: effectiveFrom(def.savedAt, area.station.timezone),
          definition: input.definition as Record<string, unknown>,
          createdAt: this.now(),
        });
        await em.flush();
        return toRecord(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new PersistenceError('TARIFF_VERSION_EXISTS', `tariff ${def.id} v${def.version} exists`, {
          tariffId: def.id,
          version: def.version,
        });
      }
      throw error;
    }
  }

  /** One version, or null. */
  async getVersion(tariffId: string, version: number): Promise<TariffVersionRecord | null> {
    const row = await this.em.fork().findOne(TariffVersionEntity, this.versions({ tariffId, version }));
    return row ? toRecord(row) : null;
  }

  /** Every version of an area's tariffs, oldest effective first (feed them to core's tariffInForce). */
  async versionsForArea(areaId: string): Promise<TariffVersionRecord[]> {
    const rows = await this.em.fork().find(TariffVersionEntity, this.versions({ areaId }), {
      orderBy: { effectiveFrom: 'asc', version: 'asc' },
    });
    return rows.map(toRecord);
  }
}

const toRecord = (row: TariffVersionRow): TariffVersionRecord => ({
  tariffId: row.tariffId,
  version: row.version,
  kind: row.kind,
  stationId: row.stationId ?? null,
  areaId: row.areaId ?? null,
  savedAt: row.savedAt,
  effectiveFrom: row.effectiveFrom,
  definition: row.definition,
});
