// TEN-5 and TEN-7 on the real MariaDB: each tenant's datasource gets its own database and its own
// account (privileges on that database only); refused datasources and failures leave nothing.
import type { MikroORM } from '@mikro-orm/core';
import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrations } from '../../src/persistence/migrate.js';
import { MIGRATIONS } from '../../src/persistence/migrations/index.js';
import { parseTenantDbAdminUrls } from '../../src/tenancy/admin-servers.js';
import { passwordContext } from '../../src/tenancy/datasource-records.js';
import { TenantDatasourceEntity } from '../../src/tenancy/entities.js';
import { MariaDbProvisioner } from '../../src/tenancy/mariadb-provisioner.js';
import { databaseMarker, type TenantDatabaseSpec, type TenantPool } from '../../src/tenancy/provisioner.js';
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
const secrets = new SecretBox(Buffer.alloc(32, 9));
const provisioner = new MariaDbProvisioner({ adminServers: parseTenantDbAdminUrls(server.adminUrl) });
let platform: { orm: MikroORM; drop(): Promise<void> };
let admin: Connection;
let catalog: PlatformTenantCatalog;

const catalogWith = (p: MariaDbProvisioner) =>
  new PlatformTenantCatalog({ em: platform.orm.em, provisioner: p, secrets, now: () => Date.now() });

/** Datasource rows of this run's tenants. */
const rows = async () =>
  (await platform.orm.em.fork().find(TenantDatasourceEntity, {})).filter((r) => r.tenantId.startsWith(P));

async function tenant(suffix: string): Promise<string> {
  const id = `${P}-${suffix}`;
  await catalog.createTenant({ id, name: `Tenant ${suffix}` });
  return id;
}

/** Connects with a tenant account's own credentials (what TEN-7 must hold against). */
const connectAs = (account: string, password = 'Str0ng!Pass1') =>
  mysql.createConnection({ host: server.host, port: server.port, user: account, password });

beforeAll(async () => {
  platform = await openPlatformDatabase();
  admin = await adminConnection();
  catalog = catalogWith(provisioner);
});

afterAll(async () => {
  await dropEverything(admin, P);
  await admin?.end();
  await platform?.drop();
});

