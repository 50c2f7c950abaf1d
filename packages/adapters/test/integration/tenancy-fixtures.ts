// Shared set-up of the tenancy integration tests (tenancy-*.test.ts): a throw-away platform
// database, the admin connection to the test MariaDB, and clean-up of every database and account
// a test run created (all named with the run's unique prefix).
import { randomBytes } from 'node:crypto';
import { platformPrincipal } from '@chargeflow/core';
import type { MikroORM } from '@mikro-orm/core';
import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { migrate } from '../../src/persistence/migrate.js';
import { openOrm } from '../../src/persistence/orm.js';
import { uniqueDatabaseName } from '../../src/persistence/test-database.js';
import { PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from '../../src/platform/database.js';

/** The test server: DATABASE_URL's host and port, its account being the admin (ALL … WITH GRANT OPTION). */
export function testServer() {
  const url = new URL(serviceEndpoints().DATABASE_URL.replace(/^mariadb:/, 'mysql:'));
  const host = url.hostname;
  const port = url.port === '' ? 3306 : Number(url.port);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return {
    host,
    port,
    address: `${host}:${port}`,
    user,
    password,
    adminUrl: `mysql://${url.username}:${url.password}@${host}:${port}`,
    url: url.toString(),
  };
}

/** A unique prefix of this run's tenant ids (`tn<6 hex>`): databases `cf_tn…`, accounts `tn…`. */
export const runPrefix = (): string => `tn${randomBytes(3).toString('hex')}`;

/** Platform operators (core platformPrincipal): OPS may change datasources, ADMIN may not (TEN-5). */
export const OPS = platformPrincipal('ops-1', ['OPS']);
export const ADMIN = platformPrincipal('admin-1', ['ADMIN']);

/** A TEN-5-valid datasource input on the test server. */
export const datasourceInput = (account: string, overrides: Record<string, unknown> = {}) => ({
  address: testServer().address,
  account,
  password: 'Str0ng!Pass1',
  maxConnections: 4,
  minConnections: 1,
  remarks: 'integration test',
  ...overrides,
});

/** An admin connection to the test server. */
export async function adminConnection(): Promise<Connection> {
  const server = testServer();
  return mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
  });
}

/**
 * A throw-away platform database on the test server with every platform migration applied (a tenant
 * is created with its profile, TEN-2, so the tenancy tables alone are not enough).
 */
export async function openPlatformDatabase(): Promise<{ orm: MikroORM; drop(): Promise<void> }> {
  const name = uniqueDatabaseName('cf_tnplat');
  const url = new URL(testServer().url);
  url.pathname = `/${name}`;
  const orm = await openOrm({ url: url.toString(), entities: [...PLATFORM_ENTITIES] });
  await migrate(orm, PLATFORM_MIGRATIONS);
  return {
    orm,
    async drop() {
      try {
        await orm.em.getConnection().execute(`drop database if exists \`${name}\``);
      } finally {
        await orm.close(true);
      }
    },
  };
}

export async function databaseNames(admin: Connection, prefix: string): Promise<string[]> {
  const [rows] = await admin.query<RowDataPacket[]>(
    'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ? ORDER BY 1',
    [`cf\\_${prefix}%`],
  );
  return rows.map((row) => String(row['name']));
}

export async function accountNames(admin: Connection, prefix: string): Promise<string[]> {
  const [rows] = await admin.query<RowDataPacket[]>(
    'SELECT User AS name FROM mysql.user WHERE User LIKE ? ORDER BY 1',
    [`${prefix}%`],
  );
  return rows.map((row) => String(row['name']));
}

/** Drops every database and account of this run's prefix. */
export async function dropEverything(admin: Connection, prefix: string): Promise<void> {
  for (const name of await databaseNames(admin, prefix))
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  const [users] = await admin.query<RowDataPacket[]>(
    'SELECT User AS user, Host AS host FROM mysql.user WHERE User LIKE ?',
    [`${prefix}%`],
  );
  for (const row of users) await admin.query('DROP USER IF EXISTS ?@?', [row['user'], row['host']]);
}
