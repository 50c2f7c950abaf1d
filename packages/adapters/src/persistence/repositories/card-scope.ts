import { organisationOf, type QueryScope } from '../scope.js';

/**
 * ORG-1 for rows that belong to a property (card products, collective accounts, cards): the
 * organisation decides, station bindings do not narrow them (they sit above stations, access.md).
 * A collective-account user sees its own account (`collective` names the column that holds it) and
 * the property's products; app users see none.
 */
export function propertyRowsWhere(scope: QueryScope, collective?: string): Record<string, unknown> {
  const org = organisationOf(scope);
  if (org === 'ALL') return {};
  if (org === 'NONE') return { propertyId: { $in: [] as string[] } };
  switch (org.kind) {
    case 'ALL':
      return {};
    case 'PROVIDER':
      return { providerId: org.providerId };
    case 'PROPERTY':
      return { providerId: org.providerId, propertyId: org.propertyId };
    case 'COLLECTIVE':
      return {
        propertyId: org.propertyId,
        ...(collective === undefined ? {} : { [collective]: org.collectiveAccountId }),
      };
  }
}
