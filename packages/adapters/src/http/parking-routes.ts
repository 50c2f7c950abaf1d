import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import {
  CameraSchema,
  EnabledBody,
  NewCameraSchema,
  NewSpaceSchema,
  SpaceSchema,
  StationFilter,
  cameraView,
  spaceView,
} from './parking-views.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const SpaceParams = z.object({ spaceId: IdParam });
const CameraParams = z.object({ cameraId: IdParam });
const ChargerParams = z.object({ chargerId: IdParam });
const FlagsSchema = z
  .object({ reservable: z.boolean().optional(), chargesOccupancy: z.boolean().optional() })
  .strict();
const FlagsView = z
  .object({ chargerId: z.string(), reservable: z.boolean(), chargesOccupancy: z.boolean() })
  .openapi('ChargerParkingFlags');

/** ASSET-6 parking spaces and cameras, and the chargers' RES-1 / TAR-12 flags. */
export function parkingRoutes(access: AccessRuntime) {
  const createSpace = securedRoute(
    access,
    { permission: 'parking-space:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/parking-spaces',
      tags: ['parking'],
      summary: 'Add a parking space under an enabled area (ASSET-6, ASSET-4 gates)',
      request: { body: { ...jsonBody(NewSpaceSchema, 'the space'), required: true } },
      responses: { 201: jsonBody(SpaceSchema, 'created'), ...errorResponses(400, 404, 409, 422) },
    },
  );
  const listSpaces = securedRoute(
    access,
    { permission: 'parking-space:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/parking-spaces',
      tags: ['parking'],
      summary: 'Parking spaces in scope (ASSET-6)',
      request: { query: StationFilter },
      responses: {
        200: jsonBody(z.object({ items: z.array(SpaceSchema) }), 'spaces'),
        ...errorResponses(400),
      },
    },
  );
  const getSpace = securedRoute(
    access,
    { permission: 'parking-space:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/parking-spaces/{spaceId}',
      tags: ['parking'],
      summary: 'One parking space',
      request: { params: SpaceParams },
      responses: { 200: jsonBody(SpaceSchema, 'the space'), ...errorResponses(404) },
    },
  );
  const toggleSpace = securedRoute(
    access,
    { permission: 'parking-space:toggle', plane: 'tenant' },
    {
      method: 'post',
      path: '/parking-spaces/{spaceId}/status',
      tags: ['parking'],
      summary: 'Enable or disable a space (a disabled space cannot be reserved, ASSET-6)',
      request: { params: SpaceParams, body: { ...jsonBody(EnabledBody, 'the new state'), required: true } },
      responses: { 200: jsonBody(SpaceSchema, 'the space'), ...errorResponses(400, 404) },
    },
  );
  const createCamera = securedRoute(
    access,
    { permission: 'camera:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/cameras',
      tags: ['parking'],
      summary: 'Add a plate camera under an enabled area, watching a left and a right space (ASSET-6)',
      request: { body: { ...jsonBody(NewCameraSchema, 'the camera'), required: true } },
      responses: { 201: jsonBody(CameraSchema, 'created'), ...errorResponses(400, 404, 409, 422) },
    },
  );
  const listCameras = securedRoute(
    access,
    { permission: 'camera:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/cameras',
      tags: ['parking'],
      summary: 'Cameras in scope (ASSET-6)',
      request: { query: StationFilter },
      responses: {
        200: jsonBody(z.object({ items: z.array(CameraSchema) }), 'cameras'),
        ...errorResponses(400),
      },
    },
  );
  const getCamera = securedRoute(
    access,
    { permission: 'camera:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/cameras/{cameraId}',
      tags: ['parking'],
      summary: 'One camera',
      request: { params: CameraParams },
      responses: { 200: jsonBody(CameraSchema, 'the camera'), ...errorResponses(404) },
    },
  );
  const toggleCamera = securedRoute(
    access,
    { permission: 'camera:toggle', plane: 'tenant' },
    {
      method: 'post',
      path: '/cameras/{cameraId}/status',
      tags: ['parking'],
      summary: 'Enable or disable a camera (a disabled camera recognises no plates, ASSET-6)',
      request: { params: CameraParams, body: { ...jsonBody(EnabledBody, 'the new state'), required: true } },
      responses: { 200: jsonBody(CameraSchema, 'the camera'), ...errorResponses(400, 404) },
    },
  );
  const flags = securedRoute(
    access,
    { permission: 'charger:update', plane: 'tenant' },
    {
      method: 'post',
      path: '/chargers/{chargerId}/parking-flags',
      tags: ['parking'],
      summary: 'Set a charger’s reservation flag (RES-1) and occupancy-fee flag (TAR-12)',
      request: {
        params: ChargerParams,
        body: { ...jsonBody(FlagsSchema, 'the flags to set'), required: true },
      },
      responses: { 200: jsonBody(FlagsView, 'the flags'), ...errorResponses(400, 404) },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createSpace, async (c) => {
      const body = c.req.valid('json');
      const space = await tenantOf(c).parking.createSpace({
        areaId: body.areaId,
        name: body.name,
        lockType: body.lockType,
        ...(body.chargerId === undefined ? {} : { chargerId: body.chargerId }),
      });
      return c.json(spaceView(space), 201);
    })
    .openapi(listSpaces, async (c) => {
      const { stationId } = c.req.valid('query');
      const items = await tenantOf(c).parking.listSpaces(stationId === undefined ? {} : { stationId });
      return c.json({ items: items.map(spaceView) }, 200);
    })
    .openapi(getSpace, async (c) =>
      c.json(spaceView(await tenantOf(c).parking.getSpace(c.req.valid('param').spaceId)), 200),
    )
    .openapi(toggleSpace, async (c) => {
      const space = await tenantOf(c).parking.setSpaceEnabled(
        c.req.valid('param').spaceId,
        c.req.valid('json').enabled,
      );
      return c.json(spaceView(space), 200);
    })
    .openapi(createCamera, async (c) => {
      const body = c.req.valid('json');
      const camera = await tenantOf(c).parking.createCamera({
        areaId: body.areaId,
        serialNo: body.serialNo,
        ip: body.ip,
        name: body.name,
        ...(body.sim === undefined ? {} : { sim: body.sim }),
        ...(body.leftSpaceId === undefined ? {} : { leftSpaceId: body.leftSpaceId }),
        ...(body.rightSpaceId === undefined ? {} : { rightSpaceId: body.rightSpaceId }),
      });
      return c.json(cameraView(camera), 201);
    })
    .openapi(listCameras, async (c) => {
      const { stationId } = c.req.valid('query');
      const items = await tenantOf(c).parking.listCameras(stationId === undefined ? {} : { stationId });
      return c.json({ items: items.map(cameraView) }, 200);
    })
    .openapi(getCamera, async (c) =>
      c.json(cameraView(await tenantOf(c).parking.getCamera(c.req.valid('param').cameraId)), 200),
    )
    .openapi(toggleCamera, async (c) => {
      const camera = await tenantOf(c).parking.setCameraEnabled(
        c.req.valid('param').cameraId,
        c.req.valid('json').enabled,
      );
      return c.json(cameraView(camera), 200);
    })
    .openapi(flags, async (c) => {
      const body = c.req.valid('json');
      const result = await tenantOf(c).parking.setChargerFlags(c.req.valid('param').chargerId, {
        ...(body.reservable === undefined ? {} : { reservable: body.reservable }),
        ...(body.chargesOccupancy === undefined ? {} : { chargesOccupancy: body.chargesOccupancy }),
      });
      return c.json(result, 200);
    });
}
