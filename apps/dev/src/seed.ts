import { isDomainError } from '@chargeflow/core';
import type { AssetRepository, TariffRepository } from '@chargeflow/adapters';
import { DEMO_CHARGERS, DEMO_STATION, DEMO_TARIFF } from './demo-data.js';

/** What the demo seed left in the database (whether it was created now or found). */
export interface DemoSeed {
  readonly stationId: string;
  readonly areaId: string;
  readonly tariff: { readonly tariffId: string; readonly version: number };
  readonly chargers: readonly { readonly serialNo: string; readonly connectors: readonly string[] }[];
  /** True when this call created anything (false on a re-run over a seeded database). */
  readonly created: boolean;
}

const missing = (error: unknown, code: string): boolean => isDomainError(error, code);

/**
 * Seeds the demo operator, idempotently (fixed ids; each piece is created only when missing):
 * a provider and property, the CAR station in Asia/Shanghai with its default area, the TOU tariff
 * version on that area, and the two chargers with their connectors.
 */
export async function seedDemo(repos: {
  readonly assets: AssetRepository;
  readonly tariffs: TariffRepository;
}): Promise<DemoSeed> {
  const { assets, tariffs } = repos;
  let created = false;
  try {
    await assets.getStation(DEMO_STATION.id);
  } catch (error) {
    if (!missing(error, 'STATION_NOT_FOUND')) throw error;
    const owner = await assets.createOwner({
      providerName: DEMO_STATION.providerName,
      propertyName: DEMO_STATION.propertyName,
    });
    await assets.createStation({
      id: DEMO_STATION.id,
      propertyId: owner.propertyId,
      kind: 'CAR',
      name: DEMO_STATION.name,
      timezone: DEMO_STATION.timezone,
      address: DEMO_STATION.address,
      hotline: DEMO_STATION.hotline,
    });
    created = true;
  }
  const area = (await assets.listAreas(DEMO_STATION.id)).find((a) => a.isDefault);
  if (area === undefined) throw new Error(`demo station ${DEMO_STATION.id} has no default area`);

  if ((await tariffs.getVersion(DEMO_TARIFF.id, DEMO_TARIFF.version)) === null) {
    await tariffs.saveVersion({ areaId: area.id, definition: DEMO_TARIFF });
    created = true;
  }

  for (const demo of DEMO_CHARGERS) {
    let charger;
    try {
      charger = await assets.getChargerBySerial(demo.serialNo);
    } catch (error) {
      if (!missing(error, 'CHARGER_NOT_FOUND')) throw error;
      charger = await assets.createCharger({
        id: demo.id,
        areaId: area.id,
        serialNo: demo.serialNo,
        name: demo.name,
        model: demo.model,
        ratedPowerW: demo.ratedPowerW,
      });
      created = true;
    }
    const existing = new Set((await assets.listConnectors(charger.id)).map((c) => c.connectorNo));
    for (const connectorNo of demo.connectors) {
      if (existing.has(connectorNo)) continue;
      await assets.createConnector({ chargerId: charger.id, connectorNo, kind: 'GUN' });
      created = true;
    }
  }
  return {
    stationId: DEMO_STATION.id,
    areaId: area.id,
    tariff: { tariffId: DEMO_TARIFF.id, version: DEMO_TARIFF.version },
    chargers: DEMO_CHARGERS.map((c) => ({ serialNo: c.serialNo, connectors: c.connectors })),
    created,
  };
}
