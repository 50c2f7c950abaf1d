import { randomUUID } from 'node:crypto';
import { DomainError, checkMemberEdit, unwrap, type MemberEdit } from '@chargeflow/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { VehicleOwnerEntity, type VehicleOwnerRow } from '../entities/access.js';
import { ChargingOrderEntity, type ChargingOrderRow } from '../entities/charging-order.js';
import { isUniqueViolation } from '../errors.js';
import { ORDER_COLUMNS, scopeWhere, within, type QueryScope } from '../scope.js';
import { toVehicleOwner, type VehicleOwnerRecord } from './vehicle-owners.js';

const notFound = (id: string) => new DomainError('VEHICLE_OWNER_NOT_FOUND', `no vehicle owner ${id}`, { id });

/**
 * CARD-4 车主 in the back office: list, add, edit, verify, enable/disable the tenant's app users.
 * The whole tenant's staff see every owner; a provider's or property's staff (ORG-1) see the owners
 * who charged at their stations (an order in their scope), as those are their customers.
 */
export class VehicleOwnerDirectory {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: () => number,
    private readonly scope: QueryScope,
  ) {}

  /** Owners in scope whose phone starts with `phone`, newest first, at most `limit`. */
  async list(phone?: string, limit = 200): Promise<VehicleOwnerRecord[]> {
    const where = await this.ownerScope();
    const query =
      phone === undefined ? {} : { phone: { $like: `${phone.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } };
    const rows = await this.em
      .fork()
      .find(VehicleOwnerEntity, within<FilterQuery<VehicleOwnerRow>>(where, query), {
        orderBy: { createdAt: 'desc', id: 'asc' },
        limit,
      });
    return rows.map(toVehicleOwner);
  }

  /** One owner in scope, or VEHICLE_OWNER_NOT_FOUND. */
  async get(id: string): Promise<VehicleOwnerRecord> {
    const row = await this.em
      .fork()
      .findOne(VehicleOwnerEntity, within<FilterQuery<VehicleOwnerRow>>(await this.ownerScope(), { id }));
    if (!row) throw notFound(id);
    return toVehicleOwner(row);
  }

  /** CARD-4: adds an owner (an app user who may then sign in by SMS code); the phone is unique. */
  async create(input: { readonly phone: string } & MemberEdit): Promise<VehicleOwnerRecord> {
    const { phone, ...edit } = input;
    const checked = unwrap(checkMemberEdit(edit));
    const em = this.em.fork();
    const row = em.create(VehicleOwnerEntity, {
      id: randomUUID(),
      phone,
      nickname: checked.nickname ?? null,
      name: checked.name ?? null,
      plate: checked.plate ?? null,
      verified: false,
      enabled: true,
      createdAt: this.clock(),
    });
    try {
      await em.flush();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('VEHICLE_OWNER_PHONE_TAKEN', 'an app user has this phone', { phone });
      throw error;
    }
    return toVehicleOwner(row);
  }

  /** CARD-4: edits nickname, name and plate (PLATE_INVALID for a plate that is none). */
  async update(id: string, edit: MemberEdit): Promise<VehicleOwnerRecord> {
    return this.change(id, { ...unwrap(checkMemberEdit(edit)) });
  }

  /** CARD-4, RES-1: verified owners may reserve. */
  setVerified(id: string, verified: boolean): Promise<VehicleOwnerRecord> {
    return this.change(id, { verified });
  }

  /** CARD-4: a disabled owner cannot sign in, and its tokens stop working within seconds (USER_DISABLED). */
  setEnabled(id: string, enabled: boolean): Promise<VehicleOwnerRecord> {
    return this.change(id, { enabled });
  }

  private async change(id: string, fields: Record<string, unknown>): Promise<VehicleOwnerRecord> {
    await this.get(id);
    await this.em.fork().nativeUpdate(VehicleOwnerEntity, { id }, fields);
    return this.get(id);
  }

  /** The owners the scope reaches: all, or those with an order in it. */
  private async ownerScope(): Promise<Record<string, unknown>> {
    const orders = scopeWhere(this.scope, ORDER_COLUMNS);
    if (Object.keys(orders).length === 0) return {};
    const rows = await this.em
      .fork()
      .find(ChargingOrderEntity, within<FilterQuery<ChargingOrderRow>>(orders, { ownerId: { $ne: null } }), {
        fields: ['ownerId'],
      });
    return {
      id: { $in: [...new Set(rows.map((r) => r.ownerId).filter((o): o is string => typeof o === 'string'))] },
    };
  }
}
