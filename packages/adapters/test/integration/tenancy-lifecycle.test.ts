// TEN-6 on the real MariaDB: implementation states, and deletion (only NOT_IMPLEMENTED), which drops
// the tenant's database and account with the row.
import type { MikroORM } from '@mikro-orm/core';
import mysql, { type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTenantDbAdminUrls } from '../../src/tenancy/admin-servers.js';
import { MariaDbProvisioner } from '../../src/tenancy/mariadb-provisioner.js';
import { SecretBox } from '../../src/tenancy/secrets.js';
import { PlatformTenantCatalog } from '../../src/tenancy/tenant-catalog.js';
import { PooledTenantDatabases } from '../../src/tenancy/tenant-databases.js';
import {
  ADMIN,
  OPS,
  accountNames,
  adminConnection,
  databaseNames,
  datasourceInput,
  dropEverything,
  openPlatformDatabase,
  runPrefix,
  testServer,
} from './tenancy-fixtures.js';

const P = runPrefix();
const server = testServer();
const secrets = new SecretBox(Buffer.alloc(32, 5));
const provisioner = new MariaDbProvisioner({ adminServers: parseTenantDbAdminUrls(server.adminUrl) });
let platform: { orm: MikroORM; drop(): Promise<void> };
let admin: Connection;
let catalog: PlatformTenantCatalog;
let databases: PooledTenantDatabases;

async function configured(suffix: string): Promise<string> {
  const id = `${P}-${suffix}`;
  await catalog.createTenant({ id, name: suffix });
  await catalog.configureDatasource(id, datasourceInput(`${P}_${suffix}`), OPS);
  return id;
}

beforeAll(async () => {
  platform = await openPlatformDatabase();
  admin = await adminConnection();
  databases = new PooledTenantDatabases({ em: platform.orm.em, provisioner, secrets });
  catalog = new PlatformTenantCatalog({
    em: platform.orm.em,
    provisioner,
    secrets,
    now: () => Date.now(),
    databases,
  });
});

afterAll(async () => {
  await databases?.closeAll();
  await dropEverything(admin, P);
  await admin?.end();
  await platform?.drop();
});

describe('tenants', () => {
  it('createTenant: TENANT_ID_INVALID (core checkTenantId), TENANT_EXISTS, CLOSED without datasource', async () => {
    const record = await catalog.createTenant({ id: `${P}-new`, name: ' New Co ' });
    expect(record).toMatchObject({ id: `${P}-new`, name: 'New Co', state: 'CLOSED', datasource: null });
    await expect(catalog.createTenant({ id: `${P}-new`, name: 'again' })).rejects.toMatchObject({
      code: 'TENANT_EXISTS',
    });
    await expect(catalog.createTenant({ id: 'platform', name: 'x' })).rejects.toMatchObject({
      code: 'TENANT_ID_INVALID',
    });
    await expect(catalog.createTenant({ id: 'Bad_Id', name: 'x' })).rejects.toMatchObject({
      code: 'TENANT_ID_INVALID',
    });
    await expect(catalog.getTenant(`${P}-none`)).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
    expect((await catalog.listTenants()).map((t) => t.id)).toContain(`${P}-new`);
  });
});

