import { randomUUID } from 'node:crypto';
import {
  canDeleteDepartment,
  canMoveDepartment,
  checkDepartmentUsable,
  departmentTree,
  unwrap,
  type DepartmentNode,
} from '@chargeflow/core';
import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { DepartmentEntity, type DepartmentRow } from '../entities/organisation.js';
import { PersistenceError } from '../errors.js';
import { orgScopeOf, ownedWhere, ownerOfColumns } from '../owner-scope.js';
import { within, type QueryScope } from '../scope.js';
import { departmentOf, toDepartmentRecord, type DepartmentRecord } from './department-records.js';
import { containing, pageOf, type ListPaging, type Page } from './list-page.js';
import { checkOrgGate } from './org-gates.js';

/** ORG-6: the editable fields of a department. */
export interface DepartmentFields {
  readonly name?: string;
  readonly sortOrder?: number;
  readonly leader?: string | null;
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly enabled?: boolean;
}

/** A department with its live sub-departments (the expandable tree, ORG-6). */
export interface DepartmentTreeNode extends DepartmentRecord {
  readonly children: readonly DepartmentTreeNode[];
}

/** ORG-6 search filters. */
export interface DepartmentFilters extends ListPaging<'name' | 'sortOrder' | 'createdAt'> {
  readonly providerId?: string;
  readonly propertyId?: string;
  readonly parentId?: string;
  readonly name?: string;
  readonly enabled?: boolean;
}

/**
 * The department trees of a tenant (ORG-6) in the caller's scope: one tree per provider and
 * property, rooted at the first-level department made with it. Departments are added under a
 * usable parent, moved without cycles (core canMoveDepartment over the owner's locked rows) and
 * deleted as a flag (never the first-level one, never one with live children).
 */
