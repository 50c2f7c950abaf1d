import type { DeviceCommand, DeviceEvent } from '@chargeflow/core';

/** A plate as the camera reads it (SPEC §14 PLATE_RECOGNISED). */
export interface PlateSighting {
  readonly spaceNo: string;
  readonly plate: string;
  readonly plateColour: 'GREEN' | 'BLUE' | 'YELLOW' | 'WHITE' | 'BLACK' | 'OTHER';
  readonly direction: 'ENTER' | 'LEAVE';
}

/** A lock command the camera received (OPEN_LOCK / CLOSE_LOCK). */
export type LockCommandReceived = Extract<DeviceCommand, { type: 'OPEN_LOCK' | 'CLOSE_LOCK' }>;

/**
 * One simulated parking camera (ASSET-6, SPEC §14), pure: it watches a left and a right space, reports
 * plates entering and leaving them, and drives the ground lock of each space. A lock command for one
 * of its spaces is answered with LOCK_STATE (OPEN / CLOSED, or FAULT when `jammed`); a repeated
 * command (same commandId) gets the same reply, same event id. Commands for other spaces are ignored.
 */
export class CameraSimulation {
  private readonly replies = new Map<string, DeviceEvent[]>();
  private readonly locks = new Map<string, 'OPEN' | 'CLOSED' | 'FAULT'>();
  /** Every lock command received, in arrival order (what the lock controller saw). */
  readonly lockCommands: LockCommandReceived[] = [];
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
    const previous = this.replies.get(command.commandId);
    if (previous !== undefined) return previous;
    let reply: DeviceEvent[] = [];
    if ((command.type === 'OPEN_LOCK' || command.type === 'CLOSE_LOCK') && this.locks.has(command.spaceNo)) {
      this.lockCommands.push(command);
      if (!this.jammed) this.locks.set(command.spaceNo, command.type === 'OPEN_LOCK' ? 'OPEN' : 'CLOSED');
      const state = this.jammed ? 'FAULT' : (this.locks.get(command.spaceNo) ?? 'FAULT');
      reply = [this.event(now, { type: 'LOCK_STATE', spaceNo: command.spaceNo, state })];
    }
    this.replies.set(command.commandId, reply);
    return reply;
  }

  private event(
    at: number,
    body:
      | Omit<Extract<DeviceEvent, { type: 'PLATE_RECOGNISED' }>, 'eventId' | 'serialNo' | 'occurredAt'>
      | Omit<Extract<DeviceEvent, { type: 'LOCK_STATE' }>, 'eventId' | 'serialNo' | 'occurredAt'>,
  ): DeviceEvent {
    return {
      eventId: this.newId(),
      serialNo: this.serialNo,
      occurredAt: new Date(at).toISOString(),
      ...body,
    };
  }
}
