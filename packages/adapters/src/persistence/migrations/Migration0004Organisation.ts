import { Migration } from '@mikro-orm/migrations';
import { ORGANISATION_MARIADB } from './0004-organisation.mariadb.js';
import { ORGANISATION_SQLITE } from './0004-organisation.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0004: ORG-2…7 provider and property profiles with audit, login accounts, departments and posts. */
export class Migration0004Organisation extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform())
      ? ORGANISATION_SQLITE
      : ORGANISATION_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
