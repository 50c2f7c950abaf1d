import { PrepayTextSchema, parseCny } from '@chargeflow/core';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { ChargingService } from '../charging/charging-service.js';
import type { StartOrderCommand } from '../charging/start-order.js';
import { MAX_ORDER_PAGE } from '../persistence/repositories/order-list.js';
import { IdParam, SerialSchema, defined, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { OrderSchema, orderLinks, orderView } from './order-views.js';

const ConnectorNoSchema = z
  .string()
  .regex(/^([1-9]\d{0,1}|1\d\d|2[0-4]\d|25[0-5])$/, 'a connector no. 1…255');
const PhoneSchema = z.string().regex(/^\+?[0-9][0-9 -]{2,30}$/, 'a phone number');
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

const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(128).optional() });
const OrderParams = z.object({ orderNo: z.string().min(1).max(32) });
const instant = z.iso.datetime({ offset: true });
const STATUS_LIST = /^[A-Z_]{1,16}(,[A-Z_]{1,16}){0,9}$/;

const ListQuery = z
  .object({
    stationId: IdParam.optional(),
    orderNo: z.string().min(1).max(32).optional(),
    reservationNo: z.string().min(1).max(32).optional(),
    chargerSerial: SerialSchema.optional(),
    connectorNo: ConnectorNoSchema.optional(),
    phone: z.string().min(1).max(32).optional(),
    cardNo: z.string().min(1).max(32).optional(),
    /** One state or several, comma-separated (CHARGING,SUSPENDED). */
    status: z.string().regex(STATUS_LIST, 'one state or several, comma-separated').optional(),
    startWay: z.enum(['APP', 'CARD', 'PLATFORM']).optional(),
    /** Inclusive window bounds (ISO 8601); default: the 7 days before now. */
    createdFrom: instant.optional(),
    createdTo: instant.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_ORDER_PAGE).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  })
  .refine(
    (q) =>
      q.createdFrom === undefined ||
      q.createdTo === undefined ||
      Date.parse(q.createdFrom) <= Date.parse(q.createdTo),
    { message: 'createdFrom must not be after createdTo', path: ['createdFrom'] },
  );

const startOrder = createRoute({
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
});

const listOrders = createRoute({
  method: 'get',
  path: '/orders',
  tags: ['orders'],
  summary: 'Search orders (ORD-9); newest first; default window: the last 7 days',
  request: { query: ListQuery },
  responses: {
    200: jsonBody(
      z.object({
        items: z.array(OrderSchema),
        total: z.number().int(),
        limit: z.number().int(),
        offset: z.number().int(),
        window: z.object({ from: z.string(), to: z.string() }),
      }),
      'one page',
    ),
    ...errorResponses(400),
  },
});

const getOrder = createRoute({
  method: 'get',
  path: '/orders/{orderNo}',
  tags: ['orders'],
  summary: 'One order: live from its workflow while active, the stored record and bill after',
  request: { params: OrderParams },
  responses: { 200: jsonBody(OrderSchema, 'the order'), ...errorResponses(404) },
});

const stopOrder = createRoute({
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
          by: z.enum(['USER', 'OPERATOR']).default('USER'),
          requestId: z.string().trim().min(1).max(128).optional(),
        }),
        'who stops it',
      ),
      required: false,
    },
  },
  responses: {
    202: jsonBody(
      z.object({
        orderNo: z.string(),
        status: z.string(),
        links: z.object({ self: z.string(), stop: z.string() }),
      }),
      'accepted: the stop command is on its way (status STOPPING)',
    ),
    ...errorResponses(400, 404, 409),
  },
});

/** Charging orders: start, stop, detail, search (ORD-1, ORD-4, ORD-9). */
export function ordersRoutes(charging: ChargingService) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(startOrder, async (c) => {
      const { requestId, ...body } = c.req.valid('json');
      const command: StartOrderCommand =
        body.startWay === 'APP' ? { ...defined(body), prepay: parseCny(body.prepay) } : defined(body);
      const key = c.req.valid('header')['idempotency-key'] ?? requestId;
      const { detail, replayed } = await charging.start(command, key);
      if (replayed) c.header('Idempotent-Replayed', 'true');
      c.header('Location', orderLinks(detail.order.orderNo).self);
      return c.json(orderView(detail.order, detail), 201);
    })
    .openapi(listOrders, async (c) => {
      const { status, createdFrom, createdTo, ...filters } = c.req.valid('query');
      const page = await charging.list({
        ...defined(filters),
        ...(status === undefined ? {} : { status: status.split(',').map((s) => s.trim()) }),
        ...(createdFrom === undefined ? {} : { createdFrom: Date.parse(createdFrom) }),
        ...(createdTo === undefined ? {} : { createdTo: Date.parse(createdTo) }),
      });
      return c.json(
        {
          items: page.items.map((order) => orderView(order)),
          total: page.total,
          limit: page.limit,
          offset: page.offset,
          window: {
            from: new Date(page.window.from).toISOString(),
            to: new Date(page.window.to).toISOString(),
          },
        },
        200,
      );
    })
    .openapi(getOrder, async (c) => {
      const detail = await charging.get(c.req.valid('param').orderNo);
      return c.json(orderView(detail.order, detail), 200);
    })
    .openapi(stopOrder, async (c) => {
      const { orderNo } = c.req.valid('param');
      const body = c.req.valid('json'); // {} when the request has no body
      const requestId = c.req.valid('header')['idempotency-key'] ?? body.requestId;
      const by = (body.by as 'USER' | 'OPERATOR' | undefined) ?? 'USER';
      const live = await charging.stop(orderNo, { by, ...(requestId === undefined ? {} : { requestId }) });
      return c.json({ orderNo, status: live.status, links: orderLinks(orderNo) }, 202);
    });
}
