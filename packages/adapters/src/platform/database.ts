import type { MikroORM } from '@mikro-orm/core';
import { AUTH_ENTITIES } from '../auth/entities.js';
import { AUTH_MIGRATIONS } from '../auth/migrations/index.js';
import { AuditEntryEntity } from '../persistence/entities/access.js';
import { ONBOARDING_ENTITIES } from '../onboarding/entities.js';
import { migrate } from '../persistence/migrate.js';
import { openOrm } from '../persistence/orm.js';
import { TENANCY_ENTITIES } from '../tenancy/entities.js';
import { TENANCY_MIGRATIONS } from '../tenancy/migrations/index.js';
import { MigrationP0003Audit } from './migrations/MigrationP0003Audit.js';
import { MigrationP0004Onboarding } from '../onboarding/migrations/MigrationP0004Onboarding.js';

/**
 * Every entity of the PLATFORM database (DATABASE_URL): tenants, datasources and the device
 * registry; platform operators, API keys, refresh tokens and SMS codes; the control plane's audit log;
 * registrations, follow-ups, profiles, contracts and contract notices (onboarding, TEN-1 … TEN-4).
 */
export const PLATFORM_ENTITIES = [
  ...TENANCY_ENTITIES,
  ...AUTH_ENTITIES,
  AuditEntryEntity,
  ...ONBOARDING_ENTITIES,
] as const;

/** The platform database's migrations, in order (append new ones; never edit a released one). */
export const PLATFORM_MIGRATIONS = [
  ...TENANCY_MIGRATIONS,
  ...AUTH_MIGRATIONS,
  { name: 'MigrationP0003Audit', class: MigrationP0003Audit },
  { name: 'MigrationP0004Onboarding', class: MigrationP0004Onboarding },
] as const;

/** Opens the platform database (mysql://… or file:…) and, unless told not to, applies its migrations. */
export async function openPlatformDatabase(
  url: string,
  options: { readonly migrate?: boolean } = {},
): Promise<{ readonly orm: MikroORM; readonly applied: readonly string[] }> {
  const orm = await openOrm({ url, entities: [...PLATFORM_ENTITIES] });
  try {
    const applied = options.migrate === false ? [] : await migrate(orm, PLATFORM_MIGRATIONS);
    return { orm, applied };
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}
