import {
  canAddUnderOrg,
  unwrap,
  type OrgChildKind,
  type OrgOwner,
  type OrgPlace,
  type Property,
  type Provider,
} from '@chargeflow/core';
import { LockMode, type EntityManager } from '@mikro-orm/core';
import { PropertyEntity, ProviderEntity, type PropertyRow, type ProviderRow } from '../entities/assets.js';
import { PersistenceError } from '../errors.js';

/** Core's provider (ORG-2) of a row (profile fields of providers made before migration 0004 read as empty). */
export const providerOfRow = (tenantId: string, row: ProviderRow): Provider => ({
  id: row.id,
  tenantId,
  name: row.name,
  contactName: row.contactName ?? '',
  phone: row.phone ?? '',
  email: row.email ?? '',
  merchantType: row.merchantType ?? '',
  auditStatus: row.auditStatus,
  enabled: row.enabled,
});

/** Core's property (ORG-3) of a row. */
export const propertyOfRow = (tenantId: string, row: PropertyRow): Property => ({
  id: row.id,
  tenantId,
  providerId: row.provider.id,
  name: row.name,
  contactName: row.contactName ?? '',
  phone: row.phone ?? '',
  email: row.email ?? '',
  province: row.province ?? '',
  city: row.city ?? '',
  address: row.address ?? '',
  enabled: row.enabled,
});

/**
 * ORG-2, ORG-3, ORG-8: the gate on adding a `kind` at `place` (core canAddUnderOrg): the provider must
 * exist, be approved and enabled, and the property (if any) exist and be enabled. The rows are read
 * with a shared lock inside the caller's transaction, so a concurrent disable waits for the insert
 * or the insert sees the disable. Nothing is gated at the tenant level.
 */
export async function checkOrgGate(
  em: EntityManager,
  tenantId: string,
  kind: OrgChildKind,
  place: OrgPlace | OrgOwner,
): Promise<void> {
  if (place.level === 'PLATFORM') return;
  const provider = await em.findOne(ProviderEntity, { id: place.providerId }, lockOf(em));
  if (!provider) {
    throw new PersistenceError('PROVIDER_NOT_FOUND', `no provider ${place.providerId}`, {
      providerId: place.providerId,
    });
  }
  let property: PropertyRow | null = null;
  if (place.level === 'PROPERTY' || place.level === 'COLLECTIVE') {
    property = await em.findOne(
      PropertyEntity,
      { id: place.propertyId, provider: place.providerId },
      lockOf(em),
    );
    if (!property) {
      throw new PersistenceError('PROPERTY_NOT_FOUND', `no property ${place.propertyId}`, {
        propertyId: place.propertyId,
      });
    }
  }
  unwrap(
    canAddUnderOrg(kind, {
      provider: providerOfRow(tenantId, provider),
      ...(property === null ? {} : { property: propertyOfRow(tenantId, property) }),
    }),
  );
}

/** A shared row lock inside a transaction (MariaDB `LOCK IN SHARE MODE`; SQLite serialises writers). */
const lockOf = (em: EntityManager) => (em.isInTransaction() ? { lockMode: LockMode.PESSIMISTIC_READ } : {});
