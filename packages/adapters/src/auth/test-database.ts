import type { MikroORM } from '@mikro-orm/core';
import { migrate } from '../persistence/migrate.js';
import { openOrm } from '../persistence/orm.js';
import { openThrowawayDatabase, type ThrowawayDatabase } from '../persistence/test-database.js';
import { AUTH_ENTITIES } from './entities.js';
import { AUTH_MIGRATIONS } from './migrations/index.js';

/** A throw-away database with the auth tables, for tests; `drop()` closes the ORM and removes it. */
export interface AuthTestDatabase {
  /** The ORM opened with AUTH_ENTITIES and migrated with AUTH_MIGRATIONS. */
  readonly orm: MikroORM;
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Opens a fresh database next to `serverUrl` (a mysql:// URL, or `sqlite` for a temporary file) with
 * `openThrowawayDatabase`, then opens an ORM on it with AUTH_ENTITIES and applies AUTH_MIGRATIONS.
 */
export async function openAuthTestDatabase(
  serverUrl: string | 'sqlite',
  prefix = 'cf_auth',
): Promise<AuthTestDatabase> {
  const db: ThrowawayDatabase = await openThrowawayDatabase(serverUrl, prefix);
  let orm: MikroORM | undefined;
  try {
    orm = await openOrm({ url: db.url, entities: AUTH_ENTITIES });
    await migrate(orm, AUTH_MIGRATIONS);
  } catch (error) {
    await orm?.close(true);
    await db.drop();
    throw error;
  }
  const opened = orm;
  return {
    orm: opened,
    url: db.url,
    async drop() {
      try {
        await opened.close(true);
      } finally {
        await db.drop();
      }
    },
  };
}
