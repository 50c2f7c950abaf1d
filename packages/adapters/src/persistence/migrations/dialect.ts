import type { Platform } from '@mikro-orm/core';

/**
 * True on SQLite (libsql, sqlite, better-sqlite: all their platforms extend BaseSqlitePlatform).
 * Each migration carries one statement list per dialect, because the schema SQL of MariaDB and
 * SQLite differs (enum, engine, index syntax).
 */
export function isSqlitePlatform(platform: Platform): boolean {
  for (let proto: unknown = Object.getPrototypeOf(platform); proto; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? '';
    if (/sqlite/i.test(name)) return true;
  }
  return false;
}
