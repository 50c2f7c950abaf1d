import { ParkingAssets, WHOLE_TENANT, type AssetRepository, type DeviceRegistry } from '@chargeflow/adapters';
import type { EntityManager } from '@mikro-orm/core';
import { DEMO_PARKING, DEMO_STATION } from './demo-data.js';

/**
 * The demo bays, each created only when missing (found by name and serial): the two spaces with
 * ground locks at the car chargers, the chargers' reservation and occupancy-fee flags, and the camera
 * watching both (registered in the device registry, so its events find the demo tenant). True when
 * anything was created.
 */
export async function seedDemoParking(repos: {
  readonly tenantId: string;
  readonly em: EntityManager;
  readonly areaId: string;
  readonly assets: AssetRepository;
  readonly devices: DeviceRegistry;
}): Promise<boolean> {
  const { devices, tenantId } = repos;
  const parking = new ParkingAssets(repos.em, Date.now, WHOLE_TENANT, (serialNo) =>
    devices.register(serialNo, tenantId),
  );
  let created = false;
  const existing = await parking.listSpaces({ stationId: DEMO_STATION.id });
  const spaceIds: string[] = [];
  for (const demo of DEMO_PARKING.spaces) {
    const charger = await repos.assets.getChargerBySerial(demo.chargerSerial);
    const flags = await parking.setChargerFlags(charger.id, { reservable: true, chargesOccupancy: true });
    if (!flags.reservable || !flags.chargesOccupancy)
      throw new Error(`flags of ${demo.chargerSerial} not set`);
    let space = existing.find((s) => s.name === demo.name);
    if (space === undefined) {
      space = await parking.createSpace({
        areaId: repos.areaId,
        name: demo.name,
        lockType: 'GROUND_LOCK',
        chargerId: charger.id,
      });
      created = true;
    }
    spaceIds.push(space.id);
  }
  const cameras = await parking.listCameras({ stationId: DEMO_STATION.id });
  if (!cameras.some((c) => c.serialNo === DEMO_PARKING.camera.serialNo)) {
    await parking.createCamera({
      areaId: repos.areaId,
      ...DEMO_PARKING.camera,
      ...(spaceIds[0] === undefined ? {} : { leftSpaceId: spaceIds[0] }),
      ...(spaceIds[1] === undefined ? {} : { rightSpaceId: spaceIds[1] }),
    });
    created = true;
  }
  await devices.register(DEMO_PARKING.camera.serialNo, tenantId);
  return created;
}
