import { isDomainError } from '@chargeflow/core';
import type { AssetRepository, DeviceRegistry } from '@chargeflow/adapters';
import type { DemoCharger } from './demo-data.js';

/**
 * A demo device in an area, created only when missing: registered in the device registry (serial →
 * tenant), the charger (or e-bike box) row and its connectors (sockets on an e-bike station). True
 * when anything was created.
 */
export async function ensureDemoDevice(repos: {
  readonly tenantId: string;
  readonly areaId: string;
  readonly assets: AssetRepository;
  readonly devices: DeviceRegistry;
  readonly demo: DemoCharger;
}): Promise<boolean> {
  const { assets, demo } = repos;
  let created = false;
  await repos.devices.register(demo.serialNo, repos.tenantId);
  let charger;
  try {
    charger = await assets.getChargerBySerial(demo.serialNo);
  } catch (error) {
    if (!isDomainError(error, 'CHARGER_NOT_FOUND')) throw error;
    charger = await assets.createCharger({
      id: demo.id,
      areaId: repos.areaId,
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
    await assets.createConnector({ chargerId: charger.id, connectorNo });
    created = true;
  }
  return created;
}
