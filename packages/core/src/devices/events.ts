import { z } from 'zod';

/**
 * Device events (SPEC §14): what chargers, e-bike boxes, cameras and locks report. Every event
 * carries an id (for de-duplication), the device serial, the device's timestamp and, where relevant,
 * the connector and order no. Energy is cumulative integer Wh (never a float); electrical readings
 * (V, A, W) are measurements, not money, and stay plain numbers.
 */
/** Identifiers and texts on the wire: bounded, and never a control character (a NUL would reach SQL text). */
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, 'no control characters');
/** Largest cumulative meter reading accepted: 10^12 Wh (1 TWh), far beyond a charger's lifetime. */
export const MAX_METER_WH = 1_000_000_000_000;
const envelope = {
  eventId: text(128),
  serialNo: text(64),
  occurredAt: z.iso.datetime({ offset: true }),
};
const connectorNo = z.number().int().min(1).max(255);
const orderNo = text(64);
const wattHours = z.number().int().min(0).max(MAX_METER_WH);
/** Largest snapshot image accepted, decoded: 512 KiB, so the event stays well under Kafka's 1 MiB message limit. */
export const MAX_SNAPSHOT_BYTES = 512 * 1024;
/** Base64 length of MAX_SNAPSHOT_BYTES (4 characters per started 3 bytes). */
const MAX_SNAPSHOT_BASE64 = Math.ceil(MAX_SNAPSHOT_BYTES / 3) * 4;
/** How each image type's base64 starts (its magic bytes: PNG 89 50 4E 47 0D 0A 1A 0A, JPEG FF D8 FF). */
const IMAGE_PREFIX = { 'image/png': 'iVBORw0KGgo', 'image/jpeg': '/9j/' } as const;
/** Command kinds a device acknowledges with COMMAND_ACK. */
const ACKNOWLEDGED = z.enum(['RESTART', 'SYNC_CLOCK', 'SYNC_LOCK_STATE', 'REFRESH_STATE', 'SNAPSHOT']);

export const DeviceEventSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('ONLINE') }),
  z.object({ ...envelope, type: z.literal('OFFLINE') }),
  z.object({ ...envelope, type: z.literal('HEARTBEAT') }),
  z.object({
    ...envelope,
    type: z.literal('CONNECTOR_STATUS'),
    connectorNo,
    status: z.enum(['AVAILABLE', 'PLUGGED', 'CHARGING', 'FAULTED', 'UNAVAILABLE']),
  }),
  z.object({
    ...envelope,
    type: z.literal('START_ACCEPTED'),
    connectorNo,
    orderNo,
    meterWh: wattHours.optional(),
  }),
  z.object({
    ...envelope,
    type: z.literal('START_REJECTED'),
    connectorNo,
    orderNo,
    reason: text(200),
  }),
  z.object({
    ...envelope,
    type: z.literal('METER_SAMPLE'),
    connectorNo,
    orderNo,
    meterWh: wattHours,
    powerW: z.number().min(0).max(10_000_000),
    currentA: z.number().min(0).max(100_000).optional(),
    voltageV: z.number().min(0).max(100_000).optional(),
    soc: z.number().int().min(0).max(100).optional(),
  }),
  z.object({
    ...envelope,
    type: z.literal('STOPPED'),
    connectorNo,
    orderNo,
    meterWh: wattHours,
    reason: z.enum([
      'USER',
      'OPERATOR',
      'PREPAY_EXHAUSTED',
      'AUTO_STOP',
      'TARGET_REACHED',
      'FAULT',
      'UNPLUGGED',
      'OTHER',
    ]),
  }),
  z.object({ ...envelope, type: z.literal('CARD_SWIPED'), connectorNo, cardNo: text(64) }),
  z.object({
    ...envelope,
    type: z.literal('PLATE_RECOGNISED'),
    spaceNo: text(64),
    plate: text(8).min(7),
    plateColour: z.enum(['GREEN', 'BLUE', 'YELLOW', 'WHITE', 'BLACK', 'OTHER']),
    direction: z.enum(['ENTER', 'LEAVE']),
  }),
  z.object({
    ...envelope,
    type: z.literal('LOCK_STATE'),
    spaceNo: text(64),
    state: z.enum(['OPEN', 'CLOSED', 'FAULT']),
  }),
  /** A camera's answer to SNAPSHOT: one still image, base64, at most MAX_SNAPSHOT_BYTES decoded. */
  z
    .object({
      ...envelope,
      type: z.literal('SNAPSHOT_TAKEN'),
      commandId: text(128),
      spaceNo: text(64).optional(),
      contentType: z.enum(['image/png', 'image/jpeg']),
      imageBase64: z
        .string()
        .min(8)
        .max(MAX_SNAPSHOT_BASE64)
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64')
        .refine((value) => value.length % 4 === 0, 'base64 length is a multiple of 4'),
    })
    .refine((event) => event.imageBase64.startsWith(IMAGE_PREFIX[event.contentType]), {
      message: 'the image does not match its contentType',
      path: ['imageBase64'],
    }),
  /** A device's answer to a command that changes no business state (restart, clock, refresh). */
  z.object({
    ...envelope,
    type: z.literal('COMMAND_ACK'),
    commandId: text(128),
    command: ACKNOWLEDGED,
    result: z.enum(['ACCEPTED', 'REJECTED']),
    reason: text(200).optional(),
  }),
  z.object({
    ...envelope,
    type: z.literal('ALARM'),
    connectorNo: connectorNo.optional(),
    code: text(64),
    severity: z.enum(['INFO', 'WARNING', 'CRITICAL']),
    message: z.string().max(500),
  }),
  z.object({
    ...envelope,
    type: z.literal('VEHICLE_TELEMETRY'),
    frameNo: text(64),
    state: z.enum(['PARKED', 'MOVING', 'CHARGING', 'OFFLINE']),
    batteryPercent: z.number().int().min(0).max(100),
    position: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
    odometerM: z.number().int().min(0).max(MAX_METER_WH),
  }),
]);

/** A validated device event. */
export type DeviceEvent = z.output<typeof DeviceEventSchema>;
/** The kinds of device event. */
export type DeviceEventType = DeviceEvent['type'];
/** All device event kinds, in SPEC §14 order. */
export const DEVICE_EVENT_TYPES = DeviceEventSchema.options.map((option) => option.shape.type.value);
