import type { OrgScope } from './data-scope.js';
import type { OrgOwner, OrgPlace } from './place.js';

/**
 * ORG-1, ORG-4: may a caller with this organisational scope create or manage something at `place`?
 * The place must lie in the caller's subtree: the tenant level reaches every place, a provider its
 * own place and its properties, a property its own place and its collective accounts; a
 * collective-account user manages no one.
 */
export function placeWithinScope(scope: OrgScope, place: OrgPlace): boolean {
  switch (scope.kind) {
    case 'ALL':
      return true;
    case 'PROVIDER':
      return place.level !== 'PLATFORM' && place.providerId === scope.providerId;
    case 'PROPERTY':
      return (
        (place.level === 'PROPERTY' || place.level === 'COLLECTIVE') &&
        place.providerId === scope.providerId &&
        place.propertyId === scope.propertyId
      );
    case 'COLLECTIVE':
      return false;
  }
}

/** ORG-5: may a caller with this scope define or assign roles owned by `owner`? (Its subtree only.) */
export const ownerWithinScope = (scope: OrgScope, owner: OrgOwner): boolean => placeWithinScope(scope, owner);
