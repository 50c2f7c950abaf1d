import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PortableJsonType } from './portable-json.js';

/**
 * TAR-3, TAR-13: one saved version of a tariff. The definition is kept as validated JSON (the
 * core's TariffDefinitionSchema); `effectiveFrom` is the instant (epoch ms) it takes effect.
 */
export const TariffVersionEntity = defineEntity({
  name: 'TariffVersion',
  tableName: 'tariff_version',
  uniques: [{ name: 'tariff_version_id_version_unique', properties: ['tariffId', 'version'] }],
  indexes: [{ name: 'tariff_version_area_effective_idx', properties: ['areaId', 'effectiveFrom'] }],
  properties: {
    id: p.string().length(80).primary(),
    tariffId: p.string().length(64),
    version: p.integer(),
    kind: p.enum(['CAR', 'EBIKE']),
    stationId: p.string().length(36).nullable(),
    areaId: p.string().length(36).nullable(),
    /** ORG-1 scope columns, copied from the station at save. */
    providerId: p.string().length(36).nullable(),
    propertyId: p.string().length(36).nullable(),
    savedAt: p.string().length(40),
    effectiveFrom: p.bigint('number'),
    definition: p.json<Record<string, unknown>>().type(PortableJsonType),
    createdAt: p.bigint('number'),
  },
});
/** A tariff version row. */
export type TariffVersionRow = InferEntity<typeof TariffVersionEntity>;
