import { OpenAPIHono, z } from '@hono/zod-openapi';
import { SerialSchema, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { EnabledSchema } from './list-query.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const SerialParams = z.object({ serialNo: SerialSchema });
const SocketParams = z.object({
  serialNo: SerialSchema,
  socketNo: z.string().regex(/^[1-9][0-9]{0,2}$/, 'a socket no. 1…255'),
});
const DeviceStateSchema = z.object({ serialNo: z.string(), enabled: z.boolean() }).openapi('DeviceEnabled');

/** Order states that hold a socket (the same set the active-connector unique key holds). */
const HOLDING = ['STARTING', 'CHARGING', 'STOPPING', 'SUSPENDED'];

const SocketStateSchema = z
  .object({
    socketNo: z.string(),
    enabled: z.boolean(),
    /** ASSET-7: CHARGING while an order holds the socket, else IDLE. */
    state: z.enum(['IDLE', 'CHARGING']),
    /** The order charging on it, if any. */
    orderNo: z.string().nullable(),
    orderStatus: z.string().nullable(),
  })
  .openapi('SocketState');

/** ASSET-7: the sockets of an e-bike box (or connectors of a charger) with IDLE | CHARGING from their orders. */
export function ebikeSocketRoutes(access: AccessRuntime) {
  const listSockets = securedRoute(
    access,
    { permission: 'connector:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/chargers/{serialNo}/sockets',
      tags: ['assets'],
      summary: 'Socket states of an e-bike box (ASSET-7): IDLE or CHARGING, with the order holding each',
      request: { params: SerialParams },
      responses: {
        200: jsonBody(z.object({ items: z.array(SocketStateSchema) }), 'sockets by number'),
        ...errorResponses(404),
      },
    },
  );
  const toggleDevice = securedRoute(
    access,
    { permission: 'charger:toggle', plane: 'tenant' },
    {
      method: 'put',
      path: '/chargers/{serialNo}/enabled',
      tags: ['assets'],
      summary:
        'Enable or disable a charger or e-bike box: a disabled one starts no new session (ASSET-5, ASSET-7)',
      request: { params: SerialParams, body: { ...jsonBody(EnabledSchema, 'the flag'), required: true } },
      responses: { 200: jsonBody(DeviceStateSchema, 'the device'), ...errorResponses(400, 404) },
    },
  );
  const toggleSocket = securedRoute(
    access,
    { permission: 'connector:toggle', plane: 'tenant' },
    {
      method: 'put',
      path: '/chargers/{serialNo}/sockets/{socketNo}/enabled',
      tags: ['assets'],
      summary: 'Enable or disable a socket (connector): a disabled one starts no new session (ASSET-7)',
      request: { params: SocketParams, body: { ...jsonBody(EnabledSchema, 'the flag'), required: true } },
      responses: {
        200: jsonBody(z.object({ socketNo: z.string(), enabled: z.boolean() }), 'the socket'),
        ...errorResponses(400, 404),
      },
    },
  );
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(toggleDevice, async (c) => {
      const device = await tenantOf(c).assets.setChargerEnabled(
        c.req.valid('param').serialNo,
        c.req.valid('json').enabled,
      );
      return c.json({ serialNo: device.serialNo, enabled: device.enabled }, 200);
    })
    .openapi(toggleSocket, async (c) => {
      const { serialNo, socketNo } = c.req.valid('param');
      const { assets } = tenantOf(c);
      const device = await assets.getChargerBySerial(serialNo);
      const socket = await assets.setConnectorEnabled(device.id, socketNo, c.req.valid('json').enabled);
      return c.json({ socketNo: socket.connectorNo, enabled: socket.enabled }, 200);
    })
    .openapi(listSockets, async (c) => {
      const { assets, charging } = tenantOf(c);
      const device = await assets.getChargerBySerial(c.req.valid('param').serialNo);
      const [sockets, active] = await Promise.all([
        assets.listConnectors(device.id),
        charging.list({ chargerSerial: device.serialNo, status: HOLDING, limit: 200 }),
      ]);
      const holder = new Map(active.items.map((o) => [o.connectorNo, o]));
      const items = sockets.map((s) => {
        const order = holder.get(s.connectorNo);
        return {
          socketNo: s.connectorNo,
          enabled: s.enabled,
          state: order === undefined ? ('IDLE' as const) : ('CHARGING' as const),
          orderNo: order?.orderNo ?? null,
          orderStatus: order?.status ?? null,
        };
      });
      return c.json({ items }, 200);
    });
}
