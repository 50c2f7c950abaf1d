import { z } from 'zod';

/** Device commands (SPEC §14): what the platform asks a device to do; the reply comes back as an event. */
const envelope = {
  commandId: z.string().min(1).max(128),
  serialNo: z.string().min(1).max(64),
  issuedAt: z.iso.datetime({ offset: true }),
};
const connectorNo = z.number().int().min(1).max(255);
const orderNo = z.string().min(1).max(64);

export const DeviceCommandSchema = z.discriminatedUnion('type', [
  z.object({
    ...envelope,
    type: z.literal('START_CHARGING'),
    connectorNo,
    orderNo,
    /** Balance the charger may spend, decimal CNY (e.g. "50.00"); absent for unlimited (operator start). */
    limitCny: z
      .string()
      .regex(/^\d+\.\d{2}$/)
      .optional(),
  }),
  z.object({ ...envelope, type: z.literal('STOP_CHARGING'), connectorNo, orderNo }),
  /**
   * The answer to a card swipe that cannot start a session (CARD-3, ORD-1): the reader shows why.
   * A swipe that starts one is answered by START_CHARGING itself.
   */
  z.object({
    ...envelope,
    type: z.literal('CARD_REJECTED'),
    connectorNo,
    cardNo: z.string().min(1).max(64),
    /** A stable code: CARD_NOT_FOUND, CARD_DISABLED, CARD_LOST, CARD_EXPIRED, CARD_STATION_NOT_BOUND, ORDER_START_NO_BALANCE, … */
    reason: z.string().min(1).max(64),
    message: z.string().min(1).max(200),
  }),
  z.object({ ...envelope, type: z.literal('RESTART') }),
  z.object({ ...envelope, type: z.literal('SYNC_CLOCK'), time: z.iso.datetime({ offset: true }) }),
  z.object({ ...envelope, type: z.literal('SYNC_QR_CODE'), connectorNo, url: z.url() }),
  z.object({
    ...envelope,
    type: z.literal('SYNC_TARIFF'),
    tariffId: z.string().min(1),
    version: z.number().int().min(1),
    /** The tariff in the charger's own form (e.g. the YKC 48-slot form), as produced by core. */
    payload: z.record(z.string(), z.unknown()),
  }),
  z.object({ ...envelope, type: z.literal('SYNC_HOTLINE'), phone: z.string().min(3).max(32) }),
  z.object({ ...envelope, type: z.literal('OPEN_LOCK'), spaceNo: z.string().min(1) }),
  z.object({ ...envelope, type: z.literal('CLOSE_LOCK'), spaceNo: z.string().min(1) }),
  z.object({ ...envelope, type: z.literal('SNAPSHOT'), spaceNo: z.string().min(1).optional() }),
  /** A camera reports a ground lock's state now (one space, or every space it drives), as LOCK_STATE. */
  z.object({ ...envelope, type: z.literal('SYNC_LOCK_STATE'), spaceNo: z.string().min(1).optional() }),
  /** A device reports its whole state now (a camera: COMMAND_ACK and a LOCK_STATE per space). */
  z.object({ ...envelope, type: z.literal('REFRESH_STATE') }),
]);

/** The commands an operator may send to a camera over HTTP (SPEC §14, ASSET-6). */
export const CAMERA_COMMAND_TYPES = [
  'RESTART',
  'SYNC_CLOCK',
  'SNAPSHOT',
  'SYNC_LOCK_STATE',
  'REFRESH_STATE',
  'OPEN_LOCK',
  'CLOSE_LOCK',
] as const;
/** A camera command kind. */
export type CameraCommandType = (typeof CAMERA_COMMAND_TYPES)[number];
/** Camera commands that act on one ground lock and so name its space. */
export const LOCK_COMMAND_TYPES: readonly CameraCommandType[] = ['OPEN_LOCK', 'CLOSE_LOCK'];

/** A validated device command. */
export type DeviceCommand = z.output<typeof DeviceCommandSchema>;
