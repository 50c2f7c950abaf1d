import { createHash } from 'node:crypto';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, defined, errorResponses, jsonBody } from './asset-views.js';
import {
  AmountTextSchema,
  CardLedgerLineSchema,
  CardSchema,
  cardLineView,
  cardView,
  fenOf,
  ledgerCsv,
} from './card-views.js';
import { validationHook } from './errors.js';
import { PhoneSchema } from './order-views.js';
import type { AppEnv } from './security/env.js';
import { callerOf, tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const CardParams = z.object({ cardId: IdParam });
/** A printed or chip card no.: 1 … 32 printable ASCII characters without spaces. */
const CardNoSchema = z.string().regex(/^[\x21-\x7e]{1,32}$/, '1 … 32 printable ASCII characters');

const IssueCardSchema = z
  .object({
    productId: IdParam,
    /** Required when the product is issued through a collective account (it pays the price). */
    collectiveAccountId: IdParam.optional(),
    holderPhone: PhoneSchema,
    holderName: z.string().trim().min(1).max(64),
    printedNo: CardNoSchema,
    chipNo: CardNoSchema,
    validFrom: z.string().datetime({ offset: true }),
    validTo: z.string().datetime({ offset: true }),
  })
  .openapi('IssueCard');

const CardQuery = z.object({
  phone: PhoneSchema.optional(),
  printedNo: CardNoSchema.optional(),
  chipNo: CardNoSchema.optional(),
  productId: IdParam.optional(),
  collectiveAccountId: IdParam.optional(),
});

const MovementSchema = z.object({ card: CardSchema, lines: z.array(CardLedgerLineSchema) });

/** Cards (CARD-2, CARD-3): issue, search, state, recharge, ledger and its export. */
export function cardRoutes(access: AccessRuntime) {
  const issue = securedRoute(
    access,
    { permission: 'card:issue', plane: 'tenant' },
    {
      method: 'post',
      path: '/cards',
      tags: ['cards'],
      summary: 'Issue a card (property users only; through a collective account it pays the price, CARD-2)',
      request: { body: { ...jsonBody(IssueCardSchema, 'the card'), required: true } },
      responses: { 201: jsonBody(MovementSchema, 'issued'), ...errorResponses(400, 404, 409, 422) },
    },
  );
  const list = securedRoute(
    access,
    { permission: 'card:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/cards',
      tags: ['cards'],
      summary: 'Search cards by holder phone, printed/chip no., product or account (newest first, ≤ 200)',
      request: { query: CardQuery },
      responses: {
        200: jsonBody(z.object({ items: z.array(CardSchema) }), 'cards'),
        ...errorResponses(400),
      },
    },
  );
  const get = securedRoute(
    access,
    { permission: 'card:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/cards/{cardId}',
      tags: ['cards'],
      summary: 'One card with its balance (Σ of its ledger)',
      request: { params: CardParams },
      responses: { 200: jsonBody(CardSchema, 'the card'), ...errorResponses(404) },
    },
  );
  const status = securedRoute(
    access,
    { permission: 'card:toggle', plane: 'tenant' },
    {
      method: 'post',
      path: '/cards/{cardId}/status',
      tags: ['cards'],
      summary: 'Enable, disable or report a card lost (a lost card cannot be enabled: CARD_LOST)',
      request: {
        params: CardParams,
        body: {
          ...jsonBody(z.object({ action: z.enum(['ENABLE', 'DISABLE', 'REPORT_LOSS']) }), 'the action'),
          required: true,
        },
      },
      responses: { 200: jsonBody(CardSchema, 'the card'), ...errorResponses(400, 404, 409) },
    },
  );
  const recharge = securedRoute(
    access,
    { permission: 'card:recharge', plane: 'tenant' },
    {
      method: 'post',
      path: '/cards/{cardId}/recharges',
      tags: ['cards'],
      summary: 'Recharge a card (the product’s discount rule adds a bonus line; CARD_AMOUNT_INVALID for ≤ 0)',
      request: {
        params: CardParams,
        body: {
          ...jsonBody(
            z.object({
              amount: AmountTextSchema,
              reference: z.string().trim().min(1).max(64).optional(),
              /** A retried request with the same id is one recharge. */
              requestId: z.string().trim().min(1).max(48).optional(),
            }),
            'the recharge',
          ),
          required: true,
        },
      },
      responses: { 201: jsonBody(MovementSchema, 'recorded'), ...errorResponses(400, 404, 409, 422) },
    },
  );
  const ledger = securedRoute(
    access,
    { permission: 'card:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/cards/{cardId}/ledger',
      tags: ['cards'],
      summary: 'The card’s ledger, oldest first (amount, balance after, order no.)',
      request: { params: CardParams },
      responses: {
        200: jsonBody(z.object({ items: z.array(CardLedgerLineSchema) }), 'ledger lines'),
        ...errorResponses(404),
      },
    },
  );
  const exportLedger = securedRoute(
    access,
    { permission: 'card:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/cards/{cardId}/ledger/export',
      tags: ['cards'],
      summary: 'The card’s ledger as CSV (a spreadsheet opens it)',
      request: { params: CardParams },
      responses: {
        200: { content: { 'text/csv': { schema: z.string() } }, description: 'CSV, one line per entry' },
        ...errorResponses(404),
      },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(issue, async (c) => {
      const body = c.req.valid('json');
      const caller = callerOf(c);
      const level = caller.kind === 'APP' ? 'APP' : caller.principal.place.level;
      const issued = await tenantOf(c).cards.issue(level, {
        productId: body.productId,
        ...(body.collectiveAccountId === undefined ? {} : { collectiveAccountId: body.collectiveAccountId }),
        holderPhone: body.holderPhone,
        holderName: body.holderName,
        printedNo: body.printedNo,
        chipNo: body.chipNo,
        validFrom: Date.parse(body.validFrom),
        validTo: Date.parse(body.validTo),
      });
      return c.json({ card: cardView(issued.card), lines: issued.lines.map(cardLineView) }, 201);
    })
    .openapi(list, async (c) => {
      const { phone, ...rest } = c.req.valid('query');
      const cards = await tenantOf(c).cards.list({
        ...defined(rest),
        ...(phone === undefined ? {} : { holderPhone: phone }),
      });
      return c.json({ items: cards.map(cardView) }, 200);
    })
    .openapi(get, async (c) =>
      c.json(cardView(await tenantOf(c).cards.get(c.req.valid('param').cardId)), 200),
    )
    .openapi(status, async (c) => {
      const card = await tenantOf(c).cards.changeStatus(
        c.req.valid('param').cardId,
        c.req.valid('json').action,
      );
      return c.json(cardView(card), 200);
    })
    .openapi(recharge, async (c) => {
      const { cardId } = c.req.valid('param');
      const { amount, reference, requestId } = c.req.valid('json');
      const moved = await tenantOf(c).cards.recharge(cardId, fenOf(amount), {
        ...(requestId === undefined ? {} : { entryNo: rechargeEntryNo(cardId, requestId) }),
        ...(reference === undefined ? {} : { reference }),
      });
      if (moved.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json({ card: cardView(moved.card), lines: moved.lines.map(cardLineView) }, 201);
    })
    .openapi(ledger, async (c) => {
      const lines = await tenantOf(c).cards.ledger(c.req.valid('param').cardId);
      return c.json({ items: lines.map(cardLineView) }, 200);
    })
    .openapi(exportLedger, async (c) => {
      const { cards } = tenantOf(c);
      const { cardId } = c.req.valid('param');
      const card = await cards.get(cardId);
      const csv = ledgerCsv(card, await cards.ledger(cardId));
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="card-${card.printedNo.replace(/[^A-Za-z0-9_-]/g, '_')}-ledger.csv"`,
      });
    });
}

/** The ledger entry no. of a recharge request: a digest of card and request id (unique, 46 characters). */
const rechargeEntryNo = (cardId: string, requestId: string): string =>
  `RC-${createHash('sha256').update(`${cardId}:${requestId}`).digest('base64url')}`;
