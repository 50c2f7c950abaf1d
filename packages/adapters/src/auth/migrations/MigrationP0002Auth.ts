import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../../persistence/migrations/dialect.js';
import { AUTH_P0002_MARIADB } from './p0002-auth.mariadb.js';
import { AUTH_P0002_SQLITE } from './p0002-auth.sqlite.js';

/**
 * P0002 (platform database): platform users, API keys, refresh tokens, SMS codes and the sandbox SMS
 * outbox. Runs after the tenancy tables (P0001); references no table outside its own.
 */
export class MigrationP0002Auth extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? AUTH_P0002_SQLITE : AUTH_P0002_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
