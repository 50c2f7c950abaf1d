import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../persistence/migrate.js';
import { openOrm } from '../persistence/orm.js';
import { passwordContext } from './datasource-records.js';
import { TENANCY_ENTITIES, TenantDatasourceEntity, TenantEntity } from './entities.js';
import { TENANCY_MIGRATIONS } from './migrations/index.js';
import type { TenantDatabaseSpec, TenantProvisioner } from './provisioner.js';
import { SecretBox } from './secrets.js';
import { PooledTenantDatabases } from './tenant-databases.js';

// Pool mechanics of TenantDatabases over a real (in-memory SQLite) platform database; the tenant
// "databases" are stand-ins that count opens and closes (the real ones: tenancy-*.test.ts).

const secrets = new SecretBox(Buffer.alloc(32, 3));
let platform: MikroORM;

class CountingProvisioner implements TenantProvisioner {
  readonly kind = 'SQLITE' as const;
  opened: TenantDatabaseSpec[] = [];
  closed: string[] = [];
  delayMs = 0;
  check(): void {}
  async provision(): Promise<void> {}
  async deprovision(): Promise<void> {}
  async open(spec: TenantDatabaseSpec): Promise<MikroORM> {
    this.opened.push(spec);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const em = { tenant: spec.tenantId };
    return { em, close: async () => void this.closed.push(spec.tenantId) } as unknown as MikroORM;
  }
}

async function addTenant(id: string, state: 'READY' | 'PROVISIONING' | null): Promise<void> {
  const em = platform.em.fork();
  await em.insert(TenantEntity, { id, name: id, state: 'CLOSED', createdAt: 1 });
  if (state === null) return;
  await em.insert(TenantDatasourceEntity, {
    tenantId: id,
    kind: 'SQLITE',
    host: '127.0.0.1',
    port: 3306,
    datasourceName: `ds_${id}`,
    databaseName: `cf_${id}`,
    account: `acct_${id}`,
    passwordEnc: secrets.seal(`Pw!${id}1A`, passwordContext(id)),
    maxConnections: 4,
    minConnections: 1,
    remarks: null,
    implementationState: 'NOT_IMPLEMENTED',
    provisioningState: state,
    provisioningId: '0123456789abcdef',
    leaseOwner: null,
    leaseUntil: 0,
    lastError: null,
    createdAt: 1,
    updatedAt: 1,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  platform = await openOrm({ url: ':memory:', entities: TENANCY_ENTITIES });
  await migrate(platform, TENANCY_MIGRATIONS);
  for (const id of ['ta', 'tb', 'tc']) await addTenant(id, 'READY');
  await addTenant('pending', 'PROVISIONING');
  await addTenant('bare', null);
});

afterAll(async () => {
  await platform?.close(true);
});

describe('TenantDatabases pools (TEN-7: one ORM per tenant, opened lazily)', () => {
  it('TEN-7 opens nothing until asked, then one ORM per tenant with its own decrypted credentials', async () => {
    const provisioner = new CountingProvisioner();
    const dbs = new PooledTenantDatabases({ em: platform.em, provisioner, secrets, migrateOnOpen: false });
    expect(dbs.openCount()).toBe(0);
    const a = await dbs.get('ta');
    const b = await dbs.get('tb');
    expect(a.tenantId).toBe('ta');
    expect(a.orm).not.toBe(b.orm);
    expect(provisioner.opened.map((s) => [s.tenantId, s.account, s.password])).toEqual([
      ['ta', 'acct_ta', 'Pw!ta1A'],
      ['tb', 'acct_tb', 'Pw!tb1A'],
    ]);
    expect(dbs.openCount()).toBe(2);
    await dbs.closeAll();
    expect(dbs.openCount()).toBe(0);
    expect(provisioner.closed.sort()).toEqual(['ta', 'tb']);
  });

  it('de-duplicates concurrent first opens and caches the open ORM', async () => {
    const provisioner = new CountingProvisioner();
    provisioner.delayMs = 30;
    const dbs = new PooledTenantDatabases({ em: platform.em, provisioner, secrets, migrateOnOpen: false });
    const all = await Promise.all(Array.from({ length: 10 }, () => dbs.get('ta')));
    expect(new Set(all.map((db) => db.orm)).size).toBe(1);
    expect(await dbs.get('ta')).toBe(all[0]);
    expect(provisioner.opened).toHaveLength(1);
    await dbs.closeAll();
  });

  it('closes pools idle longer than idleMs, and reopens on the next get', async () => {
    const provisioner = new CountingProvisioner();
    const dbs = new PooledTenantDatabases({
      em: platform.em,
      provisioner,
      secrets,
      migrateOnOpen: false,
      idleMs: 150,
    });
    await dbs.get('ta');
    await dbs.get('tb');
    for (let i = 0; i < 12; i += 1) {
      await sleep(20);
      await dbs.get('tb'); // kept busy
    }
    expect(provisioner.closed).toEqual(['ta']);
    expect(dbs.openCount()).toBe(1);
    await sleep(450);
    expect(dbs.openCount()).toBe(0);
    await dbs.get('ta');
    expect(provisioner.opened.map((s) => s.tenantId)).toEqual(['ta', 'tb', 'ta']);
    await dbs.closeAll();
  });

  it('caps open pools at maxOpen, closing the least recently used', async () => {
    const provisioner = new CountingProvisioner();
    const dbs = new PooledTenantDatabases({
      em: platform.em,
      provisioner,
      secrets,
      migrateOnOpen: false,
      maxOpen: 2,
    });
    await dbs.get('ta');
    await dbs.get('tb');
    await dbs.get('ta'); // ta is now the most recently used
    await dbs.get('tc');
    expect(dbs.openCount()).toBe(2);
    expect(provisioner.closed).toEqual(['tb']);
    await dbs.evict('ta');
    expect(provisioner.closed).toEqual(['tb', 'ta']);
    expect(dbs.openCount()).toBe(1);
    await dbs.closeAll();
  });

  it('answers TENANT_NOT_FOUND and TENANT_DATABASE_NOT_READY without opening anything', async () => {
    const provisioner = new CountingProvisioner();
    const dbs = new PooledTenantDatabases({ em: platform.em, provisioner, secrets, migrateOnOpen: false });
    await expect(dbs.get('nobody')).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
    await expect(dbs.get('bare')).rejects.toMatchObject({ code: 'TENANT_DATABASE_NOT_READY' });
    await expect(dbs.get('pending')).rejects.toMatchObject({ code: 'TENANT_DATABASE_NOT_READY' });
    expect(provisioner.opened).toEqual([]);
    expect(dbs.openCount()).toBe(0);
  });

  it('does not keep the process alive (the idle timer is unref-ed)', async () => {
    const dbs = new PooledTenantDatabases({
      migrateOnOpen: false,
      em: platform.em,
      provisioner: new CountingProvisioner(),
      secrets,
    });
    await dbs.get('ta');
    const timer = (dbs as unknown as { sweeper: NodeJS.Timeout }).sweeper;
    expect(timer.hasRef()).toBe(false);
    await dbs.closeAll();
  });
});
