import { CarTariffSchema, tariffInForce } from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import type { OccupancyTerms } from '@chargeflow/workflows';
import { ChargerEntity, StationEntity } from '../persistence/entities/assets.js';
import { TariffRepository } from '../persistence/repositories/tariff-repository.js';
import { WHOLE_TENANT } from '../persistence/scope.js';

/**
 * TAR-12: the charger's occupancy-fee flag and the `occupancy` rule of the station's car tariff in
 * force at `at` (null when the tariff has none). Shared by reservationWorkflow's desk and the
 * occupancy tracker of cars without a reservation.
 */
export async function occupancyTermsIn(
  em: EntityManager,
  input: { readonly stationId: string; readonly chargerId: string; readonly at: number },
  now: () => number,
): Promise<OccupancyTerms> {
  const fork = em.fork();
  const charger = await fork.findOne(ChargerEntity, { id: input.chargerId });
  const station = await fork.findOne(StationEntity, { id: input.stationId });
  if (!charger || !station) return { chargesOccupancy: false, rule: null };
  const versions = await new TariffRepository(em, now, WHOLE_TENANT).versionsForArea(charger.area.id);
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
