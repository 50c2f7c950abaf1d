import { DeviceCommandSchema, type DeviceCommand } from '@chargeflow/core';
import type { Producer } from 'kafkajs';
import { KafkaAdapterError } from './errors.js';
import type { DeviceCommandBus } from './ports.js';

/** Header naming the command type, so a consumer can route without parsing the value. */
export const COMMAND_TYPE_HEADER = 'x-command-type';

/**
 * A command as every `DeviceCommandBus` must check it (SPEC §14, core's DeviceCommandSchema), or a
 * KafkaAdapterError DEVICE_COMMAND_INVALID naming the failing fields (the workflow port turns it
 * into a non-retryable failure).
 */
export function validDeviceCommand(command: unknown): DeviceCommand {
  const parsed = DeviceCommandSchema.safeParse(command);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new KafkaAdapterError('DEVICE_COMMAND_INVALID', `invalid device command: ${issues.join('; ')}`, {
    issues,
  });
}

/**
 * Publishes device commands (SPEC §14) to the commands topic, keyed by serial so a device's commands
 * stay in order. Validates before sending; the producer should be idempotent (`createDeviceProducer`).
 * The caller owns the producer's connect/disconnect. `sendCommand` makes it the workflows'
 * `DeviceCommands` port too.
 */
export class KafkaDeviceCommandBus implements DeviceCommandBus {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  /** Validates and publishes one command; rejects with DEVICE_COMMAND_INVALID before any I/O. */
  async send(command: DeviceCommand): Promise<void> {
    const valid = validDeviceCommand(command);
    await this.producer.send({
      topic: this.topic,
      messages: [
        {
          key: valid.serialNo,
          value: JSON.stringify(valid),
          headers: { [COMMAND_TYPE_HEADER]: valid.type, 'content-type': 'application/json' },
        },
      ],
    });
  }

  /** Alias of `send` (the workflows' `DeviceCommands` port). */
  sendCommand(command: DeviceCommand): Promise<void> {
    return this.send(command);
  }
}
