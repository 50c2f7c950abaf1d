import { createRoute } from '@hono/zod-openapi';
import { SECURITY, guard, type AccessRuntime, type RouteRule } from './guard.js';

type RouteInput = Parameters<typeof createRoute>[0];

/**
 * A secured route (issue 10): it declares its one permission and plane (`x-permission`, `x-plane`
 * in the OpenAPI document, with the bearer and API-key security schemes) and runs the guard before
 * its validators (401 without credentials, 403 without the permission, the caller's tenant services
 * for the handler). The generated access test walks every such operation.
 */
export function securedRoute<R extends RouteInput>(access: AccessRuntime, rule: RouteRule, route: R) {
  return createRoute({
    ...route,
    middleware: [guard(access, rule)],
    security: SECURITY,
    'x-permission': rule.permission,
    'x-plane': rule.plane,
  } as R);
}

/** A public route: reachable without credentials, declared as such (`x-permission: public`). */
export function publicRoute<R extends RouteInput>(route: R) {
  return createRoute({ ...route, security: [], 'x-permission': 'public' } as R);
}

/** A secured route of the tenant plane (a tenant's back office) needing `permission`. */
export const tenantRoute = <R extends RouteInput>(
  access: AccessRuntime,
  permission: RouteRule['permission'],
  route: R,
) => securedRoute(access, { permission, plane: 'tenant' }, route);
