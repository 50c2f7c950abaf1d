import type { DeviceCommand, DeviceEvent } from '@chargeflow/core';
import { SIMULATED_SNAPSHOT_PNG } from './snapshot-image.js';

/** A plate as the camera reads it (SPEC §14 PLATE_RECOGNISED). */
export interface PlateSighting {
  readonly spaceNo: string;
  readonly plate: string;
  readonly plateColour: 'GREEN' | 'BLUE' | 'YELLOW' | 'WHITE' | 'BLACK' | 'OTHER';
  readonly direction: 'ENTER' | 'LEAVE';
}

/** A lock command the camera received (OPEN_LOCK / CLOSE_LOCK). */
export type LockCommandReceived = Extract<DeviceCommand, { type: 'OPEN_LOCK' | 'CLOSE_LOCK' }>;

/** The event bodies a camera emits (the envelope is added by the simulation). */
type EventBody<T extends DeviceEvent['type']> = Omit<
  Extract<DeviceEvent, { type: T }>,
  'eventId' | 'serialNo' | 'occurredAt'
>;
type CameraEventBody =
  | EventBody<'PLATE_RECOGNISED'>
  | EventBody<'LOCK_STATE'>
  | EventBody<'SNAPSHOT_TAKEN'>
  | EventBody<'COMMAND_ACK'>
  | EventBody<'ONLINE'>;

/**
 * One simulated parking camera (ASSET-6, SPEC §14), pure: it watches a left and a right space, reports
 * plates entering and leaving them, and drives the ground lock of each space. A lock command for one
 * of its spaces is answered with LOCK_STATE (OPEN / CLOSED, or FAULT when `jammed`); a repeated
 * command (same commandId) gets the same reply, same event id. Commands for other spaces are ignored.
 * SNAPSHOT is answered with SNAPSHOT_TAKEN (a fixed PNG); RESTART with COMMAND_ACK then ONLINE (the
 * locks keep their state); SYNC_CLOCK with COMMAND_ACK; SYNC_LOCK_STATE with the LOCK_STATE of the
 * space (or of each space); REFRESH_STATE with COMMAND_ACK and a LOCK_STATE per space.
 */
export class CameraSimulation {
  private readonly replies = new Map<string, DeviceEvent[]>();
  private readonly locks = new Map<string, 'OPEN' | 'CLOSED' | 'FAULT'>();
  /** Every lock command received, in arrival order (what the lock controller saw). */
  readonly lockCommands: LockCommandReceived[] = [];
  /** Every command addressed to this camera, in arrival order (repeats included). */
  readonly commands: DeviceCommand[] = [];
  /** The time the last SYNC_CLOCK set (ISO), if any. */
  clockSetTo: string | null = null;
  /** A jammed lock answers FAULT and keeps its state. */
  jammed = false;

  constructor(
    readonly serialNo: string,
    readonly spaceNos: readonly string[],
    private readonly newId: () => string,
  ) {
    for (const spaceNo of spaceNos) this.locks.set(spaceNo, 'CLOSED');
  }

  /** The lock state of a space this camera watches. */
  lockOf(spaceNo: string): 'OPEN' | 'CLOSED' | 'FAULT' | undefined {
    return this.locks.get(spaceNo);
  }

  /** A plate seen entering or leaving one of the camera's spaces, at device time `at`. */
  sight(sighting: PlateSighting, at: number): DeviceEvent {
    if (!this.locks.has(sighting.spaceNo)) {
      throw new Error(`camera ${this.serialNo} does not watch space ${sighting.spaceNo}`);
    }
    return this.event(at, { type: 'PLATE_RECOGNISED', ...sighting });
  }

  /** Answers a command addressed to this camera. */
  handle(command: DeviceCommand, now: number): DeviceEvent[] {
    if (command.serialNo !== this.serialNo) return [];
    this.commands.push(command);
    const previous = this.replies.get(command.commandId);
    if (previous !== undefined) return previous;
    const reply = this.answer(command).map((body) => this.event(now, body));
    this.replies.set(command.commandId, reply);
    return reply;
  }

  /** What the camera says to a command it has not seen before. */
  private answer(command: DeviceCommand): CameraEventBody[] {
    const ack = (result: 'ACCEPTED' | 'REJECTED', reason?: string): CameraEventBody => ({
      type: 'COMMAND_ACK',
      commandId: command.commandId,
      command: command.type as EventBody<'COMMAND_ACK'>['command'],
      result,
      ...(reason === undefined ? {} : { reason }),
    });
    switch (command.type) {
      case 'OPEN_LOCK':
      case 'CLOSE_LOCK': {
        if (!this.locks.has(command.spaceNo)) return [];
        this.lockCommands.push(command);
        if (!this.jammed) this.locks.set(command.spaceNo, command.type === 'OPEN_LOCK' ? 'OPEN' : 'CLOSED');
        return [this.lockState(command.spaceNo)];
      }
      case 'SNAPSHOT': {
        if (command.spaceNo !== undefined && !this.locks.has(command.spaceNo))
          return [ack('REJECTED', 'UNKNOWN_SPACE')];
        return [
          {
            type: 'SNAPSHOT_TAKEN',
            commandId: command.commandId,
            ...(command.spaceNo === undefined ? {} : { spaceNo: command.spaceNo }),
            contentType: 'image/png',
            imageBase64: Buffer.from(SIMULATED_SNAPSHOT_PNG).toString('base64'),
          },
        ];
      }
      case 'RESTART':
        return [ack('ACCEPTED'), { type: 'ONLINE' }];
      case 'SYNC_CLOCK':
        this.clockSetTo = command.time;
        return [ack('ACCEPTED')];
      case 'SYNC_LOCK_STATE': {
        if (command.spaceNo !== undefined && !this.locks.has(command.spaceNo))
          return [ack('REJECTED', 'UNKNOWN_SPACE')];
        const spaces = command.spaceNo === undefined ? this.spaceNos : [command.spaceNo];
        return spaces.map((spaceNo) => this.lockState(spaceNo));
      }
      case 'REFRESH_STATE':
        return [ack('ACCEPTED'), ...this.spaceNos.map((spaceNo) => this.lockState(spaceNo))];
      default:
        return [];
    }
  }

  /** LOCK_STATE of a space: FAULT while jammed, else its state. */
  private lockState(spaceNo: string): CameraEventBody {
    return {
      type: 'LOCK_STATE',
      spaceNo,
      state: this.jammed ? 'FAULT' : (this.locks.get(spaceNo) ?? 'FAULT'),
    };
  }

  private event(at: number, body: CameraEventBody): DeviceEvent {
    return {
      eventId: this.newId(),
      serialNo: this.serialNo,
      occurredAt: new Date(at).toISOString(),
      ...body,
    };
  }
}