export class DepartmentDirectory {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
    private readonly tenantId: string,
    private readonly scope: QueryScope,
  ) {}

  private where(query: Record<string, unknown>): FilterQuery<DepartmentRow> {
    return within<FilterQuery<DepartmentRow>>(ownedWhere(orgScopeOf(this.scope, this.tenantId)), {
      deleted: false,
      ...query,
    });
  }

  /** ORG-6, ORG-8: a department under a usable parent of an enabled (approved) owner. */
  async create(
    input: DepartmentFields & { readonly id?: string; readonly parentId: string },
  ): Promise<DepartmentRecord> {
    return this.em.fork().transactional(async (em) => {
      const parent = await this.find(em, input.parentId, LockMode.PESSIMISTIC_READ);
      unwrap(checkDepartmentUsable(departmentOf(this.tenantId, parent)));
      await checkOrgGate(em, this.tenantId, 'DEPARTMENT', ownerOfColumns(parent));
      const row = em.create(DepartmentEntity, {
        id: input.id ?? randomUUID(),
        ownerLevel: parent.ownerLevel,
        ownerProviderId: parent.ownerProviderId,
        ownerPropertyId: parent.ownerPropertyId ?? null,
        parentId: parent.id,
        rootOf: null,
        name: input.name ?? '',
        sortOrder: input.sortOrder ?? 0,
        leader: input.leader ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        enabled: input.enabled ?? true,
        deleted: false,
        createdAt: this.now(),
      });
      await em.flush();
      return toDepartmentRecord(row);
    });
  }

  /** ORG-6: live departments in scope matching the filters, one page (default order: sortOrder, name). */
  async list(filters: DepartmentFilters = {}): Promise<Page<DepartmentRecord>> {
    const where = this.where({
      ...(filters.providerId === undefined ? {} : { ownerProviderId: filters.providerId }),
      ...(filters.propertyId === undefined ? {} : { ownerPropertyId: filters.propertyId }),
      ...(filters.parentId === undefined ? {} : { parentId: filters.parentId }),
      ...(filters.name === undefined ? {} : { name: containing(filters.name) }),
      ...(filters.enabled === undefined ? {} : { enabled: filters.enabled }),
    });
    const page = await pageOf(this.em.fork(), DepartmentEntity, where, filters, 'sortOrder');
    return { ...page, items: page.rows.map(toDepartmentRecord) };
  }

  /** ORG-6: the live department forest in scope (core departmentTree: children by sort order, then name). */
  async tree(): Promise<readonly DepartmentTreeNode[]> {
    const rows = await this.em.fork().find(DepartmentEntity, this.where({}), { orderBy: { id: 'asc' } });
    const records = new Map(rows.map((r) => [r.id, toDepartmentRecord(r)]));
    const toNode = (node: DepartmentNode): DepartmentTreeNode => ({
      ...(records.get(node.department.id) as DepartmentRecord),
      children: node.children.map(toNode),
    });
    return departmentTree(rows.map((r) => departmentOf(this.tenantId, r))).map(toNode);
  }

  /** ORG-6: edits a department; a new `parentId` moves it (same owner, usable parent, no cycle). */
  async update(
    id: string,
    patch: DepartmentFields & { readonly parentId?: string },
  ): Promise<DepartmentRecord> {
    const owner = await this.find(this.em.fork(), id);
    return this.em.fork().transactional(async (em) => {
      const { row, all } = await this.lockTree(em, owner, id);
      if (patch.parentId !== undefined && patch.parentId !== row.parentId) {
        const parent = all.find((d) => d.id === patch.parentId && !d.deleted);
        if (!parent) {
          throw new PersistenceError('DEPARTMENT_NOT_FOUND', `no department ${patch.parentId}`, {
            departmentId: patch.parentId,
          });
        }
        unwrap(
          canMoveDepartment(
            all.map((d) => departmentOf(this.tenantId, d)),
            id,
            patch.parentId,
          ),
        );
        row.parentId = parent.id;
      }
      if (patch.name !== undefined) row.name = patch.name;
      if (patch.sortOrder !== undefined) row.sortOrder = patch.sortOrder;
      if (patch.leader !== undefined) row.leader = patch.leader;
      if (patch.phone !== undefined) row.phone = patch.phone;
      if (patch.email !== undefined) row.email = patch.email;
      if (patch.enabled !== undefined) row.enabled = patch.enabled;
      await em.flush();
      return toDepartmentRecord(row);
    });
  }

  /** ORG-6: marks a department deleted (core canDeleteDepartment); it can no longer be associated. */
  async delete(id: string): Promise<void> {
    const owner = await this.find(this.em.fork(), id);
    await this.em.fork().transactional(async (em) => {
      const { row, all } = await this.lockTree(em, owner, id);
      unwrap(
        canDeleteDepartment(
          all.map((d) => departmentOf(this.tenantId, d)),
          departmentOf(this.tenantId, row),
        ),
      );
      row.deleted = true;
      await em.flush();
    });
  }

  /**
   * The department (in scope, live; its owner read before the transaction) and every department of
   * that owner, all locked for update in id
   * order: edits, moves and deletes of one tree are serialised (two concurrent moves cannot close a
   * cycle together) and always take their locks in the same order (no deadlock between them).
   */
  private async lockTree(
    em: EntityManager,
    owner: Pick<DepartmentRow, 'ownerProviderId' | 'ownerPropertyId'>,
    id: string,
  ): Promise<{ row: DepartmentRow; all: DepartmentRow[] }> {
    const all = await em.find(
      DepartmentEntity,
      { ownerProviderId: owner.ownerProviderId, ownerPropertyId: owner.ownerPropertyId ?? null },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
    );
    const row = all.find((d) => d.id === id && !d.deleted);
    if (!row) throw new PersistenceError('DEPARTMENT_NOT_FOUND', `no department ${id}`, { departmentId: id });
    return { row, all };
  }

  /** A live department in scope, or DEPARTMENT_NOT_FOUND. */
  async find(em: EntityManager, id: string, lockMode?: LockMode): Promise<DepartmentRow> {
    const row = await em.findOne(
      DepartmentEntity,
      this.where({ id }),
      lockMode === undefined ? {} : { lockMode },
    );
    if (!row) throw new PersistenceError('DEPARTMENT_NOT_FOUND', `no department ${id}`, { departmentId: id });
    return row;
  }
}
