import { Migration } from '@mikro-orm/migrations';
import { isSqlitePlatform } from '../../persistence/migrations/dialect.js';
import { ONBOARDING_MARIADB, ONBOARDING_SQLITE } from './p0004-onboarding.js';

/** P0004 (platform database): registrations, follow-ups, profiles, contracts, contract notices (TEN-1 … TEN-4). */
export class MigrationP0004Onboarding extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? ONBOARDING_SQLITE : ONBOARDING_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
