import { OpenAPIHono, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import {
  NewReservationSchema,
  ReservationNoParams,
  ReservationQuery,
  ReservationSchema,
  reservationView,
} from './reservation-views.js';
import type { AppEnv } from './security/env.js';
import { callerOf, tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const List = z.object({ items: z.array(ReservationSchema) });
const instant = (text: string | undefined) => (text === undefined ? undefined : Date.parse(text));

/** RES-1 … RES-3: the app user's reservations (/me/reservations) and the back office's search and end. */
export function reservationRoutes(access: AccessRuntime) {
  const reserve = securedRoute(
    access,
    { permission: 'app:reservation-create', plane: 'app' },
    {
      method: 'post',
      path: '/me/reservations',
      tags: ['reservations'],
      summary: 'Reserve a parking space (RES-1: verified owners, enabled spaces, chargers with the flag)',
      request: { body: { ...jsonBody(NewReservationSchema, 'the space and plate'), required: true } },
      responses: { 201: jsonBody(ReservationSchema, 'reserved'), ...errorResponses(400, 404, 409, 422) },
    },
  );
  const mine = securedRoute(
    access,
    { permission: 'app:reservation-view', plane: 'app' },
    {
      method: 'get',
      path: '/me/reservations',
      tags: ['reservations'],
      summary: 'My reservations, newest first',
      responses: { 200: jsonBody(List, 'reservations') },
    },
  );
  const myOne = securedRoute(
    access,
    { permission: 'app:reservation-view', plane: 'app' },
    {
      method: 'get',
      path: '/me/reservations/{reservationNo}',
      tags: ['reservations'],
      summary: 'One of my reservations (live occupancy while OCCUPYING, RES-3)',
      request: { params: ReservationNoParams },
      responses: { 200: jsonBody(ReservationSchema, 'the reservation'), ...errorResponses(404) },
    },
  );
  const cancel = securedRoute(
    access,
    { permission: 'app:reservation-cancel', plane: 'app' },
    {
      method: 'post',
      path: '/me/reservations/{reservationNo}/cancel',
      tags: ['reservations'],
      summary: 'Cancel my RESERVED reservation (RES-1)',
      request: { params: ReservationNoParams },
      responses: { 202: jsonBody(ReservationSchema, 'cancel requested'), ...errorResponses(404, 409) },
    },
  );
  const search = securedRoute(
    access,
    { permission: 'reservation:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/reservations',
      tags: ['reservations'],
      summary: 'Search reservations by station, space, plate, phone, state, booking time (RES-1)',
      request: { query: ReservationQuery },
      responses: { 200: jsonBody(List, 'reservations'), ...errorResponses(400) },
    },
  );
  const one = securedRoute(
    access,
    { permission: 'reservation:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/reservations/{reservationNo}',
      tags: ['reservations'],
      summary: 'One reservation (live state while active)',
      request: { params: ReservationNoParams },
      responses: { 200: jsonBody(ReservationSchema, 'the reservation'), ...errorResponses(404) },
    },
  );
  const end = securedRoute(
    access,
    { permission: 'reservation:end', plane: 'tenant' },
    {
      method: 'post',
      path: '/reservations/{reservationNo}/end',
      tags: ['reservations'],
      summary: 'End a RESERVED or OCCUPYING reservation as the platform (RES-2)',
      request: { params: ReservationNoParams },
      responses: { 202: jsonBody(ReservationSchema, 'end requested'), ...errorResponses(404, 409) },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(reserve, async (c) => {
      const body = c.req.valid('json');
      const record = await tenantOf(c).reservations.reserve({
        ownerId: callerOf(c).id,
        spaceId: body.spaceId,
        ...(body.plate === undefined ? {} : { plate: body.plate }),
      });
      return c.json(reservationView(record), 201);
    })
    .openapi(mine, async (c) => {
      const items = await tenantOf(c).reservations.list({});
      return c.json({ items: items.map((r) => reservationView(r)) }, 200);
    })
    .openapi(myOne, async (c) => {
      const service = tenantOf(c).reservations;
      const record = await service.get(c.req.valid('param').reservationNo);
      return c.json(reservationView(record, await service.live(record)), 200);
    })
    .openapi(cancel, async (c) => {
      const record = await tenantOf(c).reservations.cancel(
        c.req.valid('param').reservationNo,
        callerOf(c).id,
      );
      return c.json(reservationView(record), 202);
    })
    .openapi(search, async (c) => {
      const q = c.req.valid('query');
      const from = instant(q.from);
      const to = instant(q.to);
      const items = await tenantOf(c).reservations.list({
        ...(q.stationId === undefined ? {} : { stationId: q.stationId }),
        ...(q.spaceId === undefined ? {} : { spaceId: q.spaceId }),
        ...(q.plate === undefined ? {} : { plate: q.plate }),
        ...(q.phone === undefined ? {} : { phone: q.phone }),
        ...(q.status === undefined ? {} : { status: q.status }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(q.limit === undefined ? {} : { limit: q.limit }),
      });
      return c.json({ items: items.map((r) => reservationView(r)) }, 200);
    })
    .openapi(one, async (c) => {
      const service = tenantOf(c).reservations;
      const record = await service.get(c.req.valid('param').reservationNo);
      return c.json(reservationView(record, await service.live(record)), 200);
    })
    .openapi(end, async (c) => {
      const record = await tenantOf(c).reservations.end(c.req.valid('param').reservationNo, callerOf(c).id);
      return c.json(reservationView(record), 202);
    });
}
