import { z } from '@hono/zod-openapi';
import { IdParam, NameSchema, SerialSchema, iso } from './asset-views.js';
import type {
  CameraRecord,
  ParkingSpaceRecord,
  WhitelistRecord,
} from '../persistence/repositories/parking-records.js';

// Request and response shapes of the ASSET-6 (spaces, cameras) and RES-4 (whitelist) routes.

/** No control characters (a refinement, not a pattern: the document stays generator-friendly). */
const noControl = (s: string) => !/\p{Cc}/u.test(s);

/** A space number as the camera reports it: 1 … 64 characters, no control characters. */
const SpaceNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(noControl, 'no control characters')
  .openapi({ example: 'A-001' });
/** A mainland plate (RES-4): province character, letter, 5 (fuel) or 6 (new-energy) letters/digits. */
export const PlateSchema = z
  .string()
  .trim()
  .regex(
    /^[\u4e00-\u9fa5][A-Za-z][A-Za-z0-9]{5,6}$/,
    'a mainland plate: 7 (fuel) or 8 (new-energy) characters',
  )
  .openapi({ example: '浙AD12345' });

export const NewSpaceSchema = z
  .object({
    areaId: IdParam,
    name: SpaceNameSchema,
    lockType: z.enum(['NONE', 'GROUND_LOCK']).default('GROUND_LOCK'),
    chargerId: IdParam.optional(),
  })
  .strict();

export const SpaceSchema = z
  .object({
    id: z.string(),
    stationId: z.string(),
    areaId: z.string(),
    name: z.string(),
    lockType: z.enum(['NONE', 'GROUND_LOCK']),
    chargerId: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('ParkingSpace');

/** An IPv4 or IPv6 address. */
const IpSchema = z.union([z.ipv4(), z.ipv6()]).openapi({ example: '192.168.1.20' });

export const NewCameraSchema = z
  .object({
    areaId: IdParam,
    serialNo: SerialSchema,
    ip: IpSchema,
    name: NameSchema,
    sim: z
      .string()
      .regex(/^[0-9A-Za-z]{1,32}$/)
      .optional(),
    leftSpaceId: IdParam.optional(),
    rightSpaceId: IdParam.optional(),
  })
  .strict();

export const CameraSchema = z
  .object({
    id: z.string(),
    stationId: z.string(),
    areaId: z.string(),
    serialNo: z.string(),
    ip: z.string(),
    name: z.string(),
    sim: z.string().nullable(),
    leftSpaceId: z.string().nullable(),
    rightSpaceId: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Camera');

const RemarkSchema = z.string().trim().max(200).refine(noControl, 'no control characters');

export const NewWhitelistSchema = z
  .object({ stationId: IdParam, plate: PlateSchema, remark: RemarkSchema.default('') })
  .strict();
export const WhitelistPatchSchema = z
  .object({ remark: RemarkSchema.optional(), enabled: z.boolean().optional() })
  .strict();

export const WhitelistSchema = z
  .object({
    id: z.string(),
    stationId: z.string(),
    plate: z.string(),
    remark: z.string(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('WhitelistEntry');

export const StationFilter = z.object({ stationId: IdParam.optional() });
export const EnabledBody = z.object({ enabled: z.boolean() }).strict();

export const spaceView = (s: ParkingSpaceRecord): z.infer<typeof SpaceSchema> => ({
  ...s,
  createdAt: iso(s.createdAt),
});
export const cameraView = (c: CameraRecord): z.infer<typeof CameraSchema> => ({
  ...c,
  createdAt: iso(c.createdAt),
});
export const whitelistView = (w: WhitelistRecord): z.infer<typeof WhitelistSchema> => ({
  ...w,
  createdAt: iso(w.createdAt),
});
