import { Migration } from '@mikro-orm/migrations';
import { INITIAL_MARIADB } from './0001-initial.mariadb.js';
import { INITIAL_SQLITE } from './0001-initial.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0001: the initial business schema (assets, tariff versions, charging orders, bill lines, payments, refunds). */
export class Migration0001Initial extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? INITIAL_SQLITE : INITIAL_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
