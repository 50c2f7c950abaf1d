import { randomUUID } from 'node:crypto';
import { canPlacePost, unwrap } from '@chargeflow/core';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { PostEntity, type DepartmentRow, type PostRow } from '../entities/organisation.js';
import { PersistenceError } from '../errors.js';
import { orgScopeOf, ownedWhere, ownerOfColumns } from '../owner-scope.js';
import { within, type QueryScope } from '../scope.js';
import { departmentOf, toPostRecord, type PostRecord } from './department-records.js';
import { DepartmentDirectory } from './department-directory.js';
import { containing, pageOf, type ListPaging, type Page } from './list-page.js';
import { checkOrgGate } from './org-gates.js';

/** ORG-7: the editable fields of a post. */
export interface PostFields {
  readonly name?: string;
  readonly sortOrder?: number;
  readonly enabled?: boolean;
}

/** ORG-7 search filters. */
export interface PostFilters extends ListPaging<'name' | 'sortOrder' | 'createdAt'> {
  readonly departmentId?: string;
  readonly name?: string;
  readonly enabled?: boolean;
}

/**
 * Posts (岗位, ORG-7) in the caller's scope: each belongs to a usable department of its owner (core
 * canPlacePost), may move to another department of the same owner, and is deleted as a flag.
 */
export class PostDirectory {
  private readonly departments: DepartmentDirectory;

  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
    private readonly tenantId: string,
    private readonly scope: QueryScope,
  ) {
    this.departments = new DepartmentDirectory(em, now, tenantId, scope);
  }

  private where(query: Record<string, unknown>): FilterQuery<PostRow> {
    return within<FilterQuery<PostRow>>(ownedWhere(orgScopeOf(this.scope, this.tenantId)), {
      deleted: false,
      ...query,
    });
  }

  /** ORG-7, ORG-8: a post in a usable department of an enabled (approved) owner. */
  async create(
    input: PostFields & { readonly id?: string; readonly departmentId: string },
  ): Promise<PostRecord> {
    return this.em.fork().transactional(async (em) => {
      const department = await this.usableDepartment(em, input.departmentId);
      await checkOrgGate(em, this.tenantId, 'POST', ownerOfColumns(department));
      const row = em.create(PostEntity, {
        id: input.id ?? randomUUID(),
        departmentId: department.id,
        ownerProviderId: department.ownerProviderId,
        ownerPropertyId: department.ownerPropertyId ?? null,
        name: input.name ?? '',
        sortOrder: input.sortOrder ?? 0,
        enabled: input.enabled ?? true,
        deleted: false,
        createdAt: this.now(),
      });
      await em.flush();
      return toPostRecord(row);
    });
  }

  /** ORG-7: live posts in scope matching the filters, one page (default order: sortOrder, name). */
  async list(filters: PostFilters = {}): Promise<Page<PostRecord>> {
    const where = this.where({
      ...(filters.departmentId === undefined ? {} : { departmentId: filters.departmentId }),
      ...(filters.name === undefined ? {} : { name: containing(filters.name) }),
      ...(filters.enabled === undefined ? {} : { enabled: filters.enabled }),
    });
    const page = await pageOf(this.em.fork(), PostEntity, where, filters, 'sortOrder');
    return { ...page, items: page.rows.map(toPostRecord) };
  }

  /** ORG-7: edits a post; a new `departmentId` moves it to a usable department of the same owner. */
  async update(id: string, patch: PostFields & { readonly departmentId?: string }): Promise<PostRecord> {
    return this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id);
      if (patch.departmentId !== undefined && patch.departmentId !== row.departmentId) {
        const department = await this.usableDepartment(em, patch.departmentId);
        if (
          department.ownerProviderId !== row.ownerProviderId ||
          (department.ownerPropertyId ?? null) !== (row.ownerPropertyId ?? null)
        ) {
          throw new PersistenceError('DEPARTMENT_OUT_OF_SCOPE', 'a post moves within its organisation only', {
            departmentId: department.id,
            postId: id,
          });
        }
        row.departmentId = department.id;
      }
      if (patch.name !== undefined) row.name = patch.name;
      if (patch.sortOrder !== undefined) row.sortOrder = patch.sortOrder;
      if (patch.enabled !== undefined) row.enabled = patch.enabled;
      await em.flush();
      return toPostRecord(row);
    });
  }

  /** ORG-7: marks a post deleted; it can no longer be associated. */
  async delete(id: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const row = await this.find(em, id);
      row.deleted = true;
      await em.flush();
    });
  }

  /** A live post in scope (locked for update inside a transaction), or POST_NOT_FOUND. */
  async find(em: EntityManager, id: string): Promise<PostRow> {
    const row = await em.findOne(PostEntity, this.where({ id }), { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!row) throw new PersistenceError('POST_NOT_FOUND', `no post ${id}`, { postId: id });
    return row;
  }

  private async usableDepartment(em: EntityManager, id: string): Promise<DepartmentRow> {
    const department = await this.departments.find(em, id, LockMode.PESSIMISTIC_READ);
    unwrap(canPlacePost(departmentOf(this.tenantId, department)));
    return department;
  }
}
