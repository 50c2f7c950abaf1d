import type { DataScope, OrgScope } from '@chargeflow/core';

/**
 * Whose rows a repository may read and write, applied in the query (ORG-1), never after loading.
 * - `TENANT`: the whole tenant database (the tenant's workflows and activities, seeds, the platform
 *   provisioning it); the database itself is already the tenant's own (TEN-7).
 * - `ORG`: a back-office user or machine client: core's `scopeFilter(principal)`.
 * - `OWNER`: an app user (vehicle owner, CARD-4): only the orders they started; no station-level rows.
 */
export type QueryScope =
  | { readonly kind: 'TENANT' }
  | { readonly kind: 'ORG'; readonly scope: DataScope }
  | { readonly kind: 'OWNER'; readonly ownerId: string };

/** The whole tenant database (workers, seeds). */
export const WHOLE_TENANT: QueryScope = { kind: 'TENANT' };

/** Column (property) names of a table's scope columns; the entity's field names. */
export interface ScopeColumns {
  readonly provider: string;
  readonly property: string;
  readonly station: string;
  /** Rows that belong to an app user (orders); absent: app users see none of this table. */
  readonly owner?: string;
}

/** A filter nothing satisfies (`IN ()` compiles to a false condition). */
const NOTHING = (columns: ScopeColumns) => ({ [columns.station]: { $in: [] as string[] } });

function orgWhere(scope: OrgScope, columns: ScopeColumns): Record<string, unknown> {
  switch (scope.kind) {
    case 'ALL':
      return {};
    case 'PROVIDER':
      return { [columns.provider]: scope.providerId };
    case 'PROPERTY':
      return { [columns.provider]: scope.providerId, [columns.property]: scope.propertyId };
    case 'COLLECTIVE':
      return NOTHING(columns); // collective-account users see no station rows (access.md)
  }
}

/**
 * The WHERE fragment of a station-level table (stations, chargers, tariff versions, orders …) for
 * a scope: provider/property columns for the organisation, `IN (bound stations)` for station
 * bindings, the owner column for app users. Combine it with the query's own conditions.
 */
export function scopeWhere(scope: QueryScope, columns: ScopeColumns): Record<string, unknown> {
  switch (scope.kind) {
    case 'TENANT':
      return {};
    case 'OWNER':
      return columns.owner === undefined ? NOTHING(columns) : { [columns.owner]: scope.ownerId };
    case 'ORG': {
      const data = scope.scope;
      if (data.kind !== 'STATIONS') return orgWhere(data, columns);
      return { ...orgWhere(data.within, columns), [columns.station]: { $in: [...data.stationIds] } };
    }
  }
}

/**
 * The organisational scope above station level: station bindings do not narrow rows above stations
 * (access.md); the whole tenant is ALL, app users reach NONE.
 */
export function organisationOf(scope: QueryScope): OrgScope | 'ALL' | 'NONE' {
  if (scope.kind === 'TENANT') return 'ALL';
  if (scope.kind === 'OWNER') return 'NONE';
  return scope.scope.kind === 'STATIONS' ? scope.scope.within : scope.scope;
}

/**
 * The WHERE fragment of the property table (above station level: station bindings do not narrow it,
 * access.md): which properties a caller may place new stations under or list.
 */
export function propertyWhere(scope: QueryScope): Record<string, unknown> {
  const org = organisationOf(scope);
  if (org === 'ALL') return {};
  if (org === 'NONE') return { id: { $in: [] as string[] } };
  switch (org.kind) {
    case 'ALL':
      return {};
    case 'PROVIDER':
      return { provider: org.providerId };
    case 'PROPERTY':
      return { id: org.propertyId, provider: org.providerId };
    case 'COLLECTIVE':
      return { id: org.propertyId };
  }
}

/** The WHERE fragment of the provider table. */
export function providerWhere(scope: QueryScope): Record<string, unknown> {
  const org = organisationOf(scope);
  if (org === 'ALL') return {};
  if (org === 'NONE') return { id: { $in: [] as string[] } };
  switch (org.kind) {
    case 'ALL':
      return {};
    case 'PROVIDER':
    case 'PROPERTY':
      return { id: org.providerId };
    case 'COLLECTIVE':
      return { id: { $in: [] as string[] } };
  }
}

/** Scope columns of the station table itself. */
export const STATION_COLUMNS: ScopeColumns = { provider: 'providerId', property: 'property', station: 'id' };
/** Scope columns of chargers (their station is a relation). */
export const CHARGER_COLUMNS: ScopeColumns = {
  provider: 'providerId',
  property: 'propertyId',
  station: 'station',
};
/** Scope columns of tariff versions. */
export const STATION_LEVEL_COLUMNS: ScopeColumns = {
  provider: 'providerId',
  property: 'propertyId',
  station: 'stationId',
};
/** Scope columns of charging orders (app users see their own). */
export const ORDER_COLUMNS: ScopeColumns = { ...STATION_LEVEL_COLUMNS, owner: 'ownerId' };

/**
 * A query's own conditions AND the scope's, as `$and` so that neither can overwrite a key of the
 * other (a station id asked for must still lie inside the bound stations).
 */
export function within<T>(scope: Record<string, unknown>, query: Record<string, unknown>): T {
  return (Object.keys(scope).length === 0 ? query : { $and: [scope, query] }) as T;
}
