// Request and response shapes of the camera command and snapshot routes (SPEC §14, ASSET-6).
import { z } from '@hono/zod-openapi';
import { CAMERA_COMMAND_TYPES, LOCK_COMMAND_TYPES, MAX_SNAPSHOT_BYTES } from '@chargeflow/core';
import type { CameraCommandSent } from '../cameras/camera-commands.js';
import type { SnapshotMeta } from '../cameras/snapshot-store.js';

const SPACE_COMMANDS: readonly string[] = [...LOCK_COMMAND_TYPES, 'SNAPSHOT', 'SYNC_LOCK_STATE'];

/** `POST /cameras/{cameraId}/commands`: lock commands name the space; only space commands may. */
export const CameraCommandBody = z
  .object({
    type: z.enum(CAMERA_COMMAND_TYPES),
    spaceNo: z.string().min(1).max(64).optional().openapi({ description: 'the space name (its spaceNo)' }),
  })
  .strict()
  .refine((body) => body.spaceNo !== undefined || !LOCK_COMMAND_TYPES.includes(body.type), {
    message: 'OPEN_LOCK and CLOSE_LOCK name the space of the lock',
    path: ['spaceNo'],
  })
  .refine((body) => body.spaceNo === undefined || SPACE_COMMANDS.includes(body.type), {
    message: 'only lock, snapshot and lock-state commands name a space',
    path: ['spaceNo'],
  })
  .openapi('CameraCommandRequest');

export const CameraCommandSchema = z
  .object({
    commandId: z.string(),
    cameraId: z.string(),
    serialNo: z.string(),
    type: z.enum(CAMERA_COMMAND_TYPES),
    spaceNo: z.string().nullable(),
    issuedAt: z.iso.datetime(),
  })
  .openapi('CameraCommand');

/** The accepted command (the camera answers later with device events). */
export const cameraCommandView = (sent: CameraCommandSent): z.output<typeof CameraCommandSchema> => ({
  ...sent,
  issuedAt: new Date(sent.issuedAt).toISOString(),
});

export const SnapshotSchema = z
  .object({
    id: z.string(),
    cameraId: z.string(),
    serialNo: z.string(),
    stationId: z.string(),
    spaceNo: z.string().nullable(),
    commandId: z.string(),
    contentType: z.enum(['image/png', 'image/jpeg']),
    sizeBytes: z.number().int().min(0).max(MAX_SNAPSHOT_BYTES),
    takenAt: z.iso.datetime(),
  })
  .openapi('CameraSnapshot');

/** A snapshot record without its bytes (`GET /snapshots/{id}/image` serves them). */
export const snapshotView = (meta: SnapshotMeta): z.output<typeof SnapshotSchema> => ({
  id: meta.id,
  cameraId: meta.cameraId,
  serialNo: meta.serialNo,
  stationId: meta.stationId,
  spaceNo: meta.spaceNo,
  commandId: meta.commandId,
  contentType: meta.contentType,
  sizeBytes: meta.sizeBytes,
  takenAt: new Date(meta.takenAt).toISOString(),
});

export const SnapshotListQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(20) })
  .strict();
