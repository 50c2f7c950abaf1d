import { OpenAPIHono, z } from '@hono/zod-openapi';
import { callerRef } from '../access/caller.js';
import { errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { MoneySchema, money } from './money-view.js';
import { IdempotencyHeaders, OrderParams, orderLinks } from './order-views.js';
import type { AppEnv } from './security/env.js';
import { callerOf, tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const EndedSchema = z
  .object({
    orderNo: z.string(),
    /** COMPLETED (car) or ENDED (e-bike), settled now; or ABNORMAL (it had cost nothing; nothing changed). */
    status: z.string(),
    settlement: z
      .object({
        fee: MoneySchema,
        endReason: z.string(),
        /** The last meter the device reported before the end (ORD-5), Wh; null when it reported none. */
        endMeterWh: z.number().int().nullable(),
        energyWh: z.number().int(),
      })
      .nullable(),
    links: z.object({ self: z.string() }),
  })
  .openapi('OrderEnded');

/** ORD-5: the operator's "end" of a charging order. */
export function orderEndRoutes(access: AccessRuntime) {
  const end = securedRoute(
    access,
    { permission: 'order:end', plane: 'tenant' },
    {
      method: 'post',
      path: '/orders/{orderNo}/end',
      tags: ['orders'],
      summary:
        'End an order as the operator (ORD-5): from STARTING, CHARGING, STOPPING or SUSPENDED it settles at once with the last reported meter',
      request: {
        params: OrderParams,
        headers: IdempotencyHeaders,
        body: {
          ...jsonBody(
            z.object({
              requestId: z.string().trim().min(1).max(128).optional(),
              /** E-bike orders only (ORD-5): end with this charged duration, whole seconds (≤ 48 h). */
              durationS: z.int().min(0).max(172_800).optional(),
            }),
            'a retry key; for an e-bike order, optionally the duration to settle with',
          ),
          required: false,
        },
      },
      responses: {
        200: jsonBody(EndedSchema, 'ended and settled (or ABNORMAL: nothing to settle)'),
        ...errorResponses(400, 404, 409, 422),
      },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(end, async (c) => {
    const { orderNo } = c.req.valid('param');
    const body = c.req.valid('json');
    const requestId = c.req.valid('header')['idempotency-key'] ?? body.requestId;
    const who = callerRef(callerOf(c));
    const live = await tenantOf(c).charging.end(orderNo, {
      operatorId: `${who.kind}:${who.id}`,
      ...(requestId === undefined ? {} : { requestId }),
      ...(body.durationS === undefined ? {} : { durationS: body.durationS }),
    });
    const settlement = live?.settlement;
    return c.json(
      {
        orderNo,
        status: live?.status ?? 'ABNORMAL',
        settlement:
          settlement === undefined
            ? null
            : {
                fee: money(settlement.fee),
                endReason: settlement.endReason,
                endMeterWh: settlement.finalMeter?.energyWh ?? null,
                energyWh: live?.energyWh ?? 0,
              },
        links: { self: orderLinks(orderNo).self },
      },
      200,
    );
  });
}
