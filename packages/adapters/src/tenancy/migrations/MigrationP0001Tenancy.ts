import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../../persistence/migrations/dialect.js';
import { TENANCY_MARIADB } from './P0001-tenancy.mariadb.js';
import { TENANCY_SQLITE } from './P0001-tenancy.sqlite.js';

/** P0001 (platform database): tenants, tenant datasources (TEN-5) and the device registry. */
export class MigrationP0001Tenancy extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? TENANCY_SQLITE : TENANCY_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
