import { Migration } from '@mikro-orm/migrations';
import { ACCESS_MARIADB } from './0003-access.mariadb.js';
import { ACCESS_SQLITE } from './0003-access.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0003: ORG-1 scope columns on station-level rows (backfilled), staff users, roles, app users, the audit log. */
export class Migration0003Access extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? ACCESS_SQLITE : ACCESS_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
