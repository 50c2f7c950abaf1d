import { DomainError, type DeviceCommand } from '@chargeflow/core';
import type { DeviceCommandBus } from '../kafka/ports.js';

/**
 * A `DeviceCommandBus` bound after it was handed out: the local stack builds the API (which takes a
 * bus for camera commands) before its device path exists. Until `bind`, a command is refused with
 * DEVICE_COMMANDS_UNAVAILABLE (503), as in an API started without one.
 */
export class LateDeviceCommandBus implements DeviceCommandBus {
  private target: { sendCommand(command: DeviceCommand): Promise<void> } | undefined;

  /** Sends every later command to `bus` (a workflows' `DeviceCommands` port: the device path's bus). */
  bind(bus: { sendCommand(command: DeviceCommand): Promise<void> }): void {
    this.target = bus;
  }

  send(command: DeviceCommand): Promise<void> {
    if (this.target === undefined) {
      return Promise.reject(
        new DomainError('DEVICE_COMMANDS_UNAVAILABLE', 'the device path has not started yet', {}),
      );
    }
    return this.target.sendCommand(command);
  }
}
