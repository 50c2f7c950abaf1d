import { CnyTextSchema, parseCny } from '@chargeflow/core';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { callerRef } from '../access/caller.js';
import { defined, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { PaymentSchema, RefundSchema, paymentView, refundView } from './refund-views.js';
import { SplitSchema, splitView } from './split-views.js';
import type { AppEnv } from './security/env.js';
import { callerOf, tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const OrderParams = z.object({ orderNo: z.string().min(1).max(32) });
const RefundParams = z.object({ refundNo: z.string().min(1).max(40) });
const Page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
const FeeRefundBody = z
  .object({
    amount: CnyTextSchema.describe('CNY such as 12.50, at most paid − Σ refunds not FAILED (REF-1)'),
    reason: z.string().trim().min(1).max(255),
  })
  .openapi('FeeRefundRequest');
const RefundQuery = z.object({
  orderNo: z.string().min(1).max(32).optional(),
  stationId: z.string().min(1).max(36).optional(),
  status: z.enum(['PENDING', 'REFUNDING', 'REFUNDED', 'FAILED']).optional(),
  type: z.enum(['PREPAY_RETURN', 'FEE_REFUND']).optional(),
  ...Page,
});
const PaymentQuery = z.object({
  orderNo: z.string().min(1).max(32).optional(),
  stationId: z.string().min(1).max(36).optional(),
  status: z.string().min(1).max(16).optional(),
  ...Page,
});
const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });

/** Refunds (REF-1, REF-2) and payments (PAY-1) of the caller's tenant, in its scope. */
export function refundRoutes(access: AccessRuntime) {
  const requestRefund = securedRoute(
    access,
    { permission: 'order:refund', plane: 'tenant' },
    {
      method: 'post',
      path: '/orders/{orderNo}/refunds',
      tags: ['money'],
      summary: 'Refund part or all of a completed order’s fee (REF-1); carried out by refundWorkflow',
      request: {
        params: OrderParams,
        body: { ...jsonBody(FeeRefundBody, 'amount and reason'), required: true },
      },
      responses: {
        202: jsonBody(RefundSchema, 'reserved (REFUNDING); the channel’s answer follows'),
        ...errorResponses(400, 404, 409, 422),
      },
    },
  );
  const retryRefund = securedRoute(
    access,
    { permission: 'refund:retry', plane: 'tenant' },
    {
      method: 'post',
      path: '/refunds/{refundNo}/retry',
      tags: ['money'],
      summary: 'Retry a FAILED refund (REF-2)',
      request: { params: RefundParams },
      responses: { 202: jsonBody(RefundSchema, 'REFUNDING again'), ...errorResponses(404, 409, 422) },
    },
  );
  const listRefunds = securedRoute(
    access,
    { permission: 'refund:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/refunds',
      tags: ['money'],
      summary: 'Search refunds by order, station, state, type (REF-2)',
      request: { query: RefundQuery },
      responses: { 200: jsonBody(listOf(RefundSchema), 'newest first'), ...errorResponses(400) },
    },
  );
  const listPayments = securedRoute(
    access,
    { permission: 'payment:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/payments',
      tags: ['money'],
      summary: 'Search payments by order, station, state (PAY-1)',
      request: { query: PaymentQuery },
      responses: { 200: jsonBody(listOf(PaymentSchema), 'newest first'), ...errorResponses(400) },
    },
  );
  const orderMoney = securedRoute(
    access,
    { permission: 'order:view', plane: 'tenant' },
    {
      method: 'get',
      path: '/orders/{orderNo}/money',
      tags: ['money'],
      summary: 'The payments, refunds and split of an order (ORD-9 detail)',
      request: { params: OrderParams },
      responses: {
        200: jsonBody(
          z.object({
            payments: z.array(PaymentSchema),
            refunds: z.array(RefundSchema),
            splits: z.array(SplitSchema).describe('SPL-1: the order’s split, if it was split'),
          }),
          'oldest first',
        ),
        ...errorResponses(404),
      },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(requestRefund, async (c) => {
      const { amount, reason } = c.req.valid('json');
      const refund = await tenantOf(c).refunds.requestFeeRefund(c.req.valid('param').orderNo, {
        amount: parseCny(amount),
        reason,
        operatorId: callerRef(callerOf(c)).id,
      });
      return c.json(refundView(refund), 202);
    })
    .openapi(retryRefund, async (c) => {
      const refund = await tenantOf(c).refunds.retry(
        c.req.valid('param').refundNo,
        callerRef(callerOf(c)).id,
      );
      return c.json(refundView(refund), 202);
    })
    .openapi(listRefunds, async (c) => {
      const query = c.req.valid('query');
      const { items, total } = await tenantOf(c).refunds.search(defined(query));
      return c.json({ items: items.map(refundView), total, limit: query.limit, offset: query.offset }, 200);
    })
    .openapi(listPayments, async (c) => {
      const query = c.req.valid('query');
      const { items, total } = await tenantOf(c).refunds.searchPayments(defined(query));
      return c.json({ items: items.map(paymentView), total, limit: query.limit, offset: query.offset }, 200);
    })
    .openapi(orderMoney, async (c) => {
      const { orderNo } = c.req.valid('param');
      const { payments, refunds } = await tenantOf(c).refunds.ofOrder(orderNo);
      const splits = await tenantOf(c).splits.search({ orderNo, limit: 1, offset: 0 });
      return c.json(
        {
          payments: payments.map(paymentView),
          refunds: refunds.map(refundView),
          splits: splits.items.map(splitView),
        },
        200,
      );
    });
}
