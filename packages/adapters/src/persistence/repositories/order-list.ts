import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { ChargingOrderEntity, type ChargingOrderRow } from '../entities/charging-order.js';
import { ORDER_COLUMNS, WHOLE_TENANT, scopeWhere, within, type QueryScope } from '../scope.js';
import { toOrderRecord, type ChargingOrderRecord } from './order-records.js';

/** ORD-9: the default creation-time window, 7 days back from `now`. */
export const DEFAULT_ORDER_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Largest page the list returns. */
export const MAX_ORDER_PAGE = 200;

/** ORD-9 search filters; every one is optional except `now`. Matching is exact. */
export interface OrderListFilters {
  /** The caller's clock (epoch ms); the default window is [now − 7 days, now]. */
  readonly now: number;
  readonly stationId?: string;
  readonly orderNo?: string;
  readonly reservationNo?: string;
  readonly chargerSerial?: string;
  readonly connectorNo?: string;
  readonly status?: string | readonly string[];
  readonly startWay?: string;
  readonly phone?: string;
  readonly cardNo?: string;
  /** CAR or EBIKE orders only (ORD-8 e-bike order list). */
  readonly kind?: 'CAR' | 'EBIKE';
  /** Inclusive lower bound of createdAt (epoch ms); defaults to now − 7 days. */
  readonly createdFrom?: number;
  /** Inclusive upper bound of createdAt (epoch ms); defaults to now. */
  readonly createdTo?: number;
  readonly limit?: number;
  readonly offset?: number;
}

/** One page of orders, newest first (createdAt desc, then orderNo desc: a stable order). */
export interface OrderPage {
  readonly items: readonly ChargingOrderRecord[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly window: { readonly from: number; readonly to: number };
}

/** ORD-9: searches orders by the filters inside the creation window and the caller's scope (ORG-1), one page at a time. */
export async function listOrders(
  em: EntityManager,
  filters: OrderListFilters,
  scope: QueryScope = WHOLE_TENANT,
): Promise<OrderPage> {
  const from = filters.createdFrom ?? filters.now - DEFAULT_ORDER_WINDOW_MS;
  const to = filters.createdTo ?? filters.now;
  const limit = Math.min(Math.max(1, Math.trunc(filters.limit ?? 20)), MAX_ORDER_PAGE);
  const offset = Math.max(0, Math.trunc(filters.offset ?? 0));
  const where: FilterQuery<ChargingOrderRow> = {
    createdAt: { $gte: from, $lte: to },
    ...(filters.stationId === undefined ? {} : { stationId: filters.stationId }),
    ...(filters.orderNo === undefined ? {} : { orderNo: filters.orderNo }),
    ...(filters.reservationNo === undefined ? {} : { reservationNo: filters.reservationNo }),
    ...(filters.chargerSerial === undefined ? {} : { chargerSerial: filters.chargerSerial }),
    ...(filters.connectorNo === undefined ? {} : { connectorNo: filters.connectorNo }),
    ...(filters.status === undefined
      ? {}
      : { status: typeof filters.status === 'string' ? filters.status : { $in: [...filters.status] } }),
    ...(filters.startWay === undefined ? {} : { startWay: filters.startWay as ChargingOrderRow['startWay'] }),
    ...(filters.phone === undefined ? {} : { phone: filters.phone }),
    ...(filters.cardNo === undefined ? {} : { cardNo: filters.cardNo }),
    ...(filters.kind === undefined ? {} : { kind: filters.kind }),
  };
  const scoped = within<FilterQuery<ChargingOrderRow>>(
    scopeWhere(scope, ORDER_COLUMNS),
    where as Record<string, unknown>,
  );
  const [rows, total] = await em.fork().findAndCount(ChargingOrderEntity, scoped, {
    orderBy: { createdAt: 'desc', orderNo: 'desc' },
    limit,
    offset,
  });
  return { items: rows.map(toOrderRecord), total, limit, offset, window: { from, to } };
}
