import { OpenAPIHono, z } from '@hono/zod-openapi';
import { callerRef } from '../access/caller.js';
import { SPLIT_RECORD_STATUSES } from '../persistence/entities/splits.js';
import { defined, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { SplitSchema, splitView } from './split-views.js';
import type { AppEnv } from './security/env.js';
import { callerOf, tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const SplitParams = z.object({ splitNo: z.string().min(1).max(40) });
const SplitQuery = z.object({
  orderNo: z.string().min(1).max(32).optional(),
  stationId: z.string().min(1).max(36).optional(),
  leadMerchantId: z.string().min(1).max(32).optional().describe('主导商户'),
  merchantId: z.string().min(1).max(32).optional().describe('a receiving merchant (分账商户)'),
  status: z.enum(SPLIT_RECORD_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const SplitList = z.object({
  items: z.array(SplitSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** Split settlements (SPL-1) of the caller's tenant, in its scope. */
export function splitRoutes(access: AccessRuntime) {
  const listSplits = securedRoute(
    access,
    { permission: 'split:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/splits',
      tags: ['money'],
      summary: 'Search splits by order, station, lead merchant, split merchant, state (SPL-1)',
      request: { query: SplitQuery },
      responses: { 200: jsonBody(SplitList, 'newest first'), ...errorResponses(400) },
    },
  );
  const getSplit = securedRoute(
    access,
    { permission: 'split:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/splits/{splitNo}',
      tags: ['money'],
      summary: 'A split with its parts (SPL-1)',
      request: { params: SplitParams },
      responses: { 200: jsonBody(SplitSchema, 'the split'), ...errorResponses(400, 404) },
    },
  );
  const retrySplit = securedRoute(
    access,
    { permission: 'split:retry', plane: 'tenant' },
    {
      method: 'post',
      path: '/splits/{splitNo}/retry',
      tags: ['money'],
      summary: 'Retry the FAILED parts of a split (SPL-1); carried out by splitWorkflow',
      request: { params: SplitParams },
      responses: {
        202: jsonBody(SplitSchema, 'the failed parts PROCESSING again'),
        ...errorResponses(400, 404, 409),
      },
    },
  );
  const reverseSplit = securedRoute(
    access,
    { permission: 'split:reverse', plane: 'tenant' },
    {
      method: 'post',
      path: '/splits/{splitNo}/reverse',
      tags: ['money'],
      summary: 'Reverse (撤销) a SUCCEEDED split (SPL-1); carried out by splitWorkflow',
      request: { params: SplitParams },
      responses: { 202: jsonBody(SplitSchema, 'its parts REVERSING'), ...errorResponses(400, 404, 409) },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listSplits, async (c) => {
      const query = c.req.valid('query');
      const { items, total } = await tenantOf(c).splits.search(defined(query));
      return c.json({ items: items.map(splitView), total, limit: query.limit, offset: query.offset }, 200);
    })
    .openapi(getSplit, async (c) => {
      const split = await tenantOf(c).splits.get(c.req.valid('param').splitNo);
      return c.json(splitView(split), 200);
    })
    .openapi(retrySplit, async (c) => {
      const split = await tenantOf(c).splits.retry(c.req.valid('param').splitNo, callerRef(callerOf(c)).id);
      return c.json(splitView(split), 202);
    })
    .openapi(reverseSplit, async (c) => {
      const split = await tenantOf(c).splits.reverse(c.req.valid('param').splitNo, callerRef(callerOf(c)).id);
      return c.json(splitView(split), 202);
    });
}
