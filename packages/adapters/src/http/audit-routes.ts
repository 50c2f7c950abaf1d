import { orgScopeOf } from '@chargeflow/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { jsonBody } from './asset-views.js';
import { AuditPageSchema, AuditQuery, auditPageView } from './audit-views.js';
import { validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { callerOf, tenantOf, type AccessRuntime } from './security/guard.js';
import { securedRoute } from './security/route.js';

/** The tenant's audit log: every write (who, when, what, from which address), newest first. */
export function auditRoutes(access: AccessRuntime) {
  const list = securedRoute(
    access,
    { permission: 'audit:list', plane: 'tenant' },
    {
      method: 'get',
      path: '/audit-log',
      tags: ['organisation'],
      summary: 'Every write in this tenant: who, when, what, from which address (newest first)',
      request: { query: AuditQuery },
      responses: { 200: jsonBody(AuditPageSchema, 'one page') },
    },
  );
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(list, async (c) => {
    const caller = callerOf(c);
    // ORG-1: a scoped reader sees the writes of callers inside its subtree only.
    const within = caller.kind === 'APP' ? undefined : orgScopeOf(caller.principal);
    return c.json(auditPageView(await tenantOf(c).audit.list(c.req.valid('query'), within)), 200);
  });
}
