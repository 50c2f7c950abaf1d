import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { CHARGEFLOW_ENTITIES } from './entities/index.js';
import { migrate } from './migrate.js';
import { isSqliteUrl, openOrm } from './orm.js';

/** A migrated throw-away database for tests; `drop()` closes the ORM and removes the database. */
export interface ThrowawayDatabase {
  readonly orm: MikroORM;
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** Unique database name: prefix + time + random suffix (safe for MariaDB identifiers). */
export const uniqueDatabaseName = (prefix: string): string =>
  `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;

/**
 * Opens a fresh database next to `serverUrl` (a mysql:// URL: a new database on the same server,
 * created by MikroORM's ensureDatabase; or `sqlite`: a temporary file) and applies the migrations.
 */
export async function openThrowawayDatabase(
  serverUrl: string | 'sqlite',
  prefix = 'cf_test',
): Promise<ThrowawayDatabase> {
  const name = uniqueDatabaseName(prefix);
  const url = serverUrl === 'sqlite' ? `file:${join(tmpdir(), `${name}.db`)}` : withDatabase(serverUrl, name);
  const orm = await openOrm({ url, entities: CHARGEFLOW_ENTITIES });
  await migrate(orm);
  return {
    orm,
    url,
    name,
    async drop() {
      if (isSqliteUrl(url)) {
        await orm.close(true);
        const file = url.slice('file:'.length);
        await Promise.all(['', '-wal', '-shm', '-journal'].map((s) => rm(`${file}${s}`, { force: true })));
        return;
      }
      try {
        await orm.em.getConnection().execute(`drop database if exists \`${name}\``);
      } finally {
        await orm.close(true);
      }
    },
  };
}

/** The same server URL with another database in its path. */
function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl.replace(/^mariadb:/, 'mysql:'));
  url.pathname = `/${database}`;
  return url.toString();
}
