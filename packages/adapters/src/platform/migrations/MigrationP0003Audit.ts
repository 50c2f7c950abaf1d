import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../../persistence/migrations/dialect.js';
import { AUDIT_MARIADB, AUDIT_SQLITE } from './p0003-audit.js';

/** P0003: the control plane's audit log of writes and sign-ins. */
export class MigrationP0003Audit extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? AUDIT_SQLITE : AUDIT_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
