import type { AuditStatus } from '@chargeflow/core';
import type { PropertyRow, ProviderRow } from '../entities/assets.js';

// Plain records of the organisation (ORG-2, ORG-3); profile fields of rows made before migration 0004 are null.

/** A provider (ORG-2). */
export interface ProviderRecord {
  readonly id: string;
  readonly name: string;
  readonly contactName: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly merchantType: string | null;
  readonly auditStatus: AuditStatus;
  readonly enabled: boolean;
  readonly createdAt: number;
}

/** A property (ORG-3). */
export interface PropertyRecord {
  readonly id: string;
  readonly providerId: string;
  readonly name: string;
  readonly contactName: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly address: string | null;
  readonly enabled: boolean;
  readonly createdAt: number;
}

/** The login account made with a provider's approval or a property (ORG-2, ORG-3); the password is shown once. */
export interface LoginAccount {
  readonly userId: string;
  readonly phone: string;
  readonly initialPassword: string;
}

/** Maps a provider row. */
export const toProviderRecord = (r: ProviderRow): ProviderRecord => ({
  id: r.id,
  name: r.name,
  contactName: r.contactName ?? null,
  phone: r.phone ?? null,
  email: r.email ?? null,
  merchantType: r.merchantType ?? null,
  auditStatus: r.auditStatus,
  enabled: r.enabled,
  createdAt: r.createdAt,
});

/** Maps a property row. */
export const toPropertyRecord = (r: PropertyRow): PropertyRecord => ({
  id: r.id,
  providerId: r.provider.id,
  name: r.name,
  contactName: r.contactName ?? null,
  phone: r.phone ?? null,
  email: r.email ?? null,
  province: r.province ?? null,
  city: r.city ?? null,
  address: r.address ?? null,
  enabled: r.enabled,
  createdAt: r.createdAt,
});
