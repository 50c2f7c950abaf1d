import { Migration } from '@mikro-orm/migrations';
import { OCCUPANCY_MARIADB } from './0011-occupancy.mariadb.js';
import { OCCUPANCY_SQLITE } from './0011-occupancy.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0011: TAR-12 occupancy records of cars that parked without a reservation (fee settled once). */
export class Migration0011Occupancy extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? OCCUPANCY_SQLITE : OCCUPANCY_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
