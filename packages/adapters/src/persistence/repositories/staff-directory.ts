import { randomUUID } from 'node:crypto';
import {
  bindStation,
  checkCanLogin,
  checkPasswordStrength,
  placeWithinScope,
  principalOf,
  unwrap,
  userTypeOf,
  type OrgPlace,
  type OrgScope,
  type PasswordHasher,
  type Principal,
  type UserAccount,
  type UserType,
} from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import {
  RoleEntity,
  StaffUserEntity,
  UserRoleEntity,
  UserStationEntity,
  type StaffUserRow,
} from '../entities/access.js';
import { StationEntity } from '../entities/assets.js';
import { PersistenceError, isUniqueViolation } from '../errors.js';
import { orgScopeOf } from '../owner-scope.js';
import { placeFromColumns, placeToColumns, placesWithin } from '../place-columns.js';
import { WHOLE_TENANT, within, type QueryScope } from '../scope.js';
import { containing, pageOf, type ListPaging, type Page } from './list-page.js';
import { checkOrgGate } from './org-gates.js';
import { checkPhoneFree } from './provider-directory.js';
import { roleOf } from './role-records.js';
import { checkAssociations } from './user-associations.js';

/** A back-office user as the API shows it (ORG-4); never its password hash. */
export interface StaffUserRecord {
  readonly id: string;
  readonly phone: string;
  readonly name: string;
  readonly email: string | null;
  readonly place: OrgPlace;
  readonly roleIds: readonly string[];
  readonly stationIds: readonly string[];
  /** ORG-4: SYSTEM (tenant level), PROVIDER, PROPERTY or COLLECTIVE: the level of its place. */
  readonly type: UserType;
  readonly departmentId: string | null;
  readonly postId: string | null;
  /** ORG-2, ORG-3: `provider:<id>` / `property:<id>` when this is the login account of one. */
  readonly loginOf: string | null;
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
  readonly departmentId?: string | null;
  readonly postId?: string | null;
}

const placeOf = (row: StaffUserRow): OrgPlace => placeFromColumns(row);

/** Users visible to an organisational scope (above station level: bindings do not narrow it). */
const userWhere = (scope: OrgScope | null): Record<string, unknown> =>
  scope === null ? { id: { $in: [] as string[] } } : placesWithin(scope);

/** ORG-4 search filters (name and phone match substrings; `type` is the user type of ORG-4). */
export interface UserFilters extends ListPaging<'name' | 'createdAt'> {
  readonly name?: string;
  readonly phone?: string;
  readonly type?: 'SYSTEM' | 'PROVIDER' | 'PROPERTY' | 'COLLECTIVE';
  readonly providerId?: string;
  readonly propertyId?: string;
  readonly enabled?: boolean;
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
    return orgScopeOf(this.scope, this.tenantId);
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
    const passwordHash = await this.hasher.hash(input.password);
    const id = input.id ?? randomUUID();
    try {
      await this.em.fork().transactional(async (em) => {
        // ORG-2, ORG-3, ORG-8: no new user under a disabled property or a disabled / unapproved provider.
        await checkOrgGate(em, this.tenantId, 'USER', input.place);
        await checkAssociations(em, this.tenantId, this.scope, input.place, input);
        await checkPhoneFree(em, input.phone);
        em.create(StaffUserEntity, {
          id,
          phone: input.phone,
          name: input.name,
          email: input.email ?? null,
          passwordHash,
          ...placeToColumns(input.place),
          departmentId: input.departmentId ?? null,
          postId: input.postId ?? null,
          enabled: true,
          failedLogins: 0,
          createdAt: this.now(),
        });
        for (const roleId of input.roleIds) em.create(UserRoleEntity, { userId: id, roleId });
        await em.flush();
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new PersistenceError('LOGIN_PHONE_TAKEN', 'this phone is already a login of this tenant', {
          phone: input.phone,
        });
      }
      throw error;
    }
    return this.getUser(id);
  }

  /** ORG-4: users inside the caller's subtree matching the filters, one page. */
  async listUsers(filters: UserFilters = {}): Promise<Page<StaffUserRecord>> {
    const em = this.em.fork();
    const level = filters.type === 'SYSTEM' ? 'PLATFORM' : filters.type;
    const where = within<FilterQuery<StaffUserRow>>(userWhere(this.org), {
      ...(filters.name === undefined ? {} : { name: containing(filters.name) }),
      ...(filters.phone === undefined ? {} : { phone: containing(filters.phone) }),
      ...(level === undefined ? {} : { placeLevel: level }),
      ...(filters.providerId === undefined ? {} : { providerId: filters.providerId }),
      ...(filters.propertyId === undefined ? {} : { propertyId: filters.propertyId }),
      ...(filters.enabled === undefined ? {} : { enabled: filters.enabled }),
    });
    const page = await pageOf(em, StaffUserEntity, where, filters, 'name');
    return { ...page, items: await Promise.all(page.rows.map((row) => this.recordOf(em, row))) };
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
      type: userTypeOf(placeOf(row)),
      departmentId: row.departmentId ?? null,
      postId: row.postId ?? null,
      loginOf: row.loginOf ?? null,
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
}