describe('provisioning tenant databases on MariaDB (TEN-5, TEN-7)', () => {
  // Tenant ids chosen so the database names differ by one wildcard: a GRANT on cf_..._a_b with an
  // unescaped "_" would also grant cf_..._a1b.
  let a: string;
  let b: string;

  beforeAll(async () => {
    a = await tenant('a-b');
    b = await tenant('a1b');
    await catalog.configureDatasource(a, datasourceInput(`${P}_a`), OPS);
    await catalog.configureDatasource(b, datasourceInput(`${P}_b`, { password: 'An0ther#Secret' }), OPS);
  });

  it('TEN-7 two tenants each get their own database and account, READY and NOT_IMPLEMENTED', async () => {
    const [ra, rb] = [await catalog.getTenant(a), await catalog.getTenant(b)];
    expect(ra.datasource).toMatchObject({
      kind: 'MYSQL',
      host: server.host,
      port: server.port,
      databaseName: `cf_${P}_a_b`,
      datasourceName: `ds_${P}_a_b`,
      account: `${P}_a`,
      provisioning: 'READY',
      implementationState: 'NOT_IMPLEMENTED',
    });
    expect(rb.datasource?.databaseName).toBe(`cf_${P}_a1b`);
    expect(JSON.stringify(await catalog.listTenants())).not.toMatch(/Str0ng|An0ther|password/i);
    expect(await databaseNames(admin, P)).toEqual([`cf_${P}_a1b`, `cf_${P}_a_b`]);
    expect(await accountNames(admin, P)).toEqual([`${P}_a`, `${P}_b`]);
    const [grants] = await admin.query<RowDataPacket[]>("SHOW GRANTS FOR ?@'%'", [`${P}_a`]);
    expect(grants.map((g) => String(Object.values(g)[0]).replace(/ IDENTIFIED BY .*/, ''))).toEqual([
      `GRANT USAGE ON *.* TO \`${P}_a\`@\`%\``,
      `GRANT ALL PRIVILEGES ON \`cf\\_${P}\\_a\\_b\`.* TO \`${P}_a\`@\`%\``,
    ]);
  });

  it('TEN-5 stores the password only sealed, bound to its tenant', async () => {
    const row = (await rows()).find((r) => r.tenantId === a);
    expect(row?.passwordEnc).toMatch(/^v1:/);
    expect(row?.passwordEnc).not.toContain('Str0ng');
    expect(secrets.open(row?.passwordEnc ?? '', passwordContext(a))).toBe('Str0ng!Pass1');
  });

  it("TEN-7 tenant A's account cannot read tenant B's database (access denied), only its own", async () => {
    const conn = await connectAs(`${P}_a`);
    try {
      const [own] = await conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`cf_${P}_a_b\`.station`);
      expect(own[0]?.['n']).toBe(0);
      await expect(conn.query(`SELECT * FROM \`cf_${P}_a1b\`.station`)).rejects.toMatchObject({
        code: 'ER_TABLEACCESS_DENIED_ERROR',
      });
      await expect(conn.query(`USE \`cf_${P}_a1b\``)).rejects.toMatchObject({
        code: 'ER_DBACCESS_DENIED_ERROR',
      });
      await expect(conn.query('SELECT * FROM mysql.user')).rejects.toMatchObject({
        code: 'ER_TABLEACCESS_DENIED_ERROR',
      });
      const [dbs] = await conn.query<RowDataPacket[]>('SHOW DATABASES');
      expect(dbs.map((r) => String(Object.values(r)[0])).sort()).toEqual([
        `cf_${P}_a_b`,
        'information_schema',
      ]);
    } finally {
      await conn.end();
    }
    // …and B's password does not open A's account.
    await expect(connectAs(`${P}_a`, 'An0ther#Secret')).rejects.toMatchObject({
      code: 'ER_ACCESS_DENIED_ERROR',
    });
  });

  it('TEN-7 TenantDatabases.get opens the migrated tenant schema as the tenant account, one ORM per tenant', async () => {
    const dbs = new PooledTenantDatabases({ em: platform.orm.em, provisioner, secrets });
    try {
      const [dbA, dbB] = await Promise.all([dbs.get(a), dbs.get(b)]);
      expect(dbA.orm).not.toBe(dbB.orm);
      const [who] = await dbA.em
        .getConnection()
        .execute<{ db: string; user: string }[]>('select database() as db, current_user() as user');
      expect(who).toEqual({ db: `cf_${P}_a_b`, user: `${P}_a@%` });
      expect(await appliedMigrations(dbA.orm)).toEqual(MIGRATIONS.map((m) => m.name));
      await dbA.em
        .getConnection()
        .execute("insert into provider (id, name, enabled, created_at) values ('p-a', 'A', 1, 1)");
      const inB = await dbB.em.getConnection().execute<{ n: number }[]>('select count(*) as n from provider');
      expect(Number(inB[0]?.n)).toBe(0);
      await expect(dbA.em.getConnection().execute(`select * from \`cf_${P}_a1b\`.provider`)).rejects.toThrow(
        /denied/i,
      );
    } finally {
      await dbs.closeAll();
    }
  });

  it('TEN-5 once configured the datasource is immutable (DATASOURCE_IMMUTABLE), also with the same input', async () => {
    await expect(catalog.configureDatasource(a, datasourceInput(`${P}_a`), OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_IMMUTABLE',
    });
    await expect(catalog.configureDatasource(a, datasourceInput(`${P}_other`), OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_IMMUTABLE',
    });
    expect(await accountNames(admin, `${P}_other`)).toEqual([]);
  });
});

