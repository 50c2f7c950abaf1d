import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { VehicleOwnerEntity, type VehicleOwnerRow } from '../entities/access.js';
import { isUniqueViolation } from '../errors.js';

/** A vehicle owner (车主, CARD-4): an app user of the tenant. */
export interface VehicleOwnerRecord {
  readonly id: string;
  readonly phone: string;
  readonly nickname: string | null;
  readonly name: string | null;
  readonly plate: string | null;
  readonly verified: boolean;
  readonly enabled: boolean;
  readonly createdAt: number;
}

/** A vehicle owner row as a record. */
export const toVehicleOwner = (row: VehicleOwnerRow): VehicleOwnerRecord => ({
  id: row.id,
  phone: row.phone,
  nickname: row.nickname ?? null,
  name: row.name ?? null,
  plate: row.plate ?? null,
  verified: row.verified,
  enabled: row.enabled,
  createdAt: row.createdAt,
});

/** App users of a tenant (CARD-4: every app user is a vehicle owner), keyed by their phone. */
export class VehicleOwners {
  constructor(
    private readonly em: EntityManager,
    private readonly now: () => number,
  ) {}

  /** The owner with this phone, created on first sign-in (the phone's unique key decides a race). */
  async findOrCreate(phone: string): Promise<VehicleOwnerRecord> {
    const known = await this.em.fork().findOne(VehicleOwnerEntity, { phone });
    if (known) return toVehicleOwner(known);
    const em = this.em.fork();
    const row = em.create(VehicleOwnerEntity, { id: randomUUID(), phone, createdAt: this.now() });
    try {
      await em.flush();
      return toVehicleOwner(row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return toVehicleOwner(await this.em.fork().findOneOrFail(VehicleOwnerEntity, { phone }));
    }
  }

  /** The owner, or null. */
  async get(id: string): Promise<VehicleOwnerRecord | null> {
    const row = await this.em.fork().findOne(VehicleOwnerEntity, { id });
    return row ? toVehicleOwner(row) : null;
  }
}
