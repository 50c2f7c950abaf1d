// RES-2, §14: the local stack's in-process cameras answer lock commands through the same command bus
// as the chargers and publish the plates they see through the same emit path.
import type { DeviceEvent } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { InProcessCameras } from './cameras.js';
import { InProcessDeviceCommandBus } from './command-bus.js';
import { InProcessChargerFleet } from './fleet.js';

const setup = () => {
  const emitted: Array<{ serialNo: string; events: readonly DeviceEvent[] }> = [];
  const emit = (serialNo: string, events: readonly DeviceEvent[]) => void emitted.push({ serialNo, events });
  let id = 0;
  const cameras = new InProcessCameras(
    [{ serialNo: 'CAM-1', spaceNos: ['P-01', 'P-02'] }],
    emit,
    () => `ev-${(id += 1)}`,
    () => Date.parse('2026-12-02T08:00:00Z'),
  );
  const fleet = new InProcessChargerFleet({ chargers: [], emit });
  return { emitted, cameras, bus: new InProcessDeviceCommandBus(fleet, undefined, cameras) };
};

describe('in-process cameras (RES-2, §14)', () => {
  it('RES-2 an OPEN_LOCK through the command bus opens the lock and is answered with LOCK_STATE OPEN', async () => {
    const { emitted, cameras, bus } = setup();
    await bus.send({
      commandId: 'cmd-1',
      serialNo: 'CAM-1',
      issuedAt: '2026-12-02T08:00:00.000Z',
      type: 'OPEN_LOCK',
      spaceNo: 'P-02',
    });
    expect(cameras.lockOf('CAM-1', 'P-02')).toBe('OPEN');
    expect(cameras.lockOf('CAM-1', 'P-01')).toBe('CLOSED');
    expect(emitted).toEqual([
      {
        serialNo: 'CAM-1',
        events: [expect.objectContaining({ type: 'LOCK_STATE', spaceNo: 'P-02', state: 'OPEN' })],
      },
    ]);
  });

  it('RES-2 a sighting is a PLATE_RECOGNISED at the given device time; an unknown camera or space throws', () => {
    const { emitted, cameras } = setup();
    const at = Date.parse('2026-12-02T07:30:00Z');
    const event = cameras.sight(
      'CAM-1',
      { spaceNo: 'P-01', plate: '沪AD12345', plateColour: 'GREEN', direction: 'ENTER' },
      at,
    );
    expect(event).toMatchObject({
      type: 'PLATE_RECOGNISED',
      serialNo: 'CAM-1',
      occurredAt: '2026-12-02T07:30:00.000Z',
      direction: 'ENTER',
    });
    expect(emitted).toEqual([{ serialNo: 'CAM-1', events: [event] }]);
    const sighting = {
      spaceNo: 'P-01',
      plate: '沪AD12345',
      plateColour: 'GREEN',
      direction: 'LEAVE',
    } as const;
    expect(() => cameras.sight('CAM-9', sighting)).toThrow(/no in-process camera/);
    expect(() => cameras.sight('CAM-1', { ...sighting, spaceNo: 'P-09' })).toThrow(/does not watch/);
  });
});
