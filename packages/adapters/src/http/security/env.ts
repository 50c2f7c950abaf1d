import type { Caller } from '../../access/caller.js';
import type { TenantServices } from '../../access/tenant-services.js';

/** Where a route's permission is checked: the control plane, a tenant's back office, or the app. */
export type Plane = 'platform' | 'tenant' | 'app';

/** Per-request values every router reads (Hono `c.var`). */
export interface RequestVars {
  /** X-Request-Id of the request (given or generated); echoed in the response and every log line. */
  requestId: string;
  /** The client address (the socket's, or the first X-Forwarded-For hop behind a trusted proxy). */
  ip: string;
  /** The authenticated caller, once a secured route has resolved it; null on public routes. */
  caller: Caller | null;
  /** The declared permission of the matched route (`public` for public ones). */
  permission: string | null;
  /** The caller's tenant: its own database and repositories bound to the caller's scope (tenant and app planes). */
  tenant: TenantServices | null;
  /** Who a public write acted for, once known (a sign-in records the signed-in subject). */
  auditAs: { readonly kind: string; readonly id: string } | null;
}

/** The Hono environment of the chargeflow API. */
export interface AppEnv {
  Variables: RequestVars;
}
