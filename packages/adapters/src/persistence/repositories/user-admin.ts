import { checkPasswordStrength, unwrap, type OrgScope, type PasswordHasher } from '@chargeflow/core';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { StaffUserEntity, UserRoleEntity, UserStationEntity, type StaffUserRow } from '../entities/access.js';
import { PersistenceError } from '../errors.js';
import { orgScopeOf } from '../owner-scope.js';
import { placeFromColumns, placesWithin } from '../place-columns.js';
import type { QueryScope } from '../scope.js';
import type { StaffDirectory, StaffUserRecord } from './staff-directory.js';
import { checkAssociations } from './user-associations.js';

/** ORG-4: what may be edited on a user (the phone is the login and stays). */
export interface UserPatch {
  readonly name?: string;
  readonly email?: string | null;
  readonly departmentId?: string | null;
  readonly postId?: string | null;
}

/**
 * The management of existing back-office users (ORG-4) in the caller's scope: edit, enable or
 * disable the login, delete, unbind a station, reset the password. A caller never disables or
 * deletes its own account (USER_SELF_CHANGE). Each write locks the user row.
 */
export class UserAdmin {
  constructor(
    private readonly em: EntityManager,
    private readonly tenantId: string,
    private readonly hasher: PasswordHasher,
    private readonly scope: QueryScope,
    private readonly directory: StaffDirectory,
    /** The signed-in user's id, when the caller is a back-office user. */
    private readonly selfId: string | null,
  ) {}

  private get org(): OrgScope | null {
    return orgScopeOf(this.scope, this.tenantId);
  }

  /** ORG-4…7: edits name, e-mail, department and post (checked with core checkUserAssociations). */
  async update(id: string, patch: UserPatch): Promise<StaffUserRecord> {
    await this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id);
      const departmentId = patch.departmentId === undefined ? (row.departmentId ?? null) : patch.departmentId;
      const postId = patch.postId === undefined ? (row.postId ?? null) : patch.postId;
      if (patch.departmentId !== undefined || patch.postId !== undefined) {
        await checkAssociations(em, this.tenantId, this.scope, placeFromColumns(row), {
          departmentId,
          postId,
        });
      }
      if (patch.name !== undefined) row.name = patch.name;
      if (patch.email !== undefined) row.email = patch.email;
      row.departmentId = departmentId;
      row.postId = postId;
      await em.flush();
    });
    return this.directory.getUser(id);
  }

  /** ORG-4: a disabled user cannot sign in and its tokens stop working; enabling clears a lockout. */
  async setEnabled(id: string, enabled: boolean): Promise<StaffUserRecord> {
    this.refuseSelf(id, enabled ? 'enable' : 'disable');
    await this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id);
      row.enabled = enabled;
      if (enabled) {
        row.failedLogins = 0;
        row.lockedUntil = null;
      }
      await em.flush();
    });
    return this.directory.getUser(id);
  }

  /** ORG-4: deletes a user with its role assignments and station bindings (one transaction). */
  async delete(id: string): Promise<void> {
    this.refuseSelf(id, 'delete');
    await this.em.fork().transactional(async (em) => {
      await this.find(em, id);
      await em.nativeDelete(UserRoleEntity, { userId: id });
      await em.nativeDelete(UserStationEntity, { userId: id });
      await em.nativeDelete(StaffUserEntity, { id });
    });
  }

  /** ORG-1, ORG-4: unbinds a station (USER_NOT_BOUND when it is not bound); the last one widens the scope back. */
  async unbindStation(id: string, stationId: string): Promise<StaffUserRecord> {
    const user = await this.directory.getUser(id);
    if (!user.stationIds.includes(stationId)) {
      throw new PersistenceError('USER_NOT_BOUND', `station ${stationId} is not bound to the user`, {
        userId: id,
        stationId,
      });
    }
    await this.em.fork().nativeDelete(UserStationEntity, { userId: id, stationId });
    return this.directory.getUser(id);
  }

  /** ORG-4: sets a new strong password (PASSWORD_WEAK otherwise), stored only as a hash; clears a lockout. */
  async resetPassword(id: string, password: string): Promise<void> {
    unwrap(checkPasswordStrength(password));
    await this.directory.getUser(id); // USER_NOT_FOUND before the slow hash
    const passwordHash = await this.hasher.hash(password);
    await this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id);
      row.passwordHash = passwordHash;
      row.failedLogins = 0;
      row.lockedUntil = null;
      await em.flush();
    });
  }

  private refuseSelf(id: string, action: string): void {
    if (this.selfId === id) {
      throw new PersistenceError('USER_SELF_CHANGE', `you cannot ${action} your own account`, { userId: id });
    }
  }

  private async find(em: EntityManager, id: string): Promise<StaffUserRow> {
    const org = this.org;
    const where = org === null ? { id: { $in: [] as string[] } } : placesWithin(org);
    const row = await em.findOne(StaffUserEntity, { ...where, id } as never, {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    if (!row) throw new PersistenceError('USER_NOT_FOUND', `no user ${id}`, { id });
    return row as StaffUserRow;
  }
}
