import { Migration } from '@mikro-orm/migrations';
import { MONEY_MARIADB } from './0005-money.mariadb.js';
import { MONEY_SQLITE } from './0005-money.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0005: money after the session: station payment and invoice configuration (ASSET-2, ASSET-3), payment expiry and raw channel callbacks (PAY-1). */
export class Migration0005Money extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? MONEY_SQLITE : MONEY_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
