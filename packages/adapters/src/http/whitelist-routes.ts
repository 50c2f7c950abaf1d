import { OpenAPIHono, z } from '@hono/zod-openapi';
import { IdParam, errorResponses, jsonBody } from './asset-views.js';
import { validationHook } from './errors.js';
import { NewWhitelistSchema, WhitelistPatchSchema, WhitelistSchema, whitelistView } from './parking-views.js';
import type { AppEnv } from './security/env.js';
import { tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

const EntryParams = z.object({ entryId: IdParam });
const WhitelistQuery = z.object({
  stationId: IdParam.optional(),
  plate: z.string().trim().min(1).max(16).optional(),
});

/** RES-4 plate whitelist (白名单) of the caller's stations. */
export function whitelistRoutes(access: AccessRuntime) {
  const create = securedRoute(
    access,
    { permission: 'whitelist:create', plane: 'tenant' },
    {
      method: 'post',
      path: '/whitelist',
      tags: ['parking'],
      summary: 'List a plate at a station (RES-4: the lock opens, no occupancy accrues)',
      request: { body: { ...jsonBody(NewWhitelistSchema, 'the entry'), required: true } },
      responses: { 201: jsonBody(WhitelistSchema, 'created'), ...errorResponses(400, 404, 409, 422) },
    },
  );
  const list = securedRoute(
    access,
    { permission: 'whitelist:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/whitelist',
      tags: ['parking'],
      summary: 'Whitelist entries in scope, newest first (RES-4)',
      request: { query: WhitelistQuery },
      responses: {
        200: jsonBody(z.object({ items: z.array(WhitelistSchema) }), 'entries'),
        ...errorResponses(400),
      },
    },
  );
  const update = securedRoute(
    access,
    { permission: 'whitelist:update', plane: 'tenant' },
    {
      method: 'patch',
      path: '/whitelist/{entryId}',
      tags: ['parking'],
      summary: 'Edit the remark, enable or disable an entry (RES-4)',
      request: {
        params: EntryParams,
        body: { ...jsonBody(WhitelistPatchSchema, 'the change'), required: true },
      },
      responses: { 200: jsonBody(WhitelistSchema, 'the entry'), ...errorResponses(400, 404) },
    },
  );
  const remove = securedRoute(
    access,
    { permission: 'whitelist:delete', plane: 'tenant' },
    {
      method: 'delete',
      path: '/whitelist/{entryId}',
      tags: ['parking'],
      summary: 'Delete an entry (RES-4)',
      request: { params: EntryParams },
      responses: { 204: { description: 'deleted' }, ...errorResponses(404) },
    },
  );

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) =>
      c.json(whitelistView(await tenantOf(c).whitelist.create(c.req.valid('json'))), 201),
    )
    .openapi(list, async (c) => {
      const { stationId, plate } = c.req.valid('query');
      const items = await tenantOf(c).whitelist.list({
        ...(stationId === undefined ? {} : { stationId }),
        ...(plate === undefined ? {} : { plate }),
      });
      return c.json({ items: items.map(whitelistView) }, 200);
    })
    .openapi(update, async (c) => {
      const body = c.req.valid('json');
      const entry = await tenantOf(c).whitelist.update(c.req.valid('param').entryId, {
        ...(body.remark === undefined ? {} : { remark: body.remark }),
        ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
      });
      return c.json(whitelistView(entry), 200);
    })
    .openapi(remove, async (c) => {
      await tenantOf(c).whitelist.remove(c.req.valid('param').entryId);
      return c.body(null, 204);
    });
}