describe('refused datasources create nothing (TEN-5)', () => {
  async function expectNothing(tenantId: string): Promise<void> {
    expect((await rows()).filter((r) => r.tenantId === tenantId)).toEqual([]);
    expect(await databaseNames(admin, tenantId.replace(/-/g, '_'))).toEqual([]);
    expect((await catalog.getTenant(tenantId)).datasource).toBeNull();
  }

  it.each([
    ['DATASOURCE_ROOT_ACCOUNT', { account: 'root' }],
    ['DATASOURCE_ROOT_ACCOUNT', { account: 'ROOT' }],
    ['DATASOURCE_PASSWORD_WEAK', { password: 'weakpassword' }],
    ['DATASOURCE_POOL_INVALID', { minConnections: 5, maxConnections: 2 }],
    ['DATASOURCE_POOL_INVALID', { minConnections: 0 }],
    ['DATASOURCE_INVALID', { account: "x'@'%" }],
    ['DATASOURCE_INVALID', { address: 'no-port' }],
  ])('TEN-5 %s for %j, and no database, account or row', async (code, overrides) => {
    const id = await tenant(`r${Math.random().toString(36).slice(2, 8)}`);
    await expect(
      catalog.configureDatasource(id, datasourceInput(`${P}_refused`, overrides), OPS),
    ).rejects.toMatchObject({
      code,
    });
    await expectNothing(id);
    expect(await accountNames(admin, `${P}_refused`)).toEqual([]);
  });

  it('TEN-5 only ops/dev may configure (ACCESS_DENIED for a platform ADMIN), nothing created', async () => {
    const id = await tenant('noauth');
    await expect(
      catalog.configureDatasource(id, datasourceInput(`${P}_noauth`), ADMIN),
    ).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      details: { reason: 'PERMISSION' },
    });
    await expectNothing(id);
  });

  it('TENANT_NOT_FOUND for an unknown tenant', async () => {
    await expect(
      catalog.configureDatasource(`${P}-ghost`, datasourceInput(`${P}_ghost`), OPS),
    ).rejects.toMatchObject({
      code: 'TENANT_NOT_FOUND',
    });
  });
});

