import { DomainError, isDomainError } from '@chargeflow/core';
import type { AdapterLogger } from '../kafka/ports.js';
import type { AssetRepository, NewCharger } from '../persistence/repositories/asset-repository.js';
import type { ChargerRecord } from '../persistence/repositories/asset-records.js';
import type { DeviceRegistry } from '../tenancy/ports.js';

/** What registering a charger needs: the caller's scoped assets, the whole tenant's, and the registry. */
export interface ChargerRegistration {
  readonly tenantId: string;
  /** Bound to the caller's scope: the area must be visible to the caller. */
  readonly assets: AssetRepository;
  /** The whole tenant database: whether the serial already belongs to one of the tenant's chargers. */
  readonly wholeTenant: AssetRepository;
  readonly devices: DeviceRegistry;
  readonly logger?: AdapterLogger;
}

/**
 * ASSET-5 + issue 10: a charger created under a tenant registers its serial in the platform's device
 * registry first (a serial is unique platform-wide, so the device path can find the tenant of an
 * event), then is created in the tenant's database. If the charger cannot be created and the serial
 * belongs to no charger of the tenant, the registration is released again; a crash in between leaves
 * a registration that a retried create reuses (registering is idempotent for the same tenant).
 */
export async function registerCharger(deps: ChargerRegistration, input: NewCharger): Promise<ChargerRecord> {
  try {
    await deps.devices.register(input.serialNo, deps.tenantId);
  } catch (error) {
    if (!isDomainError(error, 'DEVICE_SERIAL_TAKEN')) throw error;
    throw new DomainError('CHARGER_SERIAL_TAKEN', `serial ${input.serialNo} is taken`, {
      serialNo: input.serialNo,
    });
  }
  try {
    return await deps.assets.createCharger(input);
  } catch (error) {
    const owned = await deps.wholeTenant.getChargerBySerial(input.serialNo).then(
      () => true,
      () => false,
    );
    if (!owned) {
      await deps.devices
        .release(input.serialNo, deps.tenantId)
        .catch((release: unknown) =>
          deps.logger?.error(
            { err: release, serialNo: input.serialNo },
            'could not release a device registration',
          ),
        );
    }
    throw error;
  }
}
