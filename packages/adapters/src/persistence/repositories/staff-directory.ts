import { randomUUID } from 'node:crypto';
import {
  bindStation,
  canAssignRole,
  checkCanLogin,
  checkPasswordStrength,
  ownerWithinScope,
  placeWithinScope,
  principalOf,
  unwrap,
  validateRolePermissions,
  type Duty,
  type OrgOwner,
  type OrgPlace,
  type OrgScope,
  type PasswordHasher,
  type Principal,
  type Role,
  type UserAccount,
} from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import {
  RoleEntity,
  StaffUserEntity,
  UserRoleEntity,
  UserStationEntity,
  type RoleRow,
  type StaffUserRow,
} from '../entities/access.js';
import { PropertyEntity, ProviderEntity, StationEntity } from '../entities/assets.js';
import { PersistenceError, isUniqueViolation } from '../errors.js';
import { placeFromColumns, placeToColumns, placesWithin } from '../place-columns.js';
import { WHOLE_TENANT, within, type QueryScope } from '../scope.js';

/** A role as the API shows it (ORG-5). */
export interface RoleRecord {
  readonly id: string;
  readonly name: string;
  readonly owner: OrgOwner;
  readonly enabled: boolean;
  readonly permissions: readonly string[];
  readonly duties: readonly Duty[];
}

/** A back-office user as the API shows it (ORG-4); never its password hash. */
export interface StaffUserRecord {
  readonly id: string;
  readonly phone: string;
  readonly name: string;
  readonly email: string | null;
  readonly place: OrgPlace;
  readonly roleIds: readonly string[];
  readonly stationIds: readonly string[];
  readonly enabled: boolean;
  readonly createdAt: number;
}

/** A new back-office user: the password is hashed here and never stored otherwise. */
export interface NewStaffUser {
  readonly id?: string;
  readonly phone: string;
  readonly name: string;
  readonly email?: string;
  readonly password: string;
  readonly place: OrgPlace;
  readonly roleIds: readonly string[];
}

const placeOf = (row: StaffUserRow): OrgPlace => placeFromColumns(row);

const ownerOfRow = (row: RoleRow): OrgOwner =>
  row.ownerLevel === 'PLATFORM'
    ? { level: 'PLATFORM' }
    : row.ownerLevel === 'PROVIDER'
      ? { level: 'PROVIDER', providerId: row.ownerProviderId ?? '' }
      : { level: 'PROPERTY', providerId: row.ownerProviderId ?? '', propertyId: row.ownerPropertyId ?? '' };

const roleOf = (tenantId: string, row: RoleRow): Role => ({
  id: row.id,
  tenantId,
  owner: ownerOfRow(row),
  name: row.name,
  enabled: row.enabled,
  permissions: [...row.permissions],
  duties: [...row.duties] as Duty[],
});

const toRoleRecord = (row: RoleRow): RoleRecord => ({
  id: row.id,
  name: row.name,
  owner: ownerOfRow(row),
  enabled: row.enabled,
  permissions: [...row.permissions],
  duties: [...row.duties] as Duty[],
});

/** The organisational part of a query scope; the whole tenant is ALL. */
function orgScope(scope: QueryScope, tenantId: string): OrgScope | null {
  if (scope.kind === 'TENANT') return { kind: 'ALL', tenantId };
  if (scope.kind === 'OWNER') return null;
  return scope.scope.kind === 'STATIONS' ? scope.scope.within : scope.scope;
}

/** Users visible to an organisational scope (above station level: bindings do not narrow it). */
const userWhere = (scope: OrgScope | null): Record<string, unknown> =>
  scope === null ? { id: { $in: [] as string[] } } : placesWithin(scope);