describe('a server that refuses leaves no database, no account and no row', () => {
  it('DATASOURCE_SERVER_UNKNOWN for a host:port with no admin URL', async () => {
    const id = await tenant('unknown');
    await expect(
      catalog.configureDatasource(
        id,
        datasourceInput(`${P}_unknown`, { address: `${server.host}:3399` }),
        OPS,
      ),
    ).rejects.toMatchObject({
      code: 'DATASOURCE_SERVER_UNKNOWN',
      details: { server: `${server.host}:3399` },
    });
    expect((await catalog.getTenant(id)).datasource).toBeNull();
  });

  it('DATASOURCE_PROVISIONING_FAILED when the admin URL has a wrong password (reason from the server, no secrets)', async () => {
    const id = await tenant('wrongpw');
    const wrong = new MariaDbProvisioner({
      adminServers: parseTenantDbAdminUrls(
        `mysql://${server.user}:Wr0ng!Admin@${server.host}:${server.port}`,
      ),
    });
    const error = await catalogWith(wrong)
      .configureDatasource(id, datasourceInput(`${P}_wrongpw`), OPS)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'DATASOURCE_PROVISIONING_FAILED',
      details: {
        step: 'CONNECT',
        serverCode: 'ER_ACCESS_DENIED_ERROR',
        reason: expect.stringMatching(/Access denied/),
      },
    });
    expect(JSON.stringify(error)).not.toMatch(/Wr0ng!Admin|Str0ng!Pass1/);
    expect((await catalog.getTenant(id)).datasource).toBeNull();
    expect(await accountNames(admin, `${P}_wrongpw`)).toEqual([]);
    expect(await databaseNames(admin, `${P}_wrongpw`)).toEqual([]);
  });

  it('DATASOURCE_PROVISIONING_FAILED when the server is unreachable (connection refused)', async () => {
    const id = await tenant('unreach');
    const closed = new MariaDbProvisioner({
      adminServers: parseTenantDbAdminUrls(`mysql://${server.user}:${server.password}@127.0.0.1:1`),
      connectTimeoutMs: 2_000,
    });
    await expect(
      catalogWith(closed).configureDatasource(
        id,
        datasourceInput(`${P}_unreach`, { address: '127.0.0.1:1' }),
        OPS,
      ),
    ).rejects.toMatchObject({
      code: 'DATASOURCE_PROVISIONING_FAILED',
      details: { serverCode: 'ECONNREFUSED' },
    });
    expect((await catalog.getTenant(id)).datasource).toBeNull();
  });

  it('a failure after the database and account exist (migrations) drops both: compensation', async () => {
    const id = await tenant('midway');
    class FailingMigrations extends MariaDbProvisioner {
      override async open(spec: TenantDatabaseSpec, pool?: TenantPool): Promise<MikroORM> {
        const orm = await super.open(spec, pool);
        await orm.close(true);
        throw new Error('simulated: lost the server during migrations');
      }
    }
    const failing = new FailingMigrations({ adminServers: parseTenantDbAdminUrls(server.adminUrl) });
    await expect(
      catalogWith(failing).configureDatasource(id, datasourceInput(`${P}_midway`), OPS),
    ).rejects.toMatchObject({
      code: 'DATASOURCE_PROVISIONING_FAILED',
      details: { step: 'MIGRATE', compensated: true, reason: 'simulated: lost the server during migrations' },
    });
    expect((await catalog.getTenant(id)).datasource).toBeNull();
    expect(await accountNames(admin, `${P}_midway`)).toEqual([]);
    expect(await databaseNames(admin, `${P}_midway`)).toEqual([]);
  });

  it('DATASOURCE_ACCOUNT_EXISTS for an account already on the server: it is left alone, the new database dropped', async () => {
    const id = await tenant('foreignacct');
    await admin.query("CREATE USER ?@'localhost' IDENTIFIED BY 'Xx1!xxxxxx'", [`${P}_foreign`]);
    await expect(catalog.configureDatasource(id, datasourceInput(`${P}_foreign`), OPS)).rejects.toMatchObject(
      {
        code: 'DATASOURCE_ACCOUNT_EXISTS',
        details: { compensated: true },
      },
    );
    expect(await accountNames(admin, `${P}_foreign`)).toEqual([`${P}_foreign`]);
    expect(await databaseNames(admin, `${P}_foreignacct`)).toEqual([]);
    expect((await catalog.getTenant(id)).datasource).toBeNull();
  });

  it('DATASOURCE_DATABASE_EXISTS for a database not created for this tenant: never adopted, never dropped', async () => {
    const id = await tenant('squat');
    await admin.query(`CREATE DATABASE \`cf_${P}_squat\``);
    await admin.query(`CREATE TABLE \`cf_${P}_squat\`.keep (x int)`);
    await expect(catalog.configureDatasource(id, datasourceInput(`${P}_squat`), OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_DATABASE_EXISTS',
    });
    const [tables] = await admin.query<RowDataPacket[]>(`SHOW TABLES FROM \`cf_${P}_squat\``);
    expect(tables).toHaveLength(1);
    expect(await accountNames(admin, `${P}_squat`)).toEqual([]);
    expect((await catalog.getTenant(id)).datasource).toBeNull();
  });

  it('DATASOURCE_ACCOUNT_TAKEN when another tenant already uses that account on that server', async () => {
    const id = await tenant('sameacct');
    await expect(catalog.configureDatasource(id, datasourceInput(`${P}_a`), OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_ACCOUNT_TAKEN',
    });
    expect((await catalog.getTenant(id)).datasource).toBeNull();
    expect(await databaseNames(admin, `${P}_sameacct`)).toEqual([]);
  });
});

describe('passwords and account names reach the server safely (TEN-5)', () => {
  it('a password full of SQL metacharacters is set exactly (escaped by the driver) and works', async () => {
    const id = await tenant('quote');
    const password = `Qu0te'"\\;--%_\`$x`;
    await catalog.configureDatasource(id, datasourceInput(`${P}_quote`, { password }), OPS);
    const conn = await connectAs(`${P}_quote`, password);
    const [who] = await conn.query<RowDataPacket[]>('SELECT CURRENT_USER() AS u');
    await conn.end();
    expect(who[0]?.['u']).toBe(`${P}_quote@%`);
    await expect(connectAs(`${P}_quote`, password.slice(0, -1))).rejects.toMatchObject({
      code: 'ER_ACCESS_DENIED_ERROR',
    });
  });

  it("DATASOURCE_ACCOUNT_EXISTS for the admin's own account (never taken over)", async () => {
    const id = await tenant('adminacct');
    await expect(catalog.configureDatasource(id, datasourceInput(server.user), OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_ACCOUNT_EXISTS',
    });
    expect(await databaseNames(admin, `${P}_adminacct`)).toEqual([]);
    expect((await catalog.getTenant(id)).datasource).toBeNull();
  });
});

