import { randomUUID } from 'node:crypto';
import {
  canAssignRole,
  canDeleteRole,
  ownerWithinScope,
  unwrap,
  validateRolePermissions,
  type Duty,
  type OrgOwner,
  type Role,
} from '@chargeflow/core';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { RoleEntity, StaffUserEntity, UserRoleEntity, type RoleRow } from '../entities/access.js';
import { PersistenceError } from '../errors.js';
import { orgScopeOf, ownedWhere, ownerColumns } from '../owner-scope.js';
import { placeFromColumns, placesWithin } from '../place-columns.js';
import { within, type QueryScope } from '../scope.js';
import { containing, pageOf, type ListPaging, type Page } from './list-page.js';
import { checkOrgGate } from './org-gates.js';
import { roleOf, toRoleRecord, type RoleRecord } from './role-records.js';

/** ORG-5: a new role. */
export interface NewRole {
  readonly id?: string;
  readonly name: string;
  readonly owner: OrgOwner;
  readonly permissions: readonly string[];
  readonly duties?: readonly Duty[];
}

/** ORG-5 search filters. */
export interface RoleFilters extends ListPaging<'name' | 'createdAt'> {
  readonly name?: string;
  readonly enabled?: boolean;
  readonly ownerLevel?: 'PLATFORM' | 'PROVIDER' | 'PROPERTY';
  readonly providerId?: string;
  readonly propertyId?: string;
}

/**
 * Roles of a tenant (ORG-5) in the caller's scope (those owned inside its subtree): permissions of
 * the catalogue (core validateRolePermissions), enable/disable, delete only when unassigned (the
 * database refuses it too), assign and unassign users. Writes lock the role row, so an assignment
 * and a delete or disable of the same role are serialised.
 */
export class RoleDirectory {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
    private readonly tenantId: string,
    private readonly scope: QueryScope,
  ) {}

  private where(query: Record<string, unknown>): FilterQuery<RoleRow> {
    return within<FilterQuery<RoleRow>>(ownedWhere(orgScopeOf(this.scope, this.tenantId)), query);
  }

  /** ORG-5, ORG-8: a role owned inside the caller's subtree, under an enabled (approved) owner. */
  async create(input: NewRole): Promise<RoleRecord> {
    const org = orgScopeOf(this.scope, this.tenantId);
    if (org === null || !ownerWithinScope(org, input.owner)) {
      throw new PersistenceError(
        'ROLE_OUT_OF_SCOPE',
        'the role would be owned outside your organisation',
        {},
      );
    }
    const role: Role = {
      id: input.id ?? randomUUID(),
      tenantId: this.tenantId,
      owner: input.owner,
      name: input.name,
      enabled: true,
      permissions: [...input.permissions],
      duties: [...(input.duties ?? [])],
    };
    return this.em.fork().transactional(async (em) => {
      await checkOrgGate(em, this.tenantId, 'ROLE', input.owner);
      unwrap(validateRolePermissions(role));
      const row = em.create(RoleEntity, {
        id: role.id,
        ...ownerColumns(role.owner),
        name: role.name,
        enabled: true,
        permissions: [...role.permissions],
        duties: [...role.duties],
        createdAt: this.now(),
      });
      await em.flush();
      return toRoleRecord(row);
    });
  }

  /** ORG-5: roles in scope matching the filters, one page. */
  async list(filters: RoleFilters = {}): Promise<Page<RoleRecord>> {
    const where = this.where({
      ...(filters.name === undefined ? {} : { name: containing(filters.name) }),
      ...(filters.enabled === undefined ? {} : { enabled: filters.enabled }),
      ...(filters.ownerLevel === undefined ? {} : { ownerLevel: filters.ownerLevel }),
      ...(filters.providerId === undefined ? {} : { ownerProviderId: filters.providerId }),
      ...(filters.propertyId === undefined ? {} : { ownerPropertyId: filters.propertyId }),
    });
    const page = await pageOf(this.em.fork(), RoleEntity, where, filters, 'name');
    return { ...page, items: page.rows.map(toRoleRecord) };
  }

  /** Every role in scope (for callers that need them all, e.g. the built-in Administrator check). */
  async all(): Promise<RoleRecord[]> {
    const rows = await this.em
      .fork()
      .find(RoleEntity, this.where({}), { orderBy: { name: 'asc', id: 'asc' } });
    return rows.map(toRoleRecord);
  }

  /** ORG-5: renames a role or replaces its permissions (validated against the catalogue). */
  async update(
    id: string,
    patch: { readonly name?: string; readonly permissions?: readonly string[] },
  ): Promise<RoleRecord> {
    return this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id);
      const next: Role = {
        ...roleOf(this.tenantId, row),
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.permissions === undefined ? {} : { permissions: [...patch.permissions] }),
      };
      unwrap(validateRolePermissions(next));
      row.name = next.name;
      row.permissions = [...next.permissions];
      await em.flush();
      return toRoleRecord(row);
    });
  }

  /** ORG-5: a disabled role grants nothing and cannot be assigned; its assignments stay. */
  async setEnabled(id: string, enabled: boolean): Promise<RoleRecord> {
    return this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id);
      row.enabled = enabled;
      await em.flush();
      return toRoleRecord(row);
    });
  }

  /** ORG-5: deletes a role no user holds (ROLE_IN_USE with the number of users otherwise). */
  async delete(id: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id);
      const holders = await em.count(UserRoleEntity, { roleId: id });
      unwrap(canDeleteRole(roleOf(this.tenantId, row), holders));
      try {
        await em.nativeDelete(RoleEntity, { id });
      } catch (error) {
        // The database's own guard (foreign key on MariaDB, trigger on SQLite): an assignment won a race.
        if (/foreign key constraint fails|ROLE_IN_USE/i.test(String((error as Error).message))) {
          throw new PersistenceError('ROLE_IN_USE', `role ${row.name} is assigned`, { roleId: id });
        }
        throw error;
      }
    });
  }

  /** ORG-5: assigns an enabled role to a user of the role's own organisation (idempotent). */
  async assign(roleId: string, userId: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const role = await this.find(em, roleId);
      const user = await this.findUser(em, userId);
      unwrap(
        canAssignRole(roleOf(this.tenantId, role), {
          tenantId: this.tenantId,
          place: placeFromColumns(user),
        }),
      );
      if ((await em.count(UserRoleEntity, { roleId, userId })) === 0) {
        em.create(UserRoleEntity, { roleId, userId });
        await em.flush();
      }
    });
  }

  /** ORG-5: takes a role from a user (a no-op when the user does not hold it). */
  async unassign(roleId: string, userId: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      await this.find(em, roleId);
      await this.findUser(em, userId);
      await em.nativeDelete(UserRoleEntity, { roleId, userId });
    });
  }

  /** A role in scope, locked for update, or ROLE_NOT_FOUND. */
  private async find(em: EntityManager, id: string): Promise<RoleRow> {
    const row = await em.findOne(RoleEntity, this.where({ id }), { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) throw new PersistenceError('ROLE_NOT_FOUND', `no role ${id}`, { roleId: id });
    return row;
  }

  private async findUser(em: EntityManager, id: string) {
    const org = orgScopeOf(this.scope, this.tenantId);
    const where = org === null ? { id: { $in: [] as string[] } } : placesWithin(org);
    const row = await em.findOne(StaffUserEntity, { ...where, id } as never);
    if (!row) throw new PersistenceError('USER_NOT_FOUND', `no user ${id}`, { id });
    return row;
  }
}
