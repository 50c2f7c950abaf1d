// MigrationP0004Onboarding on a platform database that already has tenants (MariaDB and SQLite):
// every existing tenant gets a profile with an enterprise no. by creation order (TEN-2), the
// sequence continues after them, and the next tenant gets the next number.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { TenantProfileEntity } from '../../src/onboarding/entities.js';
import { insertTenantWithProfile } from '../../src/onboarding/tenant-rows.js';
import { migrate } from '../../src/persistence/migrate.js';
import { isSqliteUrl, openOrm } from '../../src/persistence/orm.js';
import { uniqueDatabaseName } from '../../src/persistence/test-database.js';
import { PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from '../../src/platform/database.js';
import { TenantEntity } from '../../src/tenancy/entities.js';

const BEFORE_P0004 = PLATFORM_MIGRATIONS.filter((m) => m.name !== 'MigrationP0004Onboarding');

async function withPlatform(kind: 'mariadb' | 'sqlite', test: (orm: MikroORM) => Promise<void>) {
  const name = uniqueDatabaseName('cf_p4mig');
  const url =
    kind === 'sqlite'
      ? `file:${join(tmpdir(), `${name}.db`)}`
      : (() => {
          const u = new URL(serviceEndpoints().DATABASE_URL.replace(/^mariadb:/, 'mysql:'));
          u.pathname = `/${name}`;
          return u.toString();
        })();
  const orm = await openOrm({ url, entities: [...PLATFORM_ENTITIES] });
  try {
    await test(orm);
  } finally {
    if (isSqliteUrl(url)) {
      await orm.close(true);
      await rm(url.slice('file:'.length), { force: true });
    } else {
      await orm.em.getConnection().execute(`drop database if exists \`${name}\``);
      await orm.close(true);
    }
  }
}

describe.each(['mariadb', 'sqlite'] as const)('MigrationP0004Onboarding on %s', (kind) => {
  it('TEN-2 backfills a profile per existing tenant by creation order; new tenants continue the sequence', async () => {
    await withPlatform(kind, async (orm) => {
      expect(await migrate(orm, BEFORE_P0004)).not.toContain('MigrationP0004Onboarding');
      const em = orm.em.fork();
      // Created in this order: b (t=1), a (t=2), c (t=2: ties by id).
      await em.insert(TenantEntity, { id: 'tb', name: 'B', state: 'OPEN', createdAt: 1 });
      await em.insert(TenantEntity, { id: 'ta', name: 'A', state: 'CLOSED', createdAt: 2 });
      await em.insert(TenantEntity, { id: 'tc', name: 'C', state: 'CLOSED', createdAt: 2 });
      expect(await migrate(orm, PLATFORM_MIGRATIONS)).toEqual(['MigrationP0004Onboarding']);
      const profiles = await orm.em
        .fork()
        .find(TenantProfileEntity, {}, { orderBy: { enterpriseNo: 'ASC' } });
      expect(profiles.map((p) => [p.tenantId, p.enterpriseNo])).toEqual([
        ['tb', 'EN000001'],
        ['ta', 'EN000002'],
        ['tc', 'EN000003'],
      ]);
      await orm.em.fork().transactional((tx) => insertTenantWithProfile(tx, { id: 'td', name: 'D', now: 3 }));
      const next = await orm.em.fork().findOneOrFail(TenantProfileEntity, { tenantId: 'td' });
      expect(next.enterpriseNo).toBe('EN000004');
      expect(await migrate(orm, PLATFORM_MIGRATIONS)).toEqual([]);
    });
  });
});
