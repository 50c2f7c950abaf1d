import { scopeFilter, type Permission, type Principal } from '@chargeflow/core';
import type { QueryScope } from '../persistence/scope.js';

/**
 * Who is calling, resolved once per request from its credentials (issue 10): a platform operator
 * (control plane), a back-office user of a tenant, a machine client (API key) of a tenant, or an app
 * user (vehicle owner) of a tenant. Back-office users and machine clients carry core's Principal
 * (permissions, place, bound stations); app users act on their own rows only.
 */
export type Caller =
  | {
      readonly kind: 'PLATFORM';
      readonly tenantId: string;
      readonly id: string;
      readonly principal: Principal;
      readonly sessionId: string;
    }
  | {
      readonly kind: 'STAFF';
      readonly tenantId: string;
      readonly id: string;
      readonly principal: Principal;
      readonly sessionId: string;
    }
  | {
      readonly kind: 'MACHINE';
      readonly tenantId: string;
      readonly id: string;
      readonly principal: Principal;
    }
  | {
      readonly kind: 'APP';
      readonly tenantId: string;
      readonly id: string;
      readonly phone: string;
      readonly permissions: ReadonlySet<Permission>;
      readonly sessionId: string;
    };

/** The permissions a caller holds. */
export const permissionsOf = (caller: Caller): ReadonlySet<Permission> =>
  caller.kind === 'APP' ? caller.permissions : caller.principal.permissions;

/** ORG-1: the rows a caller reaches in its tenant's database (app users: their own). */
export function queryScopeOf(caller: Caller): QueryScope {
  if (caller.kind === 'APP') return { kind: 'OWNER', ownerId: caller.id };
  return { kind: 'ORG', scope: scopeFilter(caller.principal) };
}

/** A short description of the caller for logs and the audit log (never a phone number or token). */
export const callerRef = (caller: Caller | null): { readonly kind: string; readonly id: string } =>
  caller === null ? { kind: 'ANONYMOUS', id: '-' } : { kind: caller.kind, id: caller.id };
