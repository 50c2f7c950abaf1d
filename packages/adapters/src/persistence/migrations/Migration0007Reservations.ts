import { Migration } from '@mikro-orm/migrations';
import { RESERVATIONS_MARIADB } from './0007-reservations.mariadb.js';
import { RESERVATIONS_SQLITE } from './0007-reservations.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/**
 * 0007: ASSET-6 parking spaces and cameras, the RES-4 whitelist, RES-1 reservations (one active per
 * space and per owner), the chargers' reservation (RES-1) and occupancy-fee (TAR-12) flags.
 */
export class Migration0007Reservations extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform())
      ? RESERVATIONS_SQLITE
      : RESERVATIONS_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
