import { DomainError, type Permission } from '@chargeflow/core';
import type { MiddlewareHandler } from 'hono';
import { permissionsOf, type Caller } from '../../access/caller.js';
import type { AppEnv, Plane } from './env.js';
import type { TenantServices } from '../../access/tenant-services.js';

/** What a secured route's guard needs from the composition root. */
export interface AccessRuntime {
  /** The caller behind the request's credentials (Bearer access token or X-API-Key); UNAUTHENTICATED otherwise. */
  resolveCaller(headers: { readonly authorization?: string; readonly apiKey?: string }): Promise<Caller>;
  /** The caller's tenant database with repositories bound to its scope (TEN-7, ORG-1). */
  tenantServices(caller: Caller): Promise<TenantServices>;
}

/** The rule of one route: the one permission it declares, and its plane. */
export interface RouteRule {
  readonly permission: Permission;
  readonly plane: Plane;
}

/** The OpenAPI security requirement of a secured route: a bearer token or an API key. */
export const SECURITY = [{ bearerAuth: [] }, { apiKeyAuth: [] }];

const unauthenticated = (reason: string, message: string) =>
  new DomainError('UNAUTHENTICATED', message, { reason });

/** Whether the caller may act on this plane at all (platform operators never act inside a tenant). */
function planeAllows(caller: Caller, plane: Plane): boolean {
  switch (plane) {
    case 'platform':
      return caller.kind === 'PLATFORM';
    case 'tenant':
      return caller.kind === 'STAFF' || caller.kind === 'MACHINE';
    case 'app':
      return caller.kind === 'APP';
  }
}

/**
 * The guard of a secured route, run before its validators: 401 without valid credentials, 403
 * without the declared permission (or on another plane), then — on the tenant and app planes — the
 * caller's tenant services (its own database, scoped repositories) for the handler.
 */
export function guard(access: AccessRuntime, rule: RouteRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('permission', rule.permission);
    const authorization = c.req.header('authorization');
    const apiKey = c.req.header('x-api-key');
    if (authorization === undefined && apiKey === undefined) {
      throw unauthenticated('NO_CREDENTIALS', 'sign in first: Authorization: Bearer <token> or X-API-Key');
    }
    const caller = await access.resolveCaller({
      ...(authorization === undefined ? {} : { authorization }),
      ...(apiKey === undefined ? {} : { apiKey }),
    });
    c.set('caller', caller);
    if (!planeAllows(caller, rule.plane) || !permissionsOf(caller).has(rule.permission)) {
      throw new DomainError('ACCESS_DENIED', `missing permission ${rule.permission}`, {
        reason: 'PERMISSION',
        permission: rule.permission,
      });
    }
    if (rule.plane !== 'platform') c.set('tenant', await access.tenantServices(caller));
    await next();
  };
}

/** The tenant services a guard put on the request (only inside tenant- and app-plane handlers). */
export function tenantOf(c: { get(key: 'tenant'): TenantServices | null }): TenantServices {
  const tenant = c.get('tenant');
  if (tenant === null)
    throw new Error('no tenant on this request: the route is not on the tenant or app plane');
  return tenant;
}

/** The caller a guard resolved (only inside secured handlers). */
export function callerOf(c: { get(key: 'caller'): Caller | null }): Caller {
  const caller = c.get('caller');
  if (caller === null) throw new Error('no caller on this request: the route is public');
  return caller;
}

/** The platform operator's principal (only inside platform-plane handlers). */
export function principalOfPlatform(c: { get(key: 'caller'): Caller | null }) {
  const caller = callerOf(c);
  if (caller.kind !== 'PLATFORM') throw new Error('a platform route reached by a non-platform caller');
  return caller.principal;
}