describe('implementation states (TEN-6)', () => {
  it('TEN-6 NOT_IMPLEMENTED → IMPLEMENTING → ONLINE one step at a time; ONLINE is terminal', async () => {
    const id = await configured('steps');
    await expect(catalog.advanceImplementation(id, 'ONLINE', OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_STATE_TRANSITION_INVALID',
      details: { from: 'NOT_IMPLEMENTED', to: 'ONLINE' },
    });
    await expect(catalog.advanceImplementation(id, 'IMPLEMENTING', ADMIN)).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
    expect(
      (await catalog.advanceImplementation(id, 'IMPLEMENTING', OPS)).datasource?.implementationState,
    ).toBe('IMPLEMENTING');
    expect((await catalog.advanceImplementation(id, 'ONLINE', OPS)).datasource?.implementationState).toBe(
      'ONLINE',
    );
    for (const to of ['NOT_IMPLEMENTED', 'IMPLEMENTING', 'ONLINE'] as const) {
      await expect(catalog.advanceImplementation(id, to, OPS)).rejects.toMatchObject({
        code: 'DATASOURCE_STATE_TRANSITION_INVALID',
      });
    }
    await expect(catalog.configureDatasource(id, datasourceInput(`${P}_steps`), OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_IMMUTABLE',
      details: { implementationState: 'ONLINE' },
    });
  });

  it('TEN-6 two concurrent advances of one state: one moves it, the other is refused', async () => {
    const id = await configured('twice');
    const results = await Promise.allSettled([
      catalog.advanceImplementation(id, 'IMPLEMENTING', OPS),
      catalog.advanceImplementation(id, 'IMPLEMENTING', OPS),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await catalog.getTenant(id)).datasource?.implementationState).toBe('IMPLEMENTING');
  });

  it('DATASOURCE_NOT_FOUND without a datasource', async () => {
    const id = `${P}-bare`;
    await catalog.createTenant({ id, name: 'bare' });
    await expect(catalog.advanceImplementation(id, 'IMPLEMENTING', OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_NOT_FOUND',
    });
    await expect(catalog.deleteDatasource(id, OPS)).rejects.toMatchObject({ code: 'DATASOURCE_NOT_FOUND' });
  });
});

describe('deleting a datasource (TEN-6)', () => {
  it('TEN-6 IMPLEMENTING and ONLINE datasources are not deletable; nothing is dropped', async () => {
    const id = await configured('keep');
    await catalog.advanceImplementation(id, 'IMPLEMENTING', OPS);
    await expect(catalog.deleteDatasource(id, OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_NOT_DELETABLE',
      details: { implementationState: 'IMPLEMENTING' },
    });
    await catalog.advanceImplementation(id, 'ONLINE', OPS);
    await expect(catalog.deleteDatasource(id, OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_NOT_DELETABLE',
    });
    expect(await databaseNames(admin, `${P}_keep`)).toEqual([`cf_${P}_keep`]);
    expect(await accountNames(admin, `${P}_keep`)).toEqual([`${P}_keep`]);
  });

  it('TEN-6 a NOT_IMPLEMENTED datasource is deleted with its database and account; its pool closes', async () => {
    const id = await configured('gone');
    await expect(catalog.deleteDatasource(id, ADMIN)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    await databases.get(id);
    expect(databases.openCount()).toBe(1);
    const record = await catalog.deleteDatasource(id, OPS);
    expect(record.datasource).toBeNull();
    expect(databases.openCount()).toBe(0);
    expect(await databaseNames(admin, `${P}_gone`)).toEqual([]);
    expect(await accountNames(admin, `${P}_gone`)).toEqual([]);
    // MariaDB answers a dropped account with 1045 or, depending on its auth plugin cache, 1698.
    const refused = await mysql
      .createConnection({ host: server.host, port: server.port, user: `${P}_gone`, password: 'Str0ng!Pass1' })
      .then(
        async (connection) => {
          await connection.end();
          return 'connected';
        },
        (error: { code?: string }) => error.code,
      );
    expect(['ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR']).toContain(refused);
    await expect(databases.get(id)).rejects.toMatchObject({ code: 'TENANT_DATABASE_NOT_READY' });
    // A deleted datasource can be configured again, from scratch.
    const again = await catalog.configureDatasource(id, datasourceInput(`${P}_gone`), OPS);
    expect(again.datasource?.provisioning).toBe('READY');
  });

  it('TEN-7 deleting ends the open sessions of the dropped account (no session outlives its datasource)', async () => {
    const id = await configured('sessions');
    const session = await mysql.createConnection({
      host: server.host,
      port: server.port,
      user: `${P}_sessions`,
      password: 'Str0ng!Pass1',
    });
    session.on('error', () => undefined);
    await catalog.deleteDatasource(id, OPS);
    await expect(session.query('select 1')).rejects.toThrow();
    session.destroy();
  });
});
