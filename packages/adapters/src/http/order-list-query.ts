import { z } from '@hono/zod-openapi';
import type { OrderListFilters, OrderPage } from '../persistence/repositories/order-list.js';
import { MAX_ORDER_PAGE } from '../persistence/repositories/order-list.js';
import { IdParam, SerialSchema, defined } from './asset-views.js';
import { ConnectorNoSchema, OrderSchema, orderView } from './order-views.js';

// ORD-9: the order search query and page, shared by the back office (/orders) and the app (/me/orders).

const STATUS_LIST = /^[A-Z_]{1,16}(,[A-Z_]{1,16}){0,9}$/;

const instant = z.iso.datetime({ offset: true });

/** The search query of an order list (every filter optional; the default window is the last 7 days). */
export const ListQuery = z
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
    /** Car or e-bike orders only (ORD-8). */
    kind: z.enum(['CAR', 'EBIKE']).optional(),
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

/** One page of orders as the API writes it. */
export const OrderPageSchema = z
  .object({
    items: z.array(OrderSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    window: z.object({ from: z.string(), to: z.string() }),
  })
  .openapi('OrderPage');

/** The repository filters of a validated query (`now` is added by the service). */
export function listFilters(query: z.output<typeof ListQuery>): Omit<OrderListFilters, 'now'> {
  const { status, createdFrom, createdTo, ...filters } = query;
  return {
    ...defined(filters),
    ...(status === undefined ? {} : { status: status.split(',').map((s) => s.trim()) }),
    ...(createdFrom === undefined ? {} : { createdFrom: Date.parse(createdFrom) }),
    ...(createdTo === undefined ? {} : { createdTo: Date.parse(createdTo) }),
  };
}

/** A page as the API writes it; `base` is where the orders' links point. */
export const pageView = (page: OrderPage, base?: string): z.infer<typeof OrderPageSchema> => ({
  items: page.items.map((order) => orderView(order, undefined, base)),
  total: page.total,
  limit: page.limit,
  offset: page.offset,
  window: { from: new Date(page.window.from).toISOString(), to: new Date(page.window.to).toISOString() },
});