describe('one provisioning per tenant, and resuming after a crash', () => {
  it('TEN-5 concurrent configure of one tenant: exactly one provisions, the others get a conflict', async () => {
    const id = await tenant('race');
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => catalog.configureDatasource(id, datasourceInput(`${P}_race`), OPS)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as { code: string }).code] : [],
    );
    expect(codes).toHaveLength(5);
    for (const code of codes)
      expect(['DATASOURCE_PROVISIONING_CONFLICT', 'DATASOURCE_IMMUTABLE']).toContain(code);
    expect((await catalog.getTenant(id)).datasource?.provisioning).toBe('READY');
    expect(await databaseNames(admin, `${P}_race`)).toEqual([`cf_${P}_race`]);
  });

  it('a repeated call resumes what a crashed call left (marked database and its account), idempotently', async () => {
    const id = await tenant('crash');
    const provisioningId = 'c0ffee00c0ffee00';
    const now = Date.now();
    // The state a process dying right after CREATE USER leaves: row PROVISIONING with a lapsed lease.
    await platform.orm.em.fork().insert(TenantDatasourceEntity, {
      tenantId: id,
      kind: 'MYSQL',
      host: server.host,
      port: server.port,
      datasourceName: `ds_${P}_crash`,
      databaseName: `cf_${P}_crash`,
      account: `${P}_crash`,
      passwordEnc: secrets.seal('Str0ng!Pass1', passwordContext(id)),
      maxConnections: 4,
      minConnections: 1,
      remarks: 'integration test',
      implementationState: 'NOT_IMPLEMENTED',
      provisioningState: 'PROVISIONING',
      provisioningId,
      leaseOwner: 'deadbeefdeadbeef',
      leaseUntil: now - 1,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    });
    await admin.query(`CREATE DATABASE \`cf_${P}_crash\` COMMENT ?`, [
      databaseMarker({ tenantId: id, provisioningId }),
    ]);
    await admin.query("CREATE USER ?@'%' IDENTIFIED BY 'Str0ng!Pass1'", [`${P}_crash`]);

    await expect(
      catalog.configureDatasource(id, datasourceInput(`${P}_crash`, { password: 'Other!Pass2' }), OPS),
    ).rejects.toMatchObject({
      code: 'DATASOURCE_PROVISIONING_CONFLICT',
      details: { reason: 'SETTINGS_DIFFER' },
    });
    const record = await catalog.configureDatasource(id, datasourceInput(`${P}_crash`), OPS);
    expect(record.datasource?.provisioning).toBe('READY');
    const conn = await connectAs(`${P}_crash`);
    const [tables] = await conn.query<RowDataPacket[]>(`SHOW TABLES FROM \`cf_${P}_crash\``);
    await conn.end();
    expect(tables.length).toBeGreaterThan(5);
  });

  it('a live lease is respected: a second call while one provisions gets DATASOURCE_PROVISIONING_CONFLICT', async () => {
    const id = await tenant('leased');
    const now = Date.now();
    await platform.orm.em.fork().insert(TenantDatasourceEntity, {
      tenantId: id,
      kind: 'MYSQL',
      host: server.host,
      port: server.port,
      datasourceName: `ds_${P}_leased`,
      databaseName: `cf_${P}_leased`,
      account: `${P}_leased`,
      passwordEnc: secrets.seal('Str0ng!Pass1', passwordContext(id)),
      maxConnections: 4,
      minConnections: 1,
      remarks: 'integration test',
      implementationState: 'NOT_IMPLEMENTED',
      provisioningState: 'PROVISIONING',
      provisioningId: 'abcabcabcabcabca',
      leaseOwner: 'feedfeedfeedfeed',
      leaseUntil: now + 60_000,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    });
    await expect(catalog.configureDatasource(id, datasourceInput(`${P}_leased`), OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_PROVISIONING_CONFLICT',
      details: { reason: 'IN_PROGRESS' },
    });
    await expect(catalog.deleteDatasource(id, OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_PROVISIONING_CONFLICT',
    });
    expect(await databaseNames(admin, `${P}_leased`)).toEqual([]);
  });
});
