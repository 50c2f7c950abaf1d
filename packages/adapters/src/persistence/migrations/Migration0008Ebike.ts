import { Migration } from '@mikro-orm/migrations';
import { EBIKE_MARIADB } from './0008-ebike.mariadb.js';
import { EBIKE_SQLITE } from './0008-ebike.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0008: ASSET-7 e-bike device nameplates (bounds as CHECKs, deleted with their charger row). */
export class Migration0008Ebike extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? EBIKE_SQLITE : EBIKE_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
