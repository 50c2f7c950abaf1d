import { isDomainError } from '@chargeflow/core';
import type { AssetRepository, DeviceRegistry, TariffRepository } from '@chargeflow/adapters';
import { DEMO_EBIKE_BOX, DEMO_EBIKE_STATION, DEMO_EBIKE_TARIFF } from './demo-data.js';
import { ensureDemoDevice } from './seed-devices.js';

/**
 * The demo e-bike station (ASSET-7), idempotently: the station on the car station's property, the
 * power-band tariff on its default area, the four-socket box. True when anything was created.
 */
export async function seedDemoEbike(repos: {
  readonly tenantId: string;
  readonly propertyId: string;
  readonly assets: AssetRepository;
  readonly tariffs: TariffRepository;
  readonly devices: DeviceRegistry;
}): Promise<boolean> {
  const { assets, tariffs } = repos;
  let created = false;
  try {
    await assets.getStation(DEMO_EBIKE_STATION.id);
  } catch (error) {
    if (!isDomainError(error, 'STATION_NOT_FOUND')) throw error;
    await assets.createStation({ ...DEMO_EBIKE_STATION, propertyId: repos.propertyId, kind: 'EBIKE' });
    created = true;
  }
  const area = (await assets.listAreas(DEMO_EBIKE_STATION.id)).find((a) => a.isDefault);
  if (area === undefined) throw new Error(`demo station ${DEMO_EBIKE_STATION.id} has no default area`);
  if ((await tariffs.getVersion(DEMO_EBIKE_TARIFF.id, DEMO_EBIKE_TARIFF.version)) === null) {
    await tariffs.saveVersion({ areaId: area.id, definition: DEMO_EBIKE_TARIFF });
    created = true;
  }
  const box = await ensureDemoDevice({ ...repos, areaId: area.id, demo: DEMO_EBIKE_BOX });
  return created || box;
}
