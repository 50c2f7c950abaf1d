// The local stack's charging services: the same ports, activities and Temporal sink as the Kafka
// deployment (`wireChargingSession`), with the broker replaced by an in-process fleet and event path.
import type { WorkflowClient } from '@temporalio/client';
import type { DeviceEvent } from '@chargeflow/core';
import type { Backoff } from '../kafka/backoff.js';
import { InMemoryDedupStore } from '../kafka/dedup.js';
import { silentLogger, type AdapterLogger, type DeviceTelemetryWriter } from '../kafka/ports.js';
import type { MongoTelemetryStore } from '../telemetry/mongo-telemetry-store.js';
import {
  telemetryWriter,
  wireChargingSession,
  type ChargingServices,
  type ChargingTenancyOptions,
} from '../temporal/charging-services.js';
import { InProcessCameras, type FleetCamera } from './cameras.js';
import { InProcessDeviceCommandBus } from './command-bus.js';
import { InProcessDeviceEventPath } from './event-path.js';
import { InProcessChargerFleet, type FleetCharger } from './fleet.js';

/**
 * What `startInProcessChargingServices` needs: like the Kafka services, every tenant's database
 * (`tenants`) and the device registry (`devices`; the simulated chargers' serials must be registered
 * to a tenant, as chargers created over HTTP are, or their events are rejected UNKNOWN_DEVICE).
 */
export interface InProcessChargingServicesOptions extends ChargingTenancyOptions {
  /** `client.workflow` of a Client with `dataConverter: { payloadConverterPath }`. */
  readonly workflows: Pick<WorkflowClient, 'getHandle'>;
  /** The simulated chargers that answer commands (serials and behaviour). */
  readonly chargers: readonly FleetCharger[];
  /** The simulated parking cameras (with their spaces' ground locks) that answer lock commands. */
  readonly cameras?: readonly FleetCamera[];
  /** Where telemetry goes (e.g. `InMemoryTelemetryStore`, or MongoDB); none: not written. */
  readonly telemetry?: MongoTelemetryStore | DeviceTelemetryWriter;
  readonly logger?: AdapterLogger;
  readonly now?: () => number;
  readonly dedupCapacity?: number;
  readonly backoff?: Partial<Backoff>;
  /** Sees every event a charger emits, before validation (tests, a console tap). */
  readonly observe?: (serialNo: string, events: readonly DeviceEvent[]) => void;
}

/** The running in-process services: the `ChargingServices` shape plus the fleet and the event path. */
export interface InProcessChargingServices extends ChargingServices {
  readonly fleet: InProcessChargerFleet;
  readonly cameras: InProcessCameras;
  readonly events: InProcessDeviceEventPath;
}

/**
 * Wires a charging worker without Kafka, for every tenant: `InProcessDeviceCommandBus` →
 * `InProcessChargerFleet` (pure `ChargerSimulation`s on session clocks) → `InProcessDeviceEventPath`
 * (validation, serial's tenant from the registry, telemetry, de-duplication, delivery) →
 * `TemporalDeviceEventSink`. Register `activities` on the Temporal worker. Shutdown mirrors the
 * Kafka services: `stopIngestion()` first (no new signals), `close()` after the worker stopped.
 */
export function startInProcessChargingServices(
  options: InProcessChargingServicesOptions,
): InProcessChargingServices {
  const logger = options.logger ?? silentLogger;
  const emit = (serialNo: string, batch: readonly DeviceEvent[]): void => {
    options.observe?.(serialNo, batch);
    // `events` is set below, before the fleet starts or receives its first command.
    events.publish(serialNo, batch);
  };
  const fleet = new InProcessChargerFleet({ chargers: options.chargers, logger, emit });
  const cameras = new InProcessCameras(options.cameras ?? [], emit);
  const wiring = wireChargingSession({
    ...options,
    commands: new InProcessDeviceCommandBus(fleet, logger, cameras),
  });
  const events = new InProcessDeviceEventPath({
    devices: wiring.devices,
    sink: wiring.sink,
    dedup: new InMemoryDedupStore(options.dedupCapacity ?? 100_000),
    ...(options.telemetry === undefined ? {} : { telemetry: telemetryWriter(options.telemetry) }),
    logger,
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
  });
  fleet.start();

  let stopping: Promise<void> | undefined;
  const stopIngestion = (): Promise<void> => {
    stopping ??= (async () => {
      fleet.stop();
      await events.stop();
    })();
    return stopping;
  };
  return { ...wiring, fleet, cameras, events, stopIngestion, close: stopIngestion };
}
