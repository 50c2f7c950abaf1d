import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, defined, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';
import {
  InvoiceConfigSchema,
  InvoiceConfigViewSchema,
  PaymentConfigBodySchema,
  PaymentConfigSchema,
  paymentConfigView,
} from './station-config-views.js';

const StationParams = z.object({ stationId: IdParam });

/** A station's payment (ASSET-3) and invoice (ASSET-2) configuration, in the caller's scope. */
export function stationConfigRoutes(access: AccessRuntime) {
  const paymentRule = { permission: 'station:payment-config', plane: 'tenant' } as const;
  const invoiceRule = { permission: 'station:invoice-config', plane: 'tenant' } as const;
  const putPayment = securedRoute(access, paymentRule, {
    method: 'put',
    path: '/stations/{stationId}/payment-config',
    tags: ['money'],
    summary: 'Set the payment channel, merchant data, secrets and split settlement (ASSET-3)',
    request: {
      params: StationParams,
      body: { ...jsonBody(PaymentConfigBodySchema, 'the configuration'), required: true },
    },
    responses: {
      200: jsonBody(PaymentConfigSchema, 'stored (secrets never shown)'),
      ...errorResponses(400, 404, 422),
    },
  });
  const getPayment = securedRoute(access, paymentRule, {
    method: 'get',
    path: '/stations/{stationId}/payment-config',
    tags: ['money'],
    summary: 'The payment configuration without its secrets (ASSET-3)',
    request: { params: StationParams },
    responses: { 200: jsonBody(PaymentConfigSchema, 'the configuration'), ...errorResponses(404) },
  });
  const putInvoice = securedRoute(access, invoiceRule, {
    method: 'put',
    path: '/stations/{stationId}/invoice-config',
    tags: ['money'],
    summary: 'Set the invoice configuration: seller, bank, tax rates and codes (ASSET-2)',
    request: {
      params: StationParams,
      body: { ...jsonBody(InvoiceConfigSchema, 'the configuration'), required: true },
    },
    responses: { 200: jsonBody(InvoiceConfigViewSchema, 'stored'), ...errorResponses(400, 404, 422) },
  });
  const getInvoice = securedRoute(access, invoiceRule, {
    method: 'get',
    path: '/stations/{stationId}/invoice-config',
    tags: ['money'],
    summary: 'The invoice configuration (ASSET-2)',
    request: { params: StationParams },
    responses: { 200: jsonBody(InvoiceConfigViewSchema, 'the configuration'), ...errorResponses(404) },
  });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(putPayment, async (c) => {
      const { stationId } = c.req.valid('param');
      const { secrets, split, ...body } = c.req.valid('json');
      const stored = await tenantOf(c).moneyConfigs.putPaymentConfig(stationId, {
        ...defined(body),
        ...(secrets === undefined ? {} : { secrets: defined(secrets) }),
        split: defined(split),
      });
      return c.json(paymentConfigView(stored), 200);
    })
    .openapi(getPayment, async (c) =>
      c.json(
        paymentConfigView(await tenantOf(c).moneyConfigs.getPaymentConfig(c.req.valid('param').stationId)),
        200,
      ),
    )
    .openapi(putInvoice, async (c) => {
      const { stationId } = c.req.valid('param');
      const stored = await tenantOf(c).moneyConfigs.putInvoiceConfig(stationId, c.req.valid('json'));
      return c.json({ stationId, ...stored }, 200);
    })
    .openapi(getInvoice, async (c) => {
      const { stationId } = c.req.valid('param');
      return c.json({ stationId, ...(await tenantOf(c).moneyConfigs.getInvoiceConfig(stationId)) }, 200);
    });
}
