import { OpenAPIHono, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { OccupancyQuery, OccupancyRecordSchema, occupancyRecordView } from './occupancy-views.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const List = z.object({ items: z.array(OccupancyRecordSchema) });

/** TAR-12: occupancy records of cars that parked without a reservation, in the caller's scope. */
export function occupancyRoutes(access: AccessRuntime) {
  const search = securedRoute(
    access,
    { permission: 'reservation:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/occupancy-records',
      tags: ['reservations'],
      summary: 'Occupancy records without a reservation, by station, space, plate (TAR-12), newest first',
      request: { query: OccupancyQuery },
      responses: { 200: jsonBody(List, 'occupancy records'), ...errorResponses(400) },
    },
  );
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(search, async (c) => {
    const q = c.req.valid('query');
    const items = await tenantOf(c).occupancy.list({
      ...(q.stationId === undefined ? {} : { stationId: q.stationId }),
      ...(q.spaceId === undefined ? {} : { spaceId: q.spaceId }),
      ...(q.plate === undefined ? {} : { plate: q.plate }),
      ...(q.limit === undefined ? {} : { limit: q.limit }),
    });
    return c.json({ items: items.map(occupancyRecordView) }, 200);
  });
}
