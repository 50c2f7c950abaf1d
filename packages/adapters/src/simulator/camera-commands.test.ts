import { inflateSync } from 'node:zlib';
import { DeviceEventSchema, MAX_SNAPSHOT_BYTES, type DeviceCommand } from '@chargeflow/core';
import { describe, expect, it } from 'vitest';
import { CameraSimulation } from './camera.js';
import { SIMULATED_SNAPSHOT_PNG } from './snapshot-image.js';

const T0 = Date.parse('2026-12-02T02:00:00Z');
const issuedAt = new Date(T0).toISOString();

function camera(): CameraSimulation {
  let seq = 0;
  return new CameraSimulation('CAM1', ['A-1', 'A-2'], () => `e${++seq}`);
}
const command = (body: Record<string, unknown>, id = 'c1'): DeviceCommand =>
  ({ commandId: id, serialNo: 'CAM1', issuedAt, ...body }) as DeviceCommand;

describe('the simulated camera answers SPEC §14 camera commands', () => {
  it('§14 the snapshot is a valid 32 × 24 PNG of a few hundred bytes', () => {
    const png = Buffer.from(SIMULATED_SNAPSHOT_PNG);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(32);
    expect(png.readUInt32BE(20)).toBe(24);
    expect(png.length).toBeGreaterThan(60);
    expect(png.length).toBeLessThan(1_000);
    // IDAT inflates to 24 rows × (1 filter byte + 32 px × 3 bytes) = 24 × 97 = 2328 bytes.
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(2_328);
    expect(png.subarray(png.length - 8, png.length - 4).toString('ascii')).toBe('IEND');
  });

  it('§14 SNAPSHOT is answered with one valid SNAPSHOT_TAKEN carrying the PNG, the command id and the space', () => {
    const [taken, ...rest] = camera().handle(command({ type: 'SNAPSHOT', spaceNo: 'A-2' }), T0);
    expect(rest).toEqual([]);
    const event = DeviceEventSchema.parse(taken);
    expect(event).toMatchObject({
      type: 'SNAPSHOT_TAKEN',
      serialNo: 'CAM1',
      commandId: 'c1',
      spaceNo: 'A-2',
      contentType: 'image/png',
      occurredAt: '2026-12-02T02:00:00.000Z',
    });
    if (event.type !== 'SNAPSHOT_TAKEN') throw new Error('not a snapshot');
    const bytes = Buffer.from(event.imageBase64, 'base64');
    expect(bytes.equals(Buffer.from(SIMULATED_SNAPSHOT_PNG))).toBe(true);
    expect(bytes.length).toBeLessThanOrEqual(MAX_SNAPSHOT_BYTES);
  });

  it('§14 a SNAPSHOT of a space the camera does not watch is acknowledged REJECTED', () => {
    expect(camera().handle(command({ type: 'SNAPSHOT', spaceNo: 'Z-9' }), T0)).toMatchObject([
      { type: 'COMMAND_ACK', command: 'SNAPSHOT', result: 'REJECTED', reason: 'UNKNOWN_SPACE' },
    ]);
  });

  it('§14 RESTART: COMMAND_ACK then ONLINE, the locks keep their state; SYNC_CLOCK: COMMAND_ACK and the clock set', () => {
    const cam = camera();
    cam.handle(command({ type: 'OPEN_LOCK', spaceNo: 'A-1' }, 'open'), T0);
    const restart = cam.handle(command({ type: 'RESTART' }, 'r1'), T0 + 1);
    expect(restart.map((e) => DeviceEventSchema.parse(e).type)).toEqual(['COMMAND_ACK', 'ONLINE']);
    expect(restart[0]).toMatchObject({ commandId: 'r1', command: 'RESTART', result: 'ACCEPTED' });
    expect(cam.lockOf('A-1')).toBe('OPEN');
    const clock = cam.handle(
      command({ type: 'SYNC_CLOCK', time: '2026-12-02T10:00:00+08:00' }, 's1'),
      T0 + 2,
    );
    expect(clock).toMatchObject([{ type: 'COMMAND_ACK', command: 'SYNC_CLOCK', result: 'ACCEPTED' }]);
    expect(cam.clockSetTo).toBe('2026-12-02T10:00:00+08:00');
  });

  it('§14 SYNC_LOCK_STATE reports one space or each; REFRESH_STATE acknowledges and reports each; repeats get the same reply', () => {
    const cam = camera();
    cam.handle(command({ type: 'OPEN_LOCK', spaceNo: 'A-2' }, 'open'), T0);
    expect(cam.handle(command({ type: 'SYNC_LOCK_STATE', spaceNo: 'A-2' }, 'l1'), T0)).toMatchObject([
      { type: 'LOCK_STATE', spaceNo: 'A-2', state: 'OPEN' },
    ]);
    expect(cam.handle(command({ type: 'SYNC_LOCK_STATE' }, 'l2'), T0)).toMatchObject([
      { type: 'LOCK_STATE', spaceNo: 'A-1', state: 'CLOSED' },
      { type: 'LOCK_STATE', spaceNo: 'A-2', state: 'OPEN' },
    ]);
    const refresh = cam.handle(command({ type: 'REFRESH_STATE' }, 'f1'), T0);
    expect(refresh.map((e) => e.type)).toEqual(['COMMAND_ACK', 'LOCK_STATE', 'LOCK_STATE']);
    for (const event of refresh) expect(DeviceEventSchema.safeParse(event).success).toBe(true);
    expect(cam.handle(command({ type: 'REFRESH_STATE' }, 'f1'), T0 + 9)).toEqual(refresh);
    expect(cam.commands.map((c) => c.commandId)).toEqual(['open', 'l1', 'l2', 'f1', 'f1']);
  });
});
