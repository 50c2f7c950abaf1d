import { Migration } from '@mikro-orm/migrations';
import { ORDER_FEES_MARIADB } from './0012-order-fees.mariadb.js';
import { ORDER_FEES_SQLITE } from './0012-order-fees.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0012: TAR-12 occupancy fees on the charging order of the stay; RES-3 charging time of stays without a reservation. */
export class Migration0012OrderFees extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? ORDER_FEES_SQLITE : ORDER_FEES_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
