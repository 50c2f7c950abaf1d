// Simulated parking cameras (with the ground locks of their spaces) in the platform's own process:
// the pure CameraSimulation (the same one the Kafka camera simulator runs) answering lock commands
// directly, its events handed to the in-process event path like the chargers' (RES-2, §14).
import { randomUUID } from 'node:crypto';
import type { DeviceCommand, DeviceEvent } from '@chargeflow/core';
import { CameraSimulation, type PlateSighting } from '../simulator/camera.js';

/** One simulated camera: its serial and the one or two spaces (their `spaceNo`s) it watches. */
export interface FleetCamera {
  readonly serialNo: string;
  readonly spaceNos: readonly string[];
}

/** The local stack's cameras: `handle` takes their commands, `sight` makes one see a plate. */
export class InProcessCameras {
  private readonly cameras = new Map<string, CameraSimulation>();

  constructor(
    cameras: readonly FleetCamera[],
    private readonly emit: (serialNo: string, events: readonly DeviceEvent[]) => void,
    newId: () => string = randomUUID,
    private readonly realNow: () => number = Date.now,
  ) {
    for (const camera of cameras) {
      if (this.cameras.has(camera.serialNo)) throw new RangeError(`camera ${camera.serialNo} twice`);
      this.cameras.set(camera.serialNo, new CameraSimulation(camera.serialNo, camera.spaceNos, newId));
    }
  }

  /** The serials of the cameras. */
  get serials(): readonly string[] {
    return [...this.cameras.keys()];
  }

  /** Delivers a (validated) command to its camera; false when no camera has the serial. */
  handle(command: DeviceCommand): boolean {
    const camera = this.cameras.get(command.serialNo);
    if (camera === undefined) return false;
    const events = camera.handle(command, this.realNow());
    if (events.length > 0) this.emit(command.serialNo, events);
    return true;
  }

  /** The camera sees a plate enter or leave one of its spaces at device time `at` (default now). */
  sight(serialNo: string, sighting: PlateSighting, at = this.realNow()): DeviceEvent {
    const camera = this.cameras.get(serialNo);
    if (camera === undefined) throw new RangeError(`no in-process camera ${serialNo}`);
    const event = camera.sight(sighting, at);
    this.emit(serialNo, [event]);
    return event;
  }

  /** The lock state of a space a camera watches. */
  lockOf(serialNo: string, spaceNo: string): 'OPEN' | 'CLOSED' | 'FAULT' | undefined {
    return this.cameras.get(serialNo)?.lockOf(spaceNo);
  }
}
