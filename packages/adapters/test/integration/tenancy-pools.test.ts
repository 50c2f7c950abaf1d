// Tenant pools (TEN-7) on the real MariaDB: lazy open, idle close and the maxOpen cap, seen from the
// server's process list (connections of each tenant's own account).
import type { MikroORM } from '@mikro-orm/core';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTenantDbAdminUrls } from '../../src/tenancy/admin-servers.js';
import { MariaDbProvisioner } from '../../src/tenancy/mariadb-provisioner.js';
import { SecretBox } from '../../src/tenancy/secrets.js';
import { PlatformTenantCatalog } from '../../src/tenancy/tenant-catalog.js';
import { PooledTenantDatabases } from '../../src/tenancy/tenant-databases.js';
import {
  OPS,
  adminConnection,
  datasourceInput,
  dropEverything,
  openPlatformDatabase,
  runPrefix,
  testServer,
} from './tenancy-fixtures.js';

const P = runPrefix();
const secrets = new SecretBox(Buffer.alloc(32, 1));
const provisioner = new MariaDbProvisioner({ adminServers: parseTenantDbAdminUrls(testServer().adminUrl) });
const TENANTS = ['p1', 'p2', 'p3'].map((s) => `${P}-${s}`);
let platform: { orm: MikroORM; drop(): Promise<void> };
let admin: Connection;

/** Connections the server holds for a tenant's account right now. */
async function sessionsOf(tenantId: string): Promise<number> {
  const [rows] = await admin.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ?',
    [`${tenantId.replace(/-/g, '_')}`],
  );
  return Number(rows[0]?.['n']);
}

async function waitFor(check: () => Promise<boolean>, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  platform = await openPlatformDatabase();
  admin = await adminConnection();
  const catalog = new PlatformTenantCatalog({
    em: platform.orm.em,
    provisioner,
    secrets,
    now: () => Date.now(),
  });
  for (const id of TENANTS) {
    await catalog.createTenant({ id, name: id });
    // Account = the tenant id with "_" (see sessionsOf); pools of 2 connections at least.
    await catalog.configureDatasource(
      id,
      datasourceInput(id.replace(/-/g, '_'), { minConnections: 2, maxConnections: 3 }),
      OPS,
    );
  }
});

afterAll(async () => {
  await dropEverything(admin, P);
  await admin?.end();
  await platform?.drop();
});

describe('tenant pools on MariaDB (TEN-7)', () => {
  it('TEN-7 opens a tenant pool only on first use, once for concurrent callers', async () => {
    const dbs = new PooledTenantDatabases({ em: platform.orm.em, provisioner, secrets });
    try {
      expect(await sessionsOf(TENANTS[0] ?? '')).toBe(0);
      const opened = await Promise.all(Array.from({ length: 8 }, () => dbs.get(TENANTS[0] ?? '')));
      expect(new Set(opened.map((db) => db.orm)).size).toBe(1);
      expect(dbs.openCount()).toBe(1);
      expect(await sessionsOf(TENANTS[0] ?? '')).toBeGreaterThanOrEqual(1);
      expect(await sessionsOf(TENANTS[1] ?? '')).toBe(0);
    } finally {
      await dbs.closeAll();
    }
    await waitFor(async () => (await sessionsOf(TENANTS[0] ?? '')) === 0);
  });

  it('closes a pool idle longer than idleMs (its connections leave the server)', async () => {
    const dbs = new PooledTenantDatabases({ em: platform.orm.em, provisioner, secrets, idleMs: 200 });
    try {
      await (await dbs.get(TENANTS[1] ?? '')).em.getConnection().execute('select 1');
      expect(await sessionsOf(TENANTS[1] ?? '')).toBeGreaterThanOrEqual(1);
      await waitFor(async () => dbs.openCount() === 0);
      await waitFor(async () => (await sessionsOf(TENANTS[1] ?? '')) === 0);
      // …and opens again on the next use.
      await (await dbs.get(TENANTS[1] ?? '')).em.getConnection().execute('select 1');
      expect(dbs.openCount()).toBe(1);
    } finally {
      await dbs.closeAll();
    }
  });

  it('keeps at most maxOpen pools, closing the least recently used', async () => {
    const dbs = new PooledTenantDatabases({ em: platform.orm.em, provisioner, secrets, maxOpen: 2 });
    const [t1, t2, t3] = TENANTS as [string, string, string];
    try {
      for (const id of [t1, t2, t1, t3]) await (await dbs.get(id)).em.getConnection().execute('select 1');
      expect(dbs.openCount()).toBe(2);
      await waitFor(async () => (await sessionsOf(t2)) === 0);
      expect(await sessionsOf(t1)).toBeGreaterThanOrEqual(1);
      expect(await sessionsOf(t3)).toBeGreaterThanOrEqual(1);
      await dbs.evict(t1);
      expect(dbs.openCount()).toBe(1);
      await waitFor(async () => (await sessionsOf(t1)) === 0);
    } finally {
      await dbs.closeAll();
    }
  });
});
