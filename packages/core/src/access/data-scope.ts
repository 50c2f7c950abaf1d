import type { OrgPlace } from './place.js';
import type { Permission } from './permissions.js';

/** Duties a role can carry beyond permissions; TEN-5 datasource work needs OPS or DEV. */
export type Duty = 'OPS' | 'DEV';

/** The authenticated caller: tenant, place in the organisation, bound stations, effective grants. */
export interface Principal {
  readonly tenantId: string;
  readonly userId: string;
  readonly place: OrgPlace;
  /** ORG-1: stations the user is bound to; empty means not narrowed. */
  readonly stationIds: readonly string[];
  /** Permissions of the user's enabled roles. */
  readonly permissions: ReadonlySet<Permission>;
  /** Duties of the user's enabled roles. */
  readonly duties: ReadonlySet<Duty>;
}

/**
 * Where a resource sits in the tree. Repositories fill what they know: a station-level row has
 * provider, property and station; a card funded by a collective account names the account. A
 * missing field never matches, so incomplete locations fail closed.
 */
export interface ResourceLocation {
  readonly tenantId: string;
  readonly providerId?: string;
  readonly propertyId?: string;
  readonly stationId?: string;
  readonly collectiveAccountId?: string;
}

/** The organisational part of a data scope. */
export type OrgScope =
  | { readonly kind: 'ALL'; readonly tenantId: string }
  | { readonly kind: 'PROVIDER'; readonly tenantId: string; readonly providerId: string }
  | {
      readonly kind: 'PROPERTY';
      readonly tenantId: string;
      readonly providerId: string;
      readonly propertyId: string;
    }
  | {
      readonly kind: 'COLLECTIVE';
      readonly tenantId: string;
      readonly propertyId: string;
      readonly collectiveAccountId: string;
    };

/**
 * ORG-1 data scope as a description a repository turns into a WHERE clause. STATIONS narrows
 * station-level rows (stations, areas, chargers, orders, tariffs …) to `stationIds`; rows above
 * station level (properties, users, roles, collective accounts) follow `within`.
 */
export type DataScope =
  | OrgScope
  | {
      readonly kind: 'STATIONS';
      readonly tenantId: string;
      readonly stationIds: readonly string[];
      readonly within: OrgScope;
    };

/** The organisational scope of a principal, ignoring station binding. */
export function orgScopeOf(principal: Principal): OrgScope {
  const { tenantId, place } = principal;
  switch (place.level) {
    case 'PLATFORM':
      return { kind: 'ALL', tenantId };
    case 'PROVIDER':
      return { kind: 'PROVIDER', tenantId, providerId: place.providerId };
    case 'PROPERTY':
      return { kind: 'PROPERTY', tenantId, providerId: place.providerId, propertyId: place.propertyId };
    case 'COLLECTIVE':
      return {
        kind: 'COLLECTIVE',
        tenantId,
        propertyId: place.propertyId,
        collectiveAccountId: place.collectiveAccountId,
      };
  }
}

/** ORG-1: the scope description repositories apply to every query of this principal. */
export function scopeFilter(principal: Principal): DataScope {
  const within = orgScopeOf(principal);
  if (principal.stationIds.length === 0) return within;
  return { kind: 'STATIONS', tenantId: principal.tenantId, stationIds: [...principal.stationIds], within };
}

function orgScopeAllows(scope: OrgScope, resource: ResourceLocation): boolean {
  switch (scope.kind) {
    case 'ALL':
      return true;
    case 'PROVIDER':
      return resource.providerId === scope.providerId;
    case 'PROPERTY':
      return resource.providerId === scope.providerId && resource.propertyId === scope.propertyId;
    case 'COLLECTIVE':
      return (
        resource.propertyId === scope.propertyId && resource.collectiveAccountId === scope.collectiveAccountId
      );
  }
}

/** True when a scope admits a resource; the in-memory twin of the repository filter. */
export function scopeAllows(scope: DataScope, resource: ResourceLocation): boolean {
  if (resource.tenantId !== scope.tenantId) return false; // TEN-7
  if (scope.kind !== 'STATIONS') return orgScopeAllows(scope, resource);
  if (!orgScopeAllows(scope.within, resource)) return false;
  return resource.stationId === undefined || scope.stationIds.includes(resource.stationId);
}

/** ORG-1, TEN-7: may the principal see or act on a resource at this location? */
export const canAccess = (principal: Principal, resource: ResourceLocation): boolean =>
  scopeAllows(scopeFilter(principal), resource);
