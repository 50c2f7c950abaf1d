import { Migration } from '@mikro-orm/migrations';
import { HARDENING_MARIADB } from './0002-hardening.mariadb.js';
import { HARDENING_SQLITE } from './0002-hardening.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0002: money ranges on every money column, the station prepay limit, one active order per connector. */
export class Migration0002Hardening extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? HARDENING_SQLITE : HARDENING_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
