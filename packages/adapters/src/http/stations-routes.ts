import { DomainError, PrepayTextSchema, parseCny } from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AreaSchema,
  StationSchema,
  IdParam,
  NameSchema,
  areaView,
  defined,
  errorResponses,
  jsonBody,
  stationView,
} from './asset-views.js';
import { validationHook } from './errors.js';
import { EnabledSchema } from './list-query.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

/** An IANA time zone name the runtime knows. */
export const TimeZoneSchema = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/, 'an IANA time zone such as Asia/Shanghai')
  .openapi({
    description: 'an IANA time zone the server knows, e.g. Asia/Shanghai',
    example: 'Asia/Shanghai',
  })
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'an IANA time zone such as Asia/Shanghai' },
  );

const NewStationSchema = z
  .object({
    propertyId: IdParam,
    name: NameSchema,
    kind: z.enum(['CAR', 'EBIKE']).default('CAR'),
    timezone: TimeZoneSchema.default('Asia/Shanghai'),
    address: z.string().trim().max(255).optional(),
    hotline: z.string().trim().max(32).optional(),
    enabled: z.boolean().optional(),
    /** ORD-1: the largest prepay an app start may pay here; 1000.00 CNY when absent. */
    maxPrepay: PrepayTextSchema.optional().openapi({
      description: 'the largest prepay of an app start here, 0.01 … 100000.00 CNY; default 1000.00',
    }),
  })
  .openapi('NewStation');

const StationParams = z.object({ stationId: IdParam });

/** Stations and their areas (ASSET-1, ASSET-4), in the caller's tenant and scope (ORG-1). */
export function stationsRoutes(access: AccessRuntime) {
  const createStation = securedRoute(
    access,
    { permission: 'station:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/stations',
      tags: ['assets'],
      summary: 'Create a station and its default area (ASSET-1)',
      request: { body: { ...jsonBody(NewStationSchema, 'the station'), required: true } },
      responses: {
        201: jsonBody(z.object({ station: StationSchema, defaultArea: AreaSchema }), 'created'),
        ...errorResponses(400, 404, 409),
      },
    },
  );

  const listStations = securedRoute(
    access,
    { permission: 'station:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/stations',
      tags: ['assets'],
      summary: 'List stations',
      responses: { 200: jsonBody(z.object({ items: z.array(StationSchema) }), 'stations by name') },
    },
  );

  const getStation = securedRoute(
    access,
    { permission: 'station:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/stations/{stationId}',
      tags: ['assets'],
      summary: 'One station',
      request: { params: StationParams },
      responses: { 200: jsonBody(StationSchema, 'the station'), ...errorResponses(404) },
    },
  );

  const createArea = securedRoute(
    access,
    { permission: 'area:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/stations/{stationId}/areas',
      tags: ['assets'],
      summary: 'Add an area to an enabled station (ASSET-4)',
      request: {
        params: StationParams,
        body: { ...jsonBody(z.object({ name: NameSchema }), 'the area'), required: true },
      },
      responses: { 201: jsonBody(AreaSchema, 'created'), ...errorResponses(400, 404, 409) },
    },
  );

  const listAreas = securedRoute(
    access,
    { permission: 'area:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/stations/{stationId}/areas',
      tags: ['assets'],
      summary: 'Areas of a station, default first',
      request: { params: StationParams },
      responses: { 200: jsonBody(z.object({ items: z.array(AreaSchema) }), 'areas'), ...errorResponses(404) },
    },
  );

  const Enabled = jsonBody(EnabledSchema, 'the flag');

  const toggleStation = securedRoute(
    access,
    { permission: 'station:toggle', plane: 'tenant' },
    {
      method: 'put',
      path: '/stations/{stationId}/enabled',
      tags: ['assets'],
      summary: 'Enable or disable a station: a disabled one gets no new area or charger (ASSET-4, ORG-8)',
      request: { params: StationParams, body: { ...Enabled, required: true } },
      responses: { 200: jsonBody(StationSchema, 'the station'), ...errorResponses(400, 404) },
    },
  );

  const toggleArea = securedRoute(
    access,
    { permission: 'area:toggle', plane: 'tenant' },
    {
      method: 'put',
      path: '/areas/{areaId}/enabled',
      tags: ['assets'],
      summary: 'Enable or disable an area: a disabled one gets no new charger (ASSET-4, ORG-8)',
      request: { params: z.object({ areaId: IdParam }), body: { ...Enabled, required: true } },
      responses: { 200: jsonBody(AreaSchema, 'the area'), ...errorResponses(400, 404) },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(toggleStation, async (c) => {
      const { stationId } = c.req.valid('param');
      const station = await tenantOf(c).assets.setStationEnabled(stationId, c.req.valid('json').enabled);
      return c.json(stationView(station), 200);
    })
    .openapi(toggleArea, async (c) => {
      const area = await tenantOf(c).assets.setAreaEnabled(
        c.req.valid('param').areaId,
        c.req.valid('json').enabled,
      );
      return c.json(areaView(area), 200);
    })
    .openapi(createStation, async (c) => {
      const { maxPrepay, ...body } = c.req.valid('json');
      try {
        const { station, defaultArea } = await tenantOf(c).assets.createStation({
          ...defined(body),
          ...(maxPrepay === undefined ? {} : { maxPrepay: parseCny(maxPrepay) }),
        });
        return c.json({ station: stationView(station), defaultArea: areaView(defaultArea) }, 201);
      } catch (error) {
        if ((error as { name?: unknown }).name === 'ForeignKeyConstraintViolationException') {
          throw new DomainError('PROPERTY_NOT_FOUND', `no property ${body.propertyId}`, {
            propertyId: body.propertyId,
          });
        }
        throw error;
      }
    })
    .openapi(listStations, async (c) =>
      c.json({ items: (await tenantOf(c).assets.listStations()).map(stationView) }, 200),
    )
    .openapi(getStation, async (c) =>
      c.json(stationView(await tenantOf(c).assets.getStation(c.req.valid('param').stationId)), 200),
    )
    .openapi(createArea, async (c) => {
      const area = await tenantOf(c).assets.createArea({
        stationId: c.req.valid('param').stationId,
        ...c.req.valid('json'),
      });
      return c.json(areaView(area), 201);
    })
    .openapi(listAreas, async (c) => {
      const { stationId } = c.req.valid('param');
      const { assets } = tenantOf(c);
      await assets.getStation(stationId);
      return c.json({ items: (await assets.listAreas(stationId)).map(areaView) }, 200);
    });
}
