import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Principal } from './data-scope.js';
import { checkDepartmentUsable, type Department } from './departments.js';
import { ownerKey, ownerOf, userTypeOf, type OrgPlace, type UserType } from './place.js';
import { checkPostUsable, type Post } from './posts.js';
import { canAssignRole, effectiveGrants, type Role } from './roles.js';

/** ORG-4 user account; its type is the level of its place. The password is held only as a hash. */
export interface UserAccount {
  readonly id: string;
  readonly tenantId: string;
  readonly place: OrgPlace;
  readonly name: string;
  readonly phone: string;
  readonly email?: string;
  readonly passwordHash: string;
  readonly departmentId?: string;
  readonly postId?: string;
  readonly roleIds: readonly string[];
  /** ORG-1: bound stations narrow the user's scope; empty = not narrowed. */
  readonly stationIds: readonly string[];
  readonly enabled: boolean;
}

/** The ORG-4 type of a user. */
export const userType = (user: UserAccount): UserType => userTypeOf(user.place);

/** What a user is being associated with when created or edited. */
export interface UserAssociations {
  readonly department?: Department;
  readonly post?: Post;
  readonly roles: readonly Role[];
}

/**
 * ORG-4…7: department usable and of the user's organisation, post usable and in that department,
 * every role enabled and of the user's organisation. The first violation is returned.
 */
export function checkUserAssociations(
  user: Pick<UserAccount, 'tenantId' | 'place'>,
  associations: UserAssociations,
): Result<void, DomainError> {
  const { department, post, roles } = associations;
  if (department) {
    const usable = checkDepartmentUsable(department);
    if (!usable.ok) return usable;
    if (
      department.tenantId !== user.tenantId ||
      ownerKey(department.owner) !== ownerKey(ownerOf(user.place))
    ) {
      return err(
        new DomainError(
          'DEPARTMENT_OUT_OF_SCOPE',
          `department ${department.name} belongs to another organisation`,
          {
            departmentId: department.id,
          },
        ),
      );
    }
  }
  if (post) {
    const usable = checkPostUsable(post, department?.id);
    if (!usable.ok) return usable;
  }
  for (const role of roles) {
    const assignable = canAssignRole(role, user);
    if (!assignable.ok) return assignable;
  }
  return ok(undefined);
}

/** A station as far as binding needs it. */
export interface StationRef {
  readonly id: string;
  readonly tenantId: string;
  readonly providerId: string;
  readonly propertyId: string;
}

/** ORG-1, ORG-4: binds a station to a user; the station must lie inside the user's organisation subtree. */
export function bindStation(
  user: UserAccount,
  station: StationRef,
): Result<readonly string[], DomainError<'STATION_OUT_OF_SCOPE' | 'STATION_BINDING_NOT_ALLOWED'>> {
  const { place } = user;
  if (place.level === 'COLLECTIVE') {
    return err(
      new DomainError('STATION_BINDING_NOT_ALLOWED', 'collective-account users are not bound to stations', {
        userId: user.id,
      }),
    );
  }
  const inside =
    station.tenantId === user.tenantId &&
    (place.level === 'PLATFORM' ||
      (place.level === 'PROVIDER' && station.providerId === place.providerId) ||
      (place.level === 'PROPERTY' && station.propertyId === place.propertyId));
  if (!inside) {
    return err(
      new DomainError('STATION_OUT_OF_SCOPE', `station ${station.id} is outside the user's organisation`, {
        stationId: station.id,
        userId: user.id,
      }),
    );
  }
  return ok(user.stationIds.includes(station.id) ? user.stationIds : [...user.stationIds, station.id]);
}

/** ORG-4: unbinds a station; when the last one goes the user's scope widens back to its organisation. */
export const unbindStation = (user: UserAccount, stationId: string): readonly string[] =>
  user.stationIds.filter((id) => id !== stationId);

/** ORG-4: a disabled user cannot log in (USER_DISABLED). */
export const checkCanLogin = (user: UserAccount): Result<void, DomainError<'USER_DISABLED'>> =>
  user.enabled
    ? ok(undefined)
    : err(new DomainError('USER_DISABLED', 'this login is disabled', { userId: user.id }));

/** Builds the request principal of a user from its roles (only enabled roles count). */
export function principalOf(user: UserAccount, roles: readonly Role[]): Principal {
  const own = roles.filter((role) => user.roleIds.includes(role.id) && role.tenantId === user.tenantId);
  const { permissions, duties } = effectiveGrants(own);
  return {
    tenantId: user.tenantId,
    userId: user.id,
    place: user.place,
    stationIds: user.stationIds,
    permissions,
    duties,
  };
}
