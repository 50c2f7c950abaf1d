import { DomainError } from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { isUniqueViolation } from '../persistence/errors.js';
import {
  ChargerSchema,
  ConnectorSchema,
  IdParam,
  NameSchema,
  SerialSchema,
  chargerView,
  connectorView,
  defined,
  errorResponses,
  jsonBody,
} from './asset-views.js';
import { validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const NewChargerSchema = z
  .object({
    serialNo: SerialSchema,
    name: NameSchema,
    /** The area; the station's default area when absent. */
    areaId: IdParam.optional(),
    model: z.string().trim().max(64).optional(),
    ratedPowerW: z.number().int().min(1).max(10_000_000).optional(),
  })
  .openapi('NewCharger');

const NewConnectorSchema = z
  .object({
    /** The connector no. as the device speaks it ("1" … "255"). */
    connectorNo: z.string().regex(/^([1-9]\d{0,1}|1\d\d|2[0-4]\d|25[0-5])$/, 'a connector no. 1…255'),
    kind: z.enum(['GUN', 'SOCKET']).optional(),
  })
  .openapi('NewConnector');

const StationParams = z.object({ stationId: IdParam });
const SerialParams = z.object({ serialNo: SerialSchema });

/** Chargers (by station, by serial) and their connectors (ASSET-5). */
export function chargersRoutes(access: AccessRuntime) {
  const createCharger = securedRoute(
    access,
    { permission: 'charger:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/stations/{stationId}/chargers',
      tags: ['assets'],
      summary: 'Add a charger to an enabled area; the serial is unique (ASSET-4, ASSET-5)',
      request: {
        params: StationParams,
        body: { ...jsonBody(NewChargerSchema, 'the charger'), required: true },
      },
      responses: { 201: jsonBody(ChargerSchema, 'created'), ...errorResponses(400, 404, 409) },
    },
  );

  const listChargers = securedRoute(
    access,
    { permission: 'charger:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/stations/{stationId}/chargers',
      tags: ['assets'],
      summary: 'Chargers of a station, by serial',
      request: { params: StationParams },
      responses: {
        200: jsonBody(z.object({ items: z.array(ChargerSchema) }), 'chargers'),
        ...errorResponses(404),
      },
    },
  );

  const getCharger = securedRoute(
    access,
    { permission: 'charger:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/chargers/{serialNo}',
      tags: ['assets'],
      summary: 'The charger with this factory serial',
      request: { params: SerialParams },
      responses: { 200: jsonBody(ChargerSchema, 'the charger'), ...errorResponses(404) },
    },
  );

  const createConnector = securedRoute(
    access,
    { permission: 'connector:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/chargers/{serialNo}/connectors',
      tags: ['assets'],
      summary: 'Add a connector to an enabled charger (ASSET-5)',
      request: {
        params: SerialParams,
        body: { ...jsonBody(NewConnectorSchema, 'the connector'), required: true },
      },
      responses: { 201: jsonBody(ConnectorSchema, 'created'), ...errorResponses(400, 404, 409) },
    },
  );

  const listConnectors = securedRoute(
    access,
    { permission: 'connector:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/chargers/{serialNo}/connectors',
      tags: ['assets'],
      summary: 'Connectors of a charger, by number',
      request: { params: SerialParams },
      responses: {
        200: jsonBody(z.object({ items: z.array(ConnectorSchema) }), 'connectors'),
        ...errorResponses(404),
      },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createCharger, async (c) => {
      const { stationId } = c.req.valid('param');
      const { areaId, ...charger } = c.req.valid('json');
      const tenant = tenantOf(c);
      const { assets } = tenant;
      const areas = await assets.listAreas((await assets.getStation(stationId)).id);
      const area = areaId === undefined ? areas.find((a) => a.isDefault) : areas.find((a) => a.id === areaId);
      if (!area) {
        throw new DomainError('AREA_NOT_FOUND', `no area ${areaId ?? '(default)'} in station ${stationId}`, {
          stationId,
          areaId: areaId ?? null,
        });
      }
      return c.json(chargerView(await tenant.registerCharger({ ...defined(charger), areaId: area.id })), 201);
    })
    .openapi(listChargers, async (c) => {
      const { stationId } = c.req.valid('param');
      const { assets } = tenantOf(c);
      await assets.getStation(stationId);
      return c.json({ items: (await assets.listChargers(stationId)).map(chargerView) }, 200);
    })
    .openapi(getCharger, async (c) =>
      c.json(chargerView(await tenantOf(c).assets.getChargerBySerial(c.req.valid('param').serialNo)), 200),
    )
    .openapi(createConnector, async (c) => {
      const { assets } = tenantOf(c);
      const charger = await assets.getChargerBySerial(c.req.valid('param').serialNo);
      const input = { chargerId: charger.id, ...defined(c.req.valid('json')) };
      try {
        return c.json(connectorView(await assets.createConnector(input)), 201);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new DomainError(
          'CONNECTOR_NO_TAKEN',
          `connector ${input.connectorNo} exists on ${charger.serialNo}`,
          {
            chargerSerial: charger.serialNo,
            connectorNo: input.connectorNo,
          },
        );
      }
    })
    .openapi(listConnectors, async (c) => {
      const { assets } = tenantOf(c);
      const charger = await assets.getChargerBySerial(c.req.valid('param').serialNo);
      return c.json({ items: (await assets.listConnectors(charger.id)).map(connectorView) }, 200);
    });
}
