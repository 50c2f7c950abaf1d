import type { DeviceCommand } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { LateDeviceCommandBus } from './late-command-bus.js';

const restart: DeviceCommand = {
  type: 'RESTART',
  commandId: 'cam-1',
  serialNo: 'CAM1',
  issuedAt: '2026-12-02T10:00:00+08:00',
};

describe('LateDeviceCommandBus (SPEC §14 camera commands in the local stack)', () => {
  it('§14 refuses with DEVICE_COMMANDS_UNAVAILABLE until bound, then forwards every command', async () => {
    const bus = new LateDeviceCommandBus();
    await expect(bus.send(restart)).rejects.toMatchObject({ code: 'DEVICE_COMMANDS_UNAVAILABLE' });
    const sent: DeviceCommand[] = [];
    bus.bind({ sendCommand: async (command) => void sent.push(command) });
    await bus.send(restart);
    expect(sent).toEqual([restart]);
  });
});
