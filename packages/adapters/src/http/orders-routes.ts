import { PrepayTextSchema, parseCny } from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { StartOrderCommand } from '../charging/start-order.js';
import { SerialSchema, defined, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { ListQuery, OrderPageSchema, listFilters, pageView } from './order-list-query.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';
import {
  ConnectorNoSchema,
  IdempotencyHeaders,
  OrderParams,
  OrderSchema,
  PhoneSchema,
  StopAcceptedSchema,
  orderLinks,
  orderView,
} from './order-views.js';

const device = {
  chargerSerial: SerialSchema,
  connectorNo: ConnectorNoSchema,
  /** An idempotency key in the body, for clients that cannot set the Idempotency-Key header. */
  requestId: z.string().min(1).max(128).optional(),
};
const StartOrderSchema = z
  .discriminatedUnion('startWay', [
    z.object({
      startWay: z.literal('APP'),
      ...device,
      /**
       * The prepay the user pays now, decimal CNY ("50", "12.50"), 0.01 … 100000.00; it must also lie
       * within the station's maxPrepay and, where the tariff lists prepay options, between the smallest
       * and the largest (ORDER_START_PREPAY_OUT_OF_RANGE). Taken through the payment channel.
       */
      prepay: PrepayTextSchema,
      phone: PhoneSchema.optional(),
    }),
    z.object({
      startWay: z.literal('PLATFORM'),
      ...device,
      operatorId: z.string().trim().min(1).max(64).optional(),
    }),
  ])
  .openapi('StartOrder');

/** Charging orders: start, stop, detail, search (ORD-1, ORD-4, ORD-9). */
export function ordersRoutes(access: AccessRuntime) {
  const startOrder = securedRoute(
    access,
    { permission: 'order:start', plane: 'tenant' },
    {
      method: 'post',
      path: '/orders',
      tags: ['orders'],
      summary: 'Start a charging order (ORD-1); idempotent on Idempotency-Key (or requestId)',
      request: {
        headers: IdempotencyHeaders,
        body: { ...jsonBody(StartOrderSchema, 'where and how to start'), required: true },
      },
      responses: {
        201: jsonBody(OrderSchema, 'started (or, for a repeated key, the order the first request started)'),
        ...errorResponses(400, 404, 409, 422),
      },
    },
  );

  const listOrders = securedRoute(
    access,
    { permission: 'order:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/orders',
      tags: ['orders'],
      summary: 'Search orders (ORD-9); newest first; default window: the last 7 days',
      request: { query: ListQuery },
      responses: {
        200: jsonBody(OrderPageSchema, 'one page'),
        ...errorResponses(400),
      },
    },
  );

  const getOrder = securedRoute(
    access,
    { permission: 'order:view', plane: 'tenant' },
    {
      method: 'get',
      path: '/orders/{orderNo}',
      tags: ['orders'],
      summary: 'One order: live from its workflow while active, the stored record and bill after',
      request: { params: OrderParams },
      responses: { 200: jsonBody(OrderSchema, 'the order'), ...errorResponses(404) },
    },
  );

  const stopOrder = securedRoute(
    access,
    { permission: 'order:stop', plane: 'tenant' },
    {
      method: 'post',
      path: '/orders/{orderNo}/stop',
      tags: ['orders'],
      summary: 'Ask a charging order to stop (ORD-4); the device confirms later',
      request: {
        params: OrderParams,
        headers: IdempotencyHeaders,
        body: {
          ...jsonBody(
            z.object({
              by: z.enum(['USER', 'OPERATOR']).default('OPERATOR'),
              requestId: z.string().trim().min(1).max(128).optional(),
            }),
            'who stops it',
          ),
          required: false,
        },
      },
      responses: {
        202: jsonBody(StopAcceptedSchema, 'accepted: the stop command is on its way (status STOPPING)'),
        ...errorResponses(400, 404, 409),
      },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(startOrder, async (c) => {
      const { requestId, ...body } = c.req.valid('json');
      const command: StartOrderCommand =
        body.startWay === 'APP' ? { ...defined(body), prepay: parseCny(body.prepay) } : defined(body);
      const key = c.req.valid('header')['idempotency-key'] ?? requestId;
      const { detail, replayed } = await tenantOf(c).charging.start(command, key);
      if (replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Location', orderLinks(detail.order.orderNo).self);
      return c.json(orderView(detail.order, detail), 201);
    })
    .openapi(listOrders, async (c) => {
      const page = await tenantOf(c).charging.list(listFilters(c.req.valid('query')));
      return c.json(pageView(page), 200);
    })
    .openapi(getOrder, async (c) => {
      const detail = await tenantOf(c).charging.get(c.req.valid('param').orderNo);
      return c.json(orderView(detail.order, detail), 200);
    })
    .openapi(stopOrder, async (c) => {
      const { orderNo } = c.req.valid('param');
      const body = c.req.valid('json'); // {} when the request has no body
      const requestId = c.req.valid('header')['idempotency-key'] ?? body.requestId;
      const by = (body.by as 'USER' | 'OPERATOR' | undefined) ?? 'OPERATOR';
      const live = await tenantOf(c).charging.stop(orderNo, {
        by,
        ...(requestId === undefined ? {} : { requestId }),
      });
      return c.json({ orderNo, status: live.status, links: orderLinks(orderNo) }, 202);
    });
}
