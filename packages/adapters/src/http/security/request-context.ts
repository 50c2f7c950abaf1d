import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { callerRef } from '../../access/caller.js';
import type { AdapterLogger } from '../../kafka/ports.js';
import { placeToColumns } from '../../persistence/place-columns.js';
import type { AuditLog } from '../../persistence/repositories/audit-log.js';
import type { AppEnv } from './env.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The socket address Hono's node server hands over, if any. */
function socketAddress(env: unknown): string | undefined {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}

/**
 * First middleware of the API: a request id (X-Request-Id when given and sane, else new; echoed),
 * the client address (the first X-Forwarded-For hop only when `trustProxy`), empty request vars,
 * and one log line per request (method, route, status, ms, request id, tenant, caller; never a
 * header, body, phone or token).
 */
export function requestContext(options: {
  readonly logger: AdapterLogger;
  readonly trustProxy: boolean;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    const forwarded = options.trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    c.set('requestId', requestId);
    c.set('ip', (forwarded || socketAddress(c.env)) ?? 'unknown');
    c.set('caller', null);
    c.set('permission', null);
    c.set('tenant', null);
    c.set('auditAs', null);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const who = callerRef(c.get('caller'));
      options.logger.info(
        {
          requestId,
          method: c.req.method,
          route: c.req.routePath,
          status: c.res.status,
          ms: Math.round(performance.now() - started),
          tenant: c.get('caller')?.tenantId ?? null,
          caller: `${who.kind}:${who.id}`,
        },
        'request',
      );
    }
  };
}

/**
 * The audit log of writes: every successful POST/PUT/PATCH/DELETE is recorded with who (caller or
 * signed-in subject), when, what (method, route, path, status, permission) and from which address;
 * in the tenant's own database for tenant and app routes, in the platform's for the control plane
 * and sign-in. A failed audit write is logged; the request it describes has already happened.
 */
export function auditWrites(options: {
  readonly platform: AuditLog;
  readonly clock: () => number;
  readonly logger: AdapterLogger;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!WRITES.has(c.req.method) || c.res.status >= 400 || c.req.routePath === '/*') return;
    const who = c.get('auditAs') ?? callerRef(c.get('caller'));
    const caller = c.get('caller');
    const { providerId, propertyId } = placeToColumns(
      caller !== null && caller.kind !== 'APP' ? caller.principal.place : { level: 'PLATFORM' },
    );
    const log = c.get('tenant')?.audit ?? options.platform;
    await log
      .append({
        at: options.clock(),
        callerKind: who.kind,
        callerId: who.id,
        scopeProviderId: providerId,
        scopePropertyId: propertyId,
        method: c.req.method,
        route: c.req.routePath,
        path: c.req.path.slice(0, 512),
        status: c.res.status,
        permission: c.get('permission') ?? 'public',
        requestId: c.get('requestId'),
        ip: c.get('ip').slice(0, 64),
      })
      .catch((error: unknown) =>
        options.logger.error({ err: error, requestId: c.get('requestId') }, 'could not write the audit log'),
      );
  };
}
