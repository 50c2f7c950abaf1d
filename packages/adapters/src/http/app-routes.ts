import { parseCny, PrepayTextSchema } from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { SerialSchema, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import {
  ConnectorNoSchema,
  IdempotencyHeaders,
  OrderParams,
  OrderSchema,
  StopAcceptedSchema,
  orderLinks,
  orderView,
} from './order-views.js';
import { ListQuery, listFilters, pageView, OrderPageSchema } from './order-list-query.js';
import type { AppEnv } from './security/env.js';
import { callerOf, tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const BASE = '/me/orders';

const MeSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    phone: z.string(),
    nickname: z.string().nullable(),
    verified: z.boolean(),
  })
  .openapi('AppUser');

const AppStartSchema = z
  .object({
    chargerSerial: SerialSchema,
    connectorNo: ConnectorNoSchema,
    /** The prepay, 0.01 … 100000.00 CNY, within the station's limit and the tariff's prepay options (ORD-1). */
    prepay: PrepayTextSchema,
    requestId: z.string().trim().min(1).max(128).optional(),
  })
  .openapi('AppStartOrder');

/**
 * The app user's own surface (CARD-4: every app user is a vehicle owner): their profile and their
 * charging orders. Scope OWNER: an app user reads and stops only the orders they started (ORG-1).
 */
export function appRoutes(access: AccessRuntime) {
  const me = securedRoute(
    access,
    { permission: 'app:profile', plane: 'app' },
    {
      method: 'get',
      path: '/me',
      tags: ['app'],
      summary: 'The signed-in app user (vehicle owner)',
      responses: { 200: jsonBody(MeSchema, 'the app user') },
    },
  );
  const start = securedRoute(
    access,
    { permission: 'app:order-start', plane: 'app' },
    {
      method: 'post',
      path: BASE,
      tags: ['app'],
      summary: 'Start charging with a prepay (ORD-1); idempotent on Idempotency-Key (or requestId)',
      request: {
        headers: IdempotencyHeaders,
        body: { ...jsonBody(AppStartSchema, 'where to charge'), required: true },
      },
      responses: { 201: jsonBody(OrderSchema, 'started'), ...errorResponses(400, 404, 409, 422) },
    },
  );
  const list = securedRoute(
    access,
    { permission: 'app:order-list', plane: 'app' },
    {
      method: 'get',
      path: BASE,
      tags: ['app'],
      summary: 'My charging orders, newest first (ORD-9; default window: the last 7 days)',
      request: { query: ListQuery },
      responses: { 200: jsonBody(OrderPageSchema, 'one page'), ...errorResponses(400) },
    },
  );
  const get = securedRoute(
    access,
    { permission: 'app:order-view', plane: 'app' },
    {
      method: 'get',
      path: `${BASE}/{orderNo}`,
      tags: ['app'],
      summary: 'One of my orders: live while active, the bill after',
      request: { params: OrderParams },
      responses: { 200: jsonBody(OrderSchema, 'the order'), ...errorResponses(404) },
    },
  );
  const stop = securedRoute(
    access,
    { permission: 'app:order-stop', plane: 'app' },
    {
      method: 'post',
      path: `${BASE}/{orderNo}/stop`,
      tags: ['app'],
      summary: 'Stop one of my orders (ORD-4)',
      request: { params: OrderParams, headers: IdempotencyHeaders },
      responses: {
        202: jsonBody(StopAcceptedSchema, 'the stop command is on its way'),
        ...errorResponses(404, 409),
      },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(me, async (c) => {
      const caller = callerOf(c);
      const owner = await tenantOf(c).owners.get(caller.id);
      return c.json(
        {
          id: caller.id,
          tenantId: caller.tenantId,
          phone: owner?.phone ?? '',
          nickname: owner?.nickname ?? null,
          verified: owner?.verified ?? false,
        },
        200,
      );
    })
    .openapi(start, async (c) => {
      const { requestId, prepay, ...where } = c.req.valid('json');
      const caller = callerOf(c);
      const phone = caller.kind === 'APP' ? caller.phone : undefined;
      const key = c.req.valid('header')['idempotency-key'] ?? requestId;
      const { detail, replayed } = await tenantOf(c).charging.start(
        {
          startWay: 'APP',
          ...where,
          prepay: parseCny(prepay),
          ownerId: caller.id,
          ...(phone === undefined ? {} : { phone }),
        },
        key,
      );
      if (replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Location', orderLinks(detail.order.orderNo, BASE).self);
      return c.json(orderView(detail.order, detail, BASE), 201);
    })
    .openapi(list, async (c) => {
      const page = await tenantOf(c).charging.list(listFilters(c.req.valid('query')));
      return c.json(pageView(page, BASE), 200);
    })
    .openapi(get, async (c) => {
      const detail = await tenantOf(c).charging.get(c.req.valid('param').orderNo);
      return c.json(orderView(detail.order, detail, BASE), 200);
    })
    .openapi(stop, async (c) => {
      const { orderNo } = c.req.valid('param');
      const requestId = c.req.valid('header')['idempotency-key'];
      const live = await tenantOf(c).charging.stop(orderNo, {
        by: 'USER',
        ...(requestId === undefined ? {} : { requestId }),
      });
      return c.json({ orderNo, status: live.status, links: orderLinks(orderNo, BASE) }, 202);
    });
}
