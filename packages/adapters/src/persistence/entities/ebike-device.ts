import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * ASSET-7: the nameplate of an e-bike device (a charger row of an EBIKE station): rated voltage and
 * current, the current limits, the socket count, production and deployment dates, where it hangs.
 * Rated power stays on the charger row (the auto-stop amount reads it there). Migration 0008.
 */
export const EbikeDeviceEntity = defineEntity({
  name: 'EbikeDevice',
  tableName: 'ebike_device',
  properties: {
    /** The charger row (FK, deleted with it). */
    chargerId: p.string().length(36).primary(),
    ratedVoltageV: p.integer(),
    ratedCurrentMa: p.integer(),
    currentUpperLimitMa: p.integer(),
    currentLowerLimitMa: p.integer(),
    socketCount: p.integer(),
    /** ISO dates (YYYY-MM-DD). */
    productionDate: p.string().length(10),
    deploymentDate: p.string().length(10),
    location: p.string().length(255),
    updatedAt: p.bigint('number'),
  },
});
/** An e-bike device nameplate row. */
export type EbikeDeviceRow = InferEntity<typeof EbikeDeviceEntity>;
