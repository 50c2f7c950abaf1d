import { DeviceEventSchema, type DeviceCommand } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { CameraSimulation } from './camera.js';

const T0 = Date.parse('2026-11-23T02:00:00Z');

function camera(): CameraSimulation {
  let seq = 0;
  return new CameraSimulation('CAM1', ['A-1', 'A-2'], () => `e${++seq}`);
}
const lock = (
  type: 'OPEN_LOCK' | 'CLOSE_LOCK',
  id: string,
  spaceNo = 'A-1',
  serialNo = 'CAM1',
): DeviceCommand => ({
  commandId: id,
  serialNo,
  issuedAt: new Date(T0).toISOString(),
  type,
  spaceNo,
});

describe('CameraSimulation (RES-2, ASSET-6, SPEC §14 camera and ground lock)', () => {
  it('RES-2 a plate entering and leaving its left space is reported as valid PLATE_RECOGNISED events on device time', () => {
    const cam = camera();
    const enter = cam.sight(
      { spaceNo: 'A-1', plate: '浙AD54321', plateColour: 'GREEN', direction: 'ENTER' },
      T0,
    );
    const leave = cam.sight(
      { spaceNo: 'A-1', plate: '浙AD54321', plateColour: 'GREEN', direction: 'LEAVE' },
      T0 + 60_000,
    );
    expect(DeviceEventSchema.parse(enter)).toMatchObject({
      type: 'PLATE_RECOGNISED',
      serialNo: 'CAM1',
      spaceNo: 'A-1',
      direction: 'ENTER',
      occurredAt: '2026-11-23T02:00:00.000Z',
    });
    expect(DeviceEventSchema.parse(leave)).toMatchObject({
      direction: 'LEAVE',
      occurredAt: '2026-11-23T02:01:00.000Z',
    });
    expect(() =>
      cam.sight({ spaceNo: 'Z-9', plate: '浙AD54321', plateColour: 'GREEN', direction: 'ENTER' }, T0),
    ).toThrow();
  });

  it('RES-2 OPEN_LOCK / CLOSE_LOCK are answered with LOCK_STATE; a repeated command gets the same reply', () => {
    const cam = camera();
    expect(cam.lockOf('A-1')).toBe('CLOSED');
    const open = cam.handle(lock('OPEN_LOCK', 'c1'), T0);
    expect(open).toMatchObject([{ type: 'LOCK_STATE', spaceNo: 'A-1', state: 'OPEN', eventId: 'e1' }]);
    expect(cam.lockOf('A-1')).toBe('OPEN');
    expect(cam.lockOf('A-2')).toBe('CLOSED');
    expect(cam.handle(lock('OPEN_LOCK', 'c1'), T0 + 5)).toEqual(open);
    expect(cam.handle(lock('CLOSE_LOCK', 'c2'), T0 + 10)).toMatchObject([{ state: 'CLOSED', eventId: 'e2' }]);
    expect(cam.lockCommands.map((c) => `${c.type} ${c.commandId}`)).toEqual([
      'OPEN_LOCK c1',
      'CLOSE_LOCK c2',
    ]);
  });

  it('§14 commands for another camera or an unknown space are ignored; a jammed lock answers FAULT', () => {
    const cam = camera();
    expect(cam.handle(lock('OPEN_LOCK', 'x1', 'A-1', 'CAM2'), T0)).toEqual([]);
    expect(cam.handle(lock('OPEN_LOCK', 'x2', 'Z-9'), T0)).toEqual([]);
    cam.jammed = true;
    expect(cam.handle(lock('OPEN_LOCK', 'x3'), T0)).toMatchObject([{ type: 'LOCK_STATE', state: 'FAULT' }]);
    expect(cam.lockOf('A-1')).toBe('CLOSED');
  });
});
