import type { OrgOwner, OrgScope } from '@chargeflow/core';
import { organisationOf, type QueryScope } from './scope.js';

// ORG-1, ORG-5…7: rows owned by an organisation (roles, departments, posts) carry the owner's
// provider and property in `ownerProviderId` / `ownerPropertyId`; a caller sees those of its subtree.

/** The caller's organisational scope, or null for app users (who see no owned rows). */
export function orgScopeOf(scope: QueryScope, tenantId: string): OrgScope | null {
  const org = organisationOf(scope);
  if (org === 'ALL') return { kind: 'ALL', tenantId };
  return org === 'NONE' ? null : org;
}

/** The WHERE fragment of owned rows inside an organisational scope (null: nothing). */
export function ownedWhere(scope: OrgScope | null): Record<string, unknown> {
  if (scope === null) return { id: { $in: [] as string[] } };
  switch (scope.kind) {
    case 'ALL':
      return {};
    case 'PROVIDER':
      return { ownerProviderId: scope.providerId };
    case 'PROPERTY':
      return { ownerPropertyId: scope.propertyId };
    case 'COLLECTIVE':
      return { id: { $in: [] as string[] } };
  }
}

/** The owner of owned-row columns. */
export function ownerOfColumns(row: {
  readonly ownerLevel: 'PLATFORM' | 'PROVIDER' | 'PROPERTY';
  readonly ownerProviderId?: string | null | undefined;
  readonly ownerPropertyId?: string | null | undefined;
}): OrgOwner {
  switch (row.ownerLevel) {
    case 'PLATFORM':
      return { level: 'PLATFORM' };
    case 'PROVIDER':
      return { level: 'PROVIDER', providerId: row.ownerProviderId ?? '' };
    case 'PROPERTY':
      return {
        level: 'PROPERTY',
        providerId: row.ownerProviderId ?? '',
        propertyId: row.ownerPropertyId ?? '',
      };
  }
}

/** The owner columns of an owned row (roles, departments, posts). */
export function ownerColumns(owner: OrgOwner): {
  readonly ownerLevel: OrgOwner['level'];
  readonly ownerProviderId: string | null;
  readonly ownerPropertyId: string | null;
} {
  return {
    ownerLevel: owner.level,
    ownerProviderId: owner.level === 'PLATFORM' ? null : owner.providerId,
    ownerPropertyId: owner.level === 'PROPERTY' ? owner.propertyId : null,
  };
}
