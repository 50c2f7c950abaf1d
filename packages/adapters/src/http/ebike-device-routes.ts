import { OpenAPIHono, z } from '@hono/zod-openapi';
import {
  ChargerSchema,
  IdParam,
  SerialSchema,
  chargerView,
  errorResponses,
  jsonBody,
} from './asset-views.js';
import { validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const SerialParams = z.object({ serialNo: SerialSchema });
const AreaParams = z.object({ areaId: IdParam });

/** A calendar date 2000-01-01 … 2099-12-31. */
const DateSchema = z.iso
  .date()
  .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'a date in 2000 … 2099')
  .openapi({ example: '2026-03-01' });

/**
 * ASSET-7 nameplate bounds (docs/ebike.md; repeated as CHECKs by migration 0008): power 1 W …
 * 100 kW, voltage 1 … 1000 V, currents in mA 1 … 500 000 (500 A), lower limit 0 … below the upper,
 * 1 … 255 sockets, production and deployment dates in 2000 … 2099 with deployment not before
 * production, location 1 … 255 characters.
 */
const NameplateSchema = z
  .object({
    ratedPowerW: z.number().int().min(1).max(100_000),
    ratedVoltageV: z.number().int().min(1).max(1000),
    ratedCurrentMa: z.number().int().min(1).max(500_000),
    currentUpperLimitMa: z.number().int().min(1).max(500_000),
    currentLowerLimitMa: z.number().int().min(0).max(499_999),
    socketCount: z.number().int().min(1).max(255),
    productionDate: DateSchema,
    deploymentDate: DateSchema,
    location: z.string().trim().min(1).max(255),
  })
  .strict()
  .refine((n) => n.currentLowerLimitMa < n.currentUpperLimitMa, {
    message: 'the lower current limit is below the upper',
    path: ['currentLowerLimitMa'],
  })
  .refine((n) => n.deploymentDate >= n.productionDate, {
    message: 'deployed on or after production',
    path: ['deploymentDate'],
  })
  .openapi('EbikeNameplate');

const EbikeDeviceSchema = z
  .object({ device: ChargerSchema, nameplate: NameplateSchema.nullable() })
  .openapi('EbikeDevice');

/**
 * ASSET-7: an e-bike device's nameplate (read and write), deleting e-bike devices and areas. A
 * delete is refused while an order holds a socket (EBIKE_ASSET_BUSY, 409) and releases the serials
 * in the platform device registry.
 */
export function ebikeDeviceRoutes(access: AccessRuntime) {
  const getDevice = securedRoute(
    access,
    { permission: 'charger:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/chargers/{serialNo}/ebike-device',
      tags: ['assets'],
      summary:
        'A device with its e-bike nameplate (ASSET-7; null until written, and on a car charger, which has none)',
      request: { params: SerialParams },
      responses: { 200: jsonBody(EbikeDeviceSchema, 'the device'), ...errorResponses(404) },
    },
  );
  const putNameplate = securedRoute(
    access,
    { permission: 'charger:update', plane: 'tenant' },
    {
      method: 'put',
      path: '/chargers/{serialNo}/ebike-device',
      tags: ['assets'],
      summary:
        'Write an e-bike device nameplate: rated power/voltage/current, current limits, socket count, production and deployment dates, location (ASSET-7)',
      request: {
        params: SerialParams,
        body: { ...jsonBody(NameplateSchema, 'the nameplate'), required: true },
      },
      responses: { 200: jsonBody(EbikeDeviceSchema, 'the device'), ...errorResponses(400, 404, 409) },
    },
  );
  const deleteDevice = securedRoute(
    access,
    { permission: 'charger:delete', plane: 'tenant' },
    {
      method: 'delete',
      path: '/chargers/{serialNo}',
      tags: ['assets'],
      summary:
        'Delete an e-bike device with its sockets and nameplate; refused while an order holds a socket; its serial is released (ASSET-7)',
      request: { params: SerialParams },
      responses: { 204: { description: 'deleted' }, ...errorResponses(404, 409) },
    },
  );
  const deleteArea = securedRoute(
    access,
    { permission: 'area:delete', plane: 'tenant' },
    {
      method: 'delete',
      path: '/areas/{areaId}',
      tags: ['assets'],
      summary:
        'Delete a non-default area of an e-bike station with its devices; refused while an order holds a socket (ASSET-7)',
      request: { params: AreaParams },
      responses: { 204: { description: 'deleted' }, ...errorResponses(404, 409) },
    },
  );
  const view = (r: Awaited<ReturnType<ReturnType<typeof tenantOf>['ebikeDevices']['get']>>) => ({
    device: chargerView(r.device),
    nameplate: r.nameplate,
  });
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(getDevice, async (c) =>
      c.json(view(await tenantOf(c).ebikeDevices.get(c.req.valid('param').serialNo)), 200),
    )
    .openapi(putNameplate, async (c) => {
      const { ebikeDevices } = tenantOf(c);
      const record = await ebikeDevices.setNameplate(c.req.valid('param').serialNo, c.req.valid('json'));
      return c.json(view(record), 200);
    })
    .openapi(deleteDevice, async (c) => {
      await tenantOf(c).ebikeDevices.deleteDevice(c.req.valid('param').serialNo);
      return c.body(null, 204);
    })
    .openapi(deleteArea, async (c) => {
      await tenantOf(c).ebikeDevices.deleteArea(c.req.valid('param').areaId);
      return c.body(null, 204);
    });
}
