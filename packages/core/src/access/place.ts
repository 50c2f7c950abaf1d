/**
 * ORG-1: a place in the organisation tree platform → provider → property (→ collective account).
 * Users, roles, departments and principals each sit at one place; it decides what they may see.
 */
export type OrgPlace =
  | { readonly level: 'PLATFORM' }
  | { readonly level: 'PROVIDER'; readonly providerId: string }
  | { readonly level: 'PROPERTY'; readonly providerId: string; readonly propertyId: string }
  | {
      readonly level: 'COLLECTIVE';
      readonly providerId: string;
      readonly propertyId: string;
      readonly collectiveAccountId: string;
    };

/** ORG-4 user types; a user's type is the level of its place (PLATFORM users are SYSTEM users). */
export type UserType = 'SYSTEM' | 'PROVIDER' | 'PROPERTY' | 'COLLECTIVE';

/** The user type of a place. */
export const userTypeOf = (place: OrgPlace): UserType =>
  place.level === 'PLATFORM' ? 'SYSTEM' : place.level;

/**
 * The organisation that owns departments, roles and posts at a place: the platform, a provider or a
 * property (collective-account users use their property's departments and roles).
 */
export type OrgOwner =
  | { readonly level: 'PLATFORM' }
  | { readonly level: 'PROVIDER'; readonly providerId: string }
  | { readonly level: 'PROPERTY'; readonly providerId: string; readonly propertyId: string };

/** The owning organisation of a place. */
export function ownerOf(place: OrgPlace): OrgOwner {
  switch (place.level) {
    case 'PLATFORM':
    case 'PROVIDER':
      return place;
    case 'PROPERTY':
    case 'COLLECTIVE':
      return { level: 'PROPERTY', providerId: place.providerId, propertyId: place.propertyId };
  }
}

/** A stable string key of an owner ("platform", "provider:p1", "property:q1") for comparisons. */
export function ownerKey(owner: OrgOwner): string {
  switch (owner.level) {
    case 'PLATFORM':
      return 'platform';
    case 'PROVIDER':
      return `provider:${owner.providerId}`;
    case 'PROPERTY':
      return `property:${owner.propertyId}`;
  }
}

/** True when two owners are the same organisation. */
export const sameOwner = (a: OrgOwner, b: OrgOwner): boolean => ownerKey(a) === ownerKey(b);
