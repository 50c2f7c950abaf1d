import type { OrgPlace, OrgScope } from '@chargeflow/core';

// ORG-1: a place in the organisation (core's OrgPlace) as it is stored in a row: a level and the ids
// of the provider, property and collective account it sits under (null above them). Staff users,
// API keys and the audit log store places this way and filter them the same way.

/** A place as columns. */
export interface PlaceColumns {
  readonly placeLevel: OrgPlace['level'];
  readonly providerId: string | null;
  readonly propertyId: string | null;
  readonly collectiveAccountId: string | null;
}

/** The columns of a place. */
export const placeToColumns = (place: OrgPlace): PlaceColumns => ({
  placeLevel: place.level,
  providerId: place.level === 'PLATFORM' ? null : place.providerId,
  propertyId: place.level === 'PROPERTY' || place.level === 'COLLECTIVE' ? place.propertyId : null,
  collectiveAccountId: place.level === 'COLLECTIVE' ? place.collectiveAccountId : null,
});

/** The place of stored columns (a missing id reads as empty, which matches nothing). */
export function placeFromColumns(row: {
  readonly placeLevel: OrgPlace['level'];
  readonly providerId?: string | null | undefined;
  readonly propertyId?: string | null | undefined;
  readonly collectiveAccountId?: string | null | undefined;
}): OrgPlace {
  const providerId = row.providerId ?? '';
  const propertyId = row.propertyId ?? '';
  switch (row.placeLevel) {
    case 'PLATFORM':
      return { level: 'PLATFORM' };
    case 'PROVIDER':
      return { level: 'PROVIDER', providerId };
    case 'PROPERTY':
      return { level: 'PROPERTY', providerId, propertyId };
    case 'COLLECTIVE':
      return {
        level: 'COLLECTIVE',
        providerId,
        propertyId,
        collectiveAccountId: row.collectiveAccountId ?? '',
      };
  }
}

/** Column names of a table's place (the defaults are the staff user's and the API key's). */
export interface PlaceColumnNames {
  readonly provider: string;
  readonly property: string;
  readonly collective: string;
}

const DEFAULT_NAMES: PlaceColumnNames = {
  provider: 'providerId',
  property: 'propertyId',
  collective: 'collectiveAccountId',
};

/**
 * ORG-1: the WHERE fragment of rows whose place lies inside an organisational scope (in the query):
 * the whole tenant sees all; a provider its own rows and its properties'; a property its own; a
 * collective account its own. `undefined` is no restriction.
 */
export function placesWithin(
  within: OrgScope | undefined,
  names: PlaceColumnNames = DEFAULT_NAMES,
): Record<string, unknown> {
  if (within === undefined) return {};
  switch (within.kind) {
    case 'ALL':
      return {};
    case 'PROVIDER':
      return { [names.provider]: within.providerId };
    case 'PROPERTY':
      return { [names.provider]: within.providerId, [names.property]: within.propertyId };
    case 'COLLECTIVE':
      return { [names.collective]: within.collectiveAccountId };
  }
}
