import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, errorResponses, jsonBody } from './asset-views.js';
import {
  AmountTextSchema,
  CollectiveAccountSchema,
  CollectiveLedgerLineSchema,
  accountLineView,
  accountView,
  fenOf,
} from './card-views.js';
import { validationHook } from './errors.js';
import { PhoneSchema } from './order-views.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const AccountParams = z.object({ accountId: IdParam });

/** Collective accounts (集体户) of the caller's properties, with their own ledger (CARD-2). */
export function collectiveAccountRoutes(access: AccessRuntime) {
  const create = securedRoute(
    access,
    { permission: 'collective-account:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/collective-accounts',
      tags: ['cards'],
      summary: 'Add a collective account under a property (ORG-1, CARD-2)',
      request: {
        body: {
          ...jsonBody(
            z.object({
              propertyId: IdParam,
              name: z.string().trim().min(1).max(128),
              contactPhone: PhoneSchema.optional(),
            }),
            'the account',
          ),
          required: true,
        },
      },
      responses: { 201: jsonBody(CollectiveAccountSchema, 'created'), ...errorResponses(400, 404) },
    },
  );
  const list = securedRoute(
    access,
    { permission: 'collective-account:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/collective-accounts',
      tags: ['cards'],
      summary: 'Collective accounts in scope, by name',
      responses: { 200: jsonBody(z.object({ items: z.array(CollectiveAccountSchema) }), 'accounts') },
    },
  );
  const get = securedRoute(
    access,
    { permission: 'collective-account:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/collective-accounts/{accountId}',
      tags: ['cards'],
      summary: 'One collective account with its balance',
      request: { params: AccountParams },
      responses: { 200: jsonBody(CollectiveAccountSchema, 'the account'), ...errorResponses(404) },
    },
  );
  const toggle = securedRoute(
    access,
    { permission: 'collective-account:toggle', plane: 'tenant' },
    {
      method: 'post',
      path: '/collective-accounts/{accountId}/status',
      tags: ['cards'],
      summary: 'Enable/disable, lock/unlock a collective account (a locked or disabled one pays for no card)',
      request: {
        params: AccountParams,
        body: {
          ...jsonBody(
            z
              .object({ enabled: z.boolean().optional(), locked: z.boolean().optional() })
              .refine((b) => b.enabled !== undefined || b.locked !== undefined, 'name enabled or locked'),
            'the new flags',
          ),
          required: true,
        },
      },
      responses: { 200: jsonBody(CollectiveAccountSchema, 'the account'), ...errorResponses(400, 404) },
    },
  );
  const recharge = securedRoute(
    access,
    { permission: 'collective-account:recharge', plane: 'tenant' },
    {
      method: 'post',
      path: '/collective-accounts/{accountId}/recharges',
      tags: ['cards'],
      summary: 'Top a collective account up (one ledger line; COLLECTIVE_ACCOUNT_AMOUNT_INVALID for ≤ 0)',
      request: {
        params: AccountParams,
        body: {
          ...jsonBody(
            z.object({ amount: AmountTextSchema, reference: z.string().trim().min(1).max(64).optional() }),
            'the top-up',
          ),
          required: true,
        },
      },
      responses: {
        201: jsonBody(
          z.object({ account: CollectiveAccountSchema, line: CollectiveLedgerLineSchema }),
          'recorded',
        ),
        ...errorResponses(400, 404, 409, 422),
      },
    },
  );
  const ledger = securedRoute(
    access,
    { permission: 'collective-account:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/collective-accounts/{accountId}/ledger',
      tags: ['cards'],
      summary: 'The account’s ledger, oldest first (its balance is their sum)',
      request: { params: AccountParams },
      responses: {
        200: jsonBody(z.object({ items: z.array(CollectiveLedgerLineSchema) }), 'ledger lines'),
        ...errorResponses(404),
      },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const body = c.req.valid('json');
      const account = await tenantOf(c).cardProducts.createAccount({
        propertyId: body.propertyId,
        name: body.name,
        ...(body.contactPhone === undefined ? {} : { contactPhone: body.contactPhone }),
      });
      return c.json(accountView(account), 201);
    })
    .openapi(list, async (c) =>
      c.json({ items: (await tenantOf(c).cardProducts.listAccounts()).map(accountView) }, 200),
    )
    .openapi(get, async (c) =>
      c.json(accountView(await tenantOf(c).cardProducts.getAccount(c.req.valid('param').accountId)), 200),
    )
    .openapi(toggle, async (c) => {
      const { accountId } = c.req.valid('param');
      const { enabled, locked } = c.req.valid('json');
      const account = await tenantOf(c).cardProducts.setAccountFlags(accountId, {
        ...(enabled === undefined ? {} : { enabled }),
        ...(locked === undefined ? {} : { locked }),
      });
      return c.json(accountView(account), 200);
    })
    .openapi(recharge, async (c) => {
      const { accountId } = c.req.valid('param');
      const { amount, reference } = c.req.valid('json');
      const products = tenantOf(c).cardProducts;
      const line = await products.rechargeAccount(accountId, fenOf(amount), reference);
      const account = await products.getAccount(accountId);
      return c.json({ account: accountView(account), line: accountLineView(line) }, 201);
    })
    .openapi(ledger, async (c) => {
      const lines = await tenantOf(c).cardProducts.accountLedger(c.req.valid('param').accountId);
      return c.json({ items: lines.map(accountLineView) }, 200);
    });
}
