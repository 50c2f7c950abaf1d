import type { DeviceCommand } from '@chargeflow/core';
import { validDeviceCommand } from '../kafka/command-bus.js';
import { silentLogger, type AdapterLogger, type DeviceCommandBus } from '../kafka/ports.js';
import type { InProcessCameras } from './cameras.js';
import type { InProcessChargerFleet } from './fleet.js';

/**
 * `DeviceCommandBus` of the local stack: validates a command exactly like the Kafka bus
 * (`validDeviceCommand`: DEVICE_COMMAND_INVALID before anything happens) and hands it to the
 * in-process fleet (chargers, then cameras). A command for a serial neither has is dropped with a warning, as a
 * Kafka command nobody consumes: the workflow's start/stop timeout decides. `sendCommand` makes it
 * the workflows' `DeviceCommands` port too.
 */
export class InProcessDeviceCommandBus implements DeviceCommandBus {
  constructor(
    private readonly fleet: InProcessChargerFleet,
    private readonly logger: AdapterLogger = silentLogger,
    private readonly cameras?: InProcessCameras,
  ) {}

  /** Validates and delivers one command; the charger's answer arrives later as device events. */
  send(command: DeviceCommand): Promise<void> {
    let valid: DeviceCommand;
    try {
      valid = validDeviceCommand(command);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    if (!this.fleet.handle(valid) && !(this.cameras?.handle(valid) ?? false)) {
      this.logger.warn(
        { serialNo: valid.serialNo, commandId: valid.commandId, type: valid.type },
        'no in-process charger or camera has this serial; command dropped',
      );
    }
    return Promise.resolve();
  }

  /** Alias of `send` (the workflows' `DeviceCommands` port). */
  sendCommand(command: DeviceCommand): Promise<void> {
    return this.send(command);
  }
}