/** Roles visible to an organisational scope: those owned inside its subtree. */
function roleWhere(scope: OrgScope | null): Record<string, unknown> {
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

/**
 * Back-office users, roles and station bindings of a tenant (ORG-1, ORG-4, ORG-5), inside the
 * caller's scope: a caller creates and sees users and roles of its own subtree only. Passwords are
 * kept only as slow salted hashes (the PasswordHasher port: argon2id).
 */
export class StaffDirectory {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
    private readonly tenantId: string,
    private readonly hasher: PasswordHasher,
    private readonly scope: QueryScope = WHOLE_TENANT,
  ) {}

  private get org(): OrgScope | null {
    return orgScope(this.scope, this.tenantId);
  }

  /** ORG-5: a role owned by the caller's subtree, with valid permissions (core validateRolePermissions). */
  async createRole(input: {
    readonly id?: string;
    readonly name: string;
    readonly owner: OrgOwner;
    readonly permissions: readonly string[];
    readonly duties?: readonly Duty[];
  }): Promise<RoleRecord> {
    const org = this.org;
    if (org === null || !ownerWithinScope(org, input.owner)) {
      throw new PersistenceError(
        'ROLE_OUT_OF_SCOPE',
        'the role would be owned outside your organisation',
        {},
      );
    }
    await this.checkOrgExists(input.owner);
    const role: Role = {
      id: input.id ?? randomUUID(),
      tenantId: this.tenantId,
      owner: input.owner,
      name: input.name,
      enabled: true,
      permissions: [...input.permissions],
      duties: [...(input.duties ?? [])],
    };
    unwrap(validateRolePermissions(role));
    const em = this.em.fork();
    const row = em.create(RoleEntity, {
      id: role.id,
      ownerLevel: role.owner.level,
      ownerProviderId: role.owner.level === 'PLATFORM' ? null : role.owner.providerId,
      ownerPropertyId: role.owner.level === 'PROPERTY' ? role.owner.propertyId : null,
      name: role.name,
      enabled: true,
      permissions: [...role.permissions],
      duties: [...role.duties],
      createdAt: this.now(),
    });
    await em.flush();
    return toRoleRecord(row);
  }

  /** ORG-5: roles owned inside the caller's subtree, by name. */
  async listRoles(): Promise<RoleRecord[]> {
    const rows = await this.em
      .fork()
      .find(RoleEntity, roleWhere(this.org), { orderBy: { name: 'asc', id: 'asc' } });
    return rows.map(toRoleRecord);
  }

  /**
   * ORG-4: a user at a place inside the caller's subtree (USER_OUT_OF_SCOPE), with a strong password
   * (PASSWORD_WEAK), a unique phone (LOGIN_PHONE_TAKEN) and assignable roles (ROLE_DISABLED,
   * ROLE_OUT_OF_SCOPE, ROLE_NOT_FOUND).
   */
  async createUser(input: NewStaffUser): Promise<StaffUserRecord> {
    const org = this.org;
    if (org === null || !placeWithinScope(org, input.place)) {
      throw new PersistenceError('USER_OUT_OF_SCOPE', 'the user would sit outside your organisation', {});
    }
    unwrap(checkPasswordStrength(input.password));
    await this.checkOrgExists(input.place);
    const em = this.em.fork();
    const roles = await em.find(
      RoleEntity,
      within<FilterQuery<RoleRow>>(roleWhere(org), { id: { $in: [...input.roleIds] } }),
    );
    const missing = input.roleIds.filter((id) => !roles.some((r) => r.id === id));
    if (missing.length > 0) {
      throw new PersistenceError('ROLE_NOT_FOUND', `no role ${missing.join(', ')}`, { roleIds: missing });
    }
    for (const row of roles)
      unwrap(canAssignRole(roleOf(this.tenantId, row), { tenantId: this.tenantId, place: input.place }));
    const id = input.id ?? randomUUID();
    const place = input.place;
    em.create(StaffUserEntity, {
      id,
      phone: input.phone,
      name: input.name,
      email: input.email ?? null,
      passwordHash: await this.hasher.hash(input.password),
      ...placeToColumns(place),
      enabled: true,
      failedLogins: 0,
      createdAt: this.now(),
    });
    for (const roleId of input.roleIds) em.create(UserRoleEntity, { userId: id, roleId });
    try {
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new PersistenceError('LOGIN_PHONE_TAKEN', 'this phone is already a login of this tenant', {});
      }
      throw error;
    }
    return this.getUser(id);
  }

  /** ORG-4: users inside the caller's subtree, by name. */
  async listUsers(): Promise<StaffUserRecord[]> {
    const em = this.em.fork();
    const rows = await em.find(StaffUserEntity, userWhere(this.org) as FilterQuery<StaffUserRow>, {
      orderBy: { name: 'asc', id: 'asc' },
    });
    return Promise.all(rows.map((row) => this.recordOf(em, row)));
  }

  /** One user inside the caller's subtree, or USER_NOT_FOUND. */
  async getUser(id: string): Promise<StaffUserRecord> {
    const em = this.em.fork();
    const row = await em.findOne(StaffUserEntity, {
      ...userWhere(this.org),
      id,
    } as FilterQuery<StaffUserRow>);
    if (!row) throw new PersistenceError('USER_NOT_FOUND', `no user ${id}`, { id });
    return this.recordOf(em, row);
  }

  /** ORG-1, ORG-4: binds a station (inside both the caller's and the user's subtree) to a user. */
  async bindStation(userId: string, stationId: string): Promise<StaffUserRecord> {
    const user = await this.getUser(userId);
    const em = this.em.fork();
    const station = await em.findOne(StationEntity, { id: stationId });
    const org = this.org;
    const visible =
      station !== null &&
      org !== null &&
      placeWithinScope(org, {
        level: 'PROPERTY',
        providerId: station.providerId,
        propertyId: station.property.id,
      });
    if (!station || !visible)
      throw new PersistenceError('STATION_NOT_FOUND', `no station ${stationId}`, { id: stationId });
    unwrap(
      bindStation(this.accountOf(user), {
        id: station.id,
        tenantId: this.tenantId,
        providerId: station.providerId,
        propertyId: station.property.id,
      }),
    );
    if (!user.stationIds.includes(stationId)) {
      em.create(UserStationEntity, { userId, stationId });
      await em.flush();
    }
    return this.getUser(userId);
  }

  /**
   * The request principal of an enabled user (core principalOf over its enabled roles), or null for
   * a user that no longer exists or is disabled (its tokens stop working).
   */
  async principalOf(userId: string): Promise<Principal | null> {
    const em = this.em.fork();
    const row = await em.findOne(StaffUserEntity, { id: userId });
    if (!row || !checkCanLogin({ ...this.accountOf(await this.recordOf(em, row)) }).ok) return null;
    const record = await this.recordOf(em, row);
    const roles = await em.find(RoleEntity, { id: { $in: [...record.roleIds] } });
    return principalOf(
      this.accountOf(record),
      roles.map((r) => roleOf(this.tenantId, r)),
    );
  }

  /** The row of a login phone (for sign-in: the lockout guard and the hash), or null. */
  async loginRow(phone: string): Promise<StaffUserRow | null> {
    return this.em.fork().findOne(StaffUserEntity, { phone });
  }

  private async recordOf(em: EntityManager, row: StaffUserRow): Promise<StaffUserRecord> {
    const [roles, stations] = await Promise.all([
      em.find(UserRoleEntity, { userId: row.id }, { orderBy: { roleId: 'asc' } }),
      em.find(UserStationEntity, { userId: row.id }, { orderBy: { stationId: 'asc' } }),
    ]);
    return {
      id: row.id,
      phone: row.phone,
      name: row.name,
      email: row.email ?? null,
      place: placeOf(row),
      roleIds: roles.map((r) => r.roleId),
      stationIds: stations.map((s) => s.stationId),
      enabled: row.enabled,
      createdAt: row.createdAt,
    };
  }

  private accountOf(user: StaffUserRecord): UserAccount {
    return {
      id: user.id,
      tenantId: this.tenantId,
      place: user.place,
      name: user.name,
      phone: user.phone,
      passwordHash: '',
      roleIds: user.roleIds,
      stationIds: user.stationIds,
      enabled: user.enabled,
    };
  }

  /** The provider / property a place or owner names must exist (PROVIDER_NOT_FOUND, PROPERTY_NOT_FOUND). */
  private async checkOrgExists(place: OrgPlace | OrgOwner): Promise<void> {
    if (place.level === 'PLATFORM') return;
    const em = this.em.fork();
    if ((await em.count(ProviderEntity, { id: place.providerId })) === 0) {
      throw new PersistenceError('PROVIDER_NOT_FOUND', `no provider ${place.providerId}`, {
        providerId: place.providerId,
      });
    }
    if (place.level === 'PROPERTY' || place.level === 'COLLECTIVE') {
      const found = await em.count(PropertyEntity, { id: place.propertyId, provider: place.providerId });
      if (found === 0) {
        throw new PersistenceError('PROPERTY_NOT_FOUND', `no property ${place.propertyId}`, {
          propertyId: place.propertyId,
        });
      }
    }
  }
}
