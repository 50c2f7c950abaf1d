import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, errorResponses, jsonBody } from './asset-views.js';
import { CardProductSchema, NewCardProductSchema, fenOf, productView, rulesOf } from './card-views.js';
import { validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const ProductParams = z.object({ productId: IdParam });

/** Card products (CARD-1) of the caller's properties. */
export function cardProductRoutes(access: AccessRuntime) {
  const create = securedRoute(
    access,
    { permission: 'card-product:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/card-products',
      tags: ['cards'],
      summary: 'Add a card product under a property (CARD-1)',
      request: { body: { ...jsonBody(NewCardProductSchema, 'the product'), required: true } },
      responses: { 201: jsonBody(CardProductSchema, 'created'), ...errorResponses(400, 404, 422) },
    },
  );
  const list = securedRoute(
    access,
    { permission: 'card-product:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/card-products',
      tags: ['cards'],
      summary: 'Card products in scope, newest first (CARD-1)',
      responses: { 200: jsonBody(z.object({ items: z.array(CardProductSchema) }), 'products') },
    },
  );
  const get = securedRoute(
    access,
    { permission: 'card-product:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/card-products/{productId}',
      tags: ['cards'],
      summary: 'One card product',
      request: { params: ProductParams },
      responses: { 200: jsonBody(CardProductSchema, 'the product'), ...errorResponses(404) },
    },
  );
  const toggle = securedRoute(
    access,
    { permission: 'card-product:toggle', plane: 'tenant' },
    {
      method: 'post',
      path: '/card-products/{productId}/status',
      tags: ['cards'],
      summary: 'Enable or disable a card product (a disabled product issues no cards, CARD-1)',
      request: {
        params: ProductParams,
        body: { ...jsonBody(z.object({ enabled: z.boolean() }), 'the new state'), required: true },
      },
      responses: { 200: jsonBody(CardProductSchema, 'the product'), ...errorResponses(400, 404) },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const body = c.req.valid('json');
      const product = await tenantOf(c).cardProducts.createProduct({
        ...body,
        price: fenOf(body.price),
        faceValue: fenOf(body.faceValue),
        rechargeRules: rulesOf(body.rechargeRules),
      });
      return c.json(productView(product), 201);
    })
    .openapi(list, async (c) =>
      c.json({ items: (await tenantOf(c).cardProducts.listProducts()).map(productView) }, 200),
    )
    .openapi(get, async (c) =>
      c.json(productView(await tenantOf(c).cardProducts.getProduct(c.req.valid('param').productId)), 200),
    )
    .openapi(toggle, async (c) => {
      const { productId } = c.req.valid('param');
      const product = await tenantOf(c).cardProducts.setProductEnabled(
        productId,
        c.req.valid('json').enabled,
      );
      return c.json(productView(product), 200);
    });
}
