// Camera commands from the back office (SPEC §14 restart, sync clock, snapshot, open/close lock; ASSET-6):
// the camera is read in the caller's scope, a disabled one refuses, a lock command must name one of the
// camera's two spaces; the command goes out on the device command bus and the camera's answer comes
// back as device events (COMMAND_ACK, LOCK_STATE, SNAPSHOT_TAKEN).
import { randomUUID } from 'node:crypto';
import {
  DomainError,
  LOCK_COMMAND_TYPES,
  type CameraCommandType,
  type DeviceCommand,
} from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import type { DeviceCommandBus } from '../kafka/ports.js';
import { ParkingSpaceEntity } from '../persistence/entities/reservations.js';
import type { ParkingAssets } from '../persistence/repositories/parking-assets.js';

/** What an operator asks a camera to do. */
export interface CameraCommandRequest {
  readonly type: CameraCommandType;
  /** The space (its name, the `spaceNo` the camera reports): required for OPEN_LOCK / CLOSE_LOCK. */
  readonly spaceNo?: string;
}

/** A command handed to the bus (accepted, not yet answered). */
export interface CameraCommandSent {
  readonly commandId: string;
  readonly cameraId: string;
  readonly serialNo: string;
  readonly type: CameraCommandType;
  readonly spaceNo: string | null;
  readonly issuedAt: number;
}

/** Sends commands to the cameras of the caller's scope. */
export class CameraCommands {
  constructor(
    private readonly deps: {
      readonly em: EntityManager;
      readonly parking: Pick<ParkingAssets, 'getCamera'>;
      /** Absent when the process has no way to reach devices: DEVICE_COMMANDS_UNAVAILABLE (503). */
      readonly commands: DeviceCommandBus | undefined;
      readonly clock: () => number;
      readonly newId?: () => string;
    },
  ) {}

  /**
   * Validates and sends one command: CAMERA_NOT_FOUND (not in scope), CAMERA_DISABLED (409),
   * CAMERA_SPACE_REQUIRED / CAMERA_SPACE_NOT_WATCHED (422), DEVICE_COMMANDS_UNAVAILABLE (503).
   */
  async send(cameraId: string, request: CameraCommandRequest): Promise<CameraCommandSent> {
    const em = this.deps.em.fork();
    const camera = await this.deps.parking.getCamera(cameraId, em);
    if (!camera.enabled) {
      throw new DomainError('CAMERA_DISABLED', `camera ${camera.serialNo} is disabled`, { cameraId });
    }
    const spaceNo = request.spaceNo ?? null;
    if (spaceNo === null && LOCK_COMMAND_TYPES.includes(request.type)) {
      throw new DomainError('CAMERA_SPACE_REQUIRED', `${request.type} names the space of its lock`, {
        type: request.type,
      });
    }
    if (spaceNo !== null) {
      const ids = [camera.leftSpaceId, camera.rightSpaceId].filter((id): id is string => id !== null);
      const watched = ids.length === 0 ? [] : await em.find(ParkingSpaceEntity, { id: { $in: ids } });
      if (!watched.some((space) => space.name === spaceNo)) {
        throw new DomainError(
          'CAMERA_SPACE_NOT_WATCHED',
          `camera ${camera.serialNo} does not watch ${spaceNo}`,
          {
            cameraId,
            spaceNo,
            watched: watched.map((space) => space.name),
          },
        );
      }
    }
    const bus = this.deps.commands;
    if (bus === undefined) {
      throw new DomainError('DEVICE_COMMANDS_UNAVAILABLE', 'this process has no device command bus', {});
    }
    const issuedAt = this.deps.clock();
    const commandId = `cam-${(this.deps.newId ?? randomUUID)()}`;
    await bus.send(deviceCommand(request.type, spaceNo, { commandId, serialNo: camera.serialNo, issuedAt }));
    return { commandId, cameraId, serialNo: camera.serialNo, type: request.type, spaceNo, issuedAt };
  }
}

/** The SPEC §14 command of a camera request (SYNC_CLOCK carries the platform's time). */
function deviceCommand(
  type: CameraCommandType,
  spaceNo: string | null,
  at: { readonly commandId: string; readonly serialNo: string; readonly issuedAt: number },
): DeviceCommand {
  const issued = new Date(at.issuedAt).toISOString();
  const envelope = { commandId: at.commandId, serialNo: at.serialNo, issuedAt: issued };
  const space = spaceNo === null ? {} : { spaceNo };
  switch (type) {
    case 'RESTART':
    case 'REFRESH_STATE':
      return { ...envelope, type };
    case 'SYNC_CLOCK':
      return { ...envelope, type, time: issued };
    case 'SNAPSHOT':
    case 'SYNC_LOCK_STATE':
      return { ...envelope, type, ...space };
    case 'OPEN_LOCK':
    case 'CLOSE_LOCK':
      return { ...envelope, type, spaceNo: spaceNo ?? '' };
  }
}
