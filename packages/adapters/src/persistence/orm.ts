import type { EntitySchema, MikroORM } from '@mikro-orm/core';
import { hidePassword, type Probe } from '../health/probe.js';

export interface OrmOptions {
  /** mysql://… or mariadb://… for MariaDB/MySQL; file:path.db or :memory: for embedded SQLite (libsql). */
  readonly url: string;
  readonly entities?: readonly EntitySchema[];
  readonly debug?: boolean;
}

/** True when the URL names an embedded SQLite database rather than a MariaDB/MySQL server. */
export const isSqliteUrl = (url: string): boolean => url.startsWith('file:') || url === ':memory:';

/** Opens MikroORM on MariaDB/MySQL or embedded SQLite, chosen by the URL. */
export async function openOrm(options: OrmOptions): Promise<MikroORM> {
  const common = {
    entities: [...(options.entities ?? [])],
    discovery: { warnWhenNoEntities: false },
    debug: options.debug ?? false,
    allowGlobalContext: false,
  };
  if (isSqliteUrl(options.url)) {
    const { MikroORM: LibSqlOrm } = await import('@mikro-orm/libsql');
    const dbName = options.url === ':memory:' ? ':memory:' : options.url.slice('file:'.length);
    return LibSqlOrm.init({ ...common, dbName });
  }
  const { MikroORM: MySqlOrm } = await import('@mikro-orm/mysql');
  return MySqlOrm.init({ ...common, clientUrl: options.url.replace(/^mariadb:/, 'mysql:') });
}

/** Health probe through the ORM's own connection. */
export const ormProbe = (orm: MikroORM, url: string): Probe => ({
  name: 'database',
  endpoint: isSqliteUrl(url) ? `sqlite ${url}` : hidePassword(url),
  async check() {
    await orm.em.getConnection().execute('select 1');
    return isSqliteUrl(url) ? 'embedded sqlite (libsql)' : 'mariadb/mysql';
  },
});
