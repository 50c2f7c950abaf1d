import { Migration } from '@mikro-orm/migrations';
import { SESSION_SAMPLES_MARIADB } from './0013-session-samples.mariadb.js';
import { SESSION_SAMPLES_SQLITE } from './0013-session-samples.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0013: meter samples recorded by the ingestion; the order's watch reading (decision 0019, ORD-7). */
export class Migration0013SessionSamples extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform())
      ? SESSION_SAMPLES_SQLITE
      : SESSION_SAMPLES_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
