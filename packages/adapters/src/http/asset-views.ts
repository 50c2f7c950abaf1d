import { z } from '@hono/zod-openapi';
import { ErrorSchema } from './errors.js';
import { MoneySchema, money } from './money-view.js';
import type {
  AreaRecord,
  ChargerRecord,
  ConnectorRecord,
  StationRecord,
} from '../persistence/repositories/asset-records.js';

// Response shapes of the asset routes (ASSET-1, 4, 5); instants are ISO 8601 UTC.

/** A name: trimmed, 1 … 128 characters (a name of spaces only is refused). */
export const NameSchema = z.string().trim().min(1).max(128);
/** An id in a path or body (UUIDs and the seed's fixed ids): 1 … 36 characters. */
export const IdParam = z.string().min(1).max(36);
/** A device's factory serial (SPEC §14): 1 … 64 printable ASCII characters without spaces. */
export const SerialSchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,64}$/, '1 … 64 printable ASCII characters without spaces')
  .openapi({ example: 'CF-DEMO-DC01' });

export const StationSchema = z
  .object({
    id: z.string(),
    propertyId: z.string(),
    kind: z.enum(['CAR', 'EBIKE']),
    name: z.string(),
    timezone: z.string(),
    /** ORD-1: the largest prepay an app start may pay here. */
    maxPrepay: MoneySchema,
    enabled: z.boolean(),
    auditStatus: z.string(),
    address: z.string().nullable(),
    hotline: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Station');

export const AreaSchema = z
  .object({
    id: z.string(),
    stationId: z.string(),
    name: z.string(),
    isDefault: z.boolean(),
    enabled: z.boolean(),
  })
  .openapi('Area');

export const ChargerSchema = z
  .object({
    id: z.string(),
    stationId: z.string(),
    areaId: z.string(),
    serialNo: z.string(),
    name: z.string(),
    model: z.string().nullable(),
    ratedPowerW: z.number().int().nullable(),
    enabled: z.boolean(),
  })
  .openapi('Charger');

export const ConnectorSchema = z
  .object({
    id: z.string(),
    chargerId: z.string(),
    connectorNo: z.string(),
    kind: z.enum(['GUN', 'SOCKET']),
    enabled: z.boolean(),
  })
  .openapi('Connector');

/** ISO 8601 of an epoch-ms instant. */
export const iso = (at: number): string => new Date(at).toISOString();

export const stationView = (s: StationRecord): z.infer<typeof StationSchema> => ({
  ...s,
  maxPrepay: money(s.maxPrepay),
  createdAt: iso(s.createdAt),
});
export const areaView = (a: AreaRecord): z.infer<typeof AreaSchema> => ({ ...a });
export const chargerView = (c: ChargerRecord): z.infer<typeof ChargerSchema> => ({ ...c });
export const connectorView = (c: ConnectorRecord): z.infer<typeof ConnectorSchema> => ({ ...c });

/** A JSON body of the given schema (for createRoute). */
export const jsonBody = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** Drops undefined properties (zod's optional output) so objects fit exactOptionalPropertyTypes inputs. */
export function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** Standard error answers of a route, documented with the shared error body. */
export const errorResponses = (...statuses: ReadonlyArray<400 | 404 | 409 | 422 | 503>) =>
  Object.fromEntries(statuses.map((s) => [s, jsonBody(ErrorSchema, ERROR_TEXT[s])])) as Record<
    number,
    ReturnType<typeof jsonBody<typeof ErrorSchema>>
  >;

const ERROR_TEXT = {
  400: 'VALIDATION_FAILED: the request does not match the schema (details.issues name the fields)',
  404: 'a referenced resource does not exist (…_NOT_FOUND)',
  409: 'conflicts with the current state (taken serial, disabled parent, order not active, …)',
  422: 'a business rule refuses it (tariff rules, ORD-1 start preconditions, …)',
  503: 'the process lacks what the operation needs (…_UNAVAILABLE: no device command bus, no snapshot store)',
} as const;
