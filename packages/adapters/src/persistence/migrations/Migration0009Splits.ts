import { Migration } from '@mikro-orm/migrations';
import { SPLITS_MARIADB } from './0009-splits.mariadb.js';
import { SPLITS_SQLITE } from './0009-splits.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0009: SPL-1 split settlement: split records (one per order) and their parts (one per order and merchant). */
export class Migration0009Splits extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? SPLITS_SQLITE : SPLITS_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
