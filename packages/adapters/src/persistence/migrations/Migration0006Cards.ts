import { Migration } from '@mikro-orm/migrations';
import { CARDS_MARIADB } from './0006-cards.mariadb.js';
import { CARDS_SQLITE } from './0006-cards.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/**
 * 0006: CARD-1 … CARD-4 card products, collective accounts, cards and their ledgers (balance = Σ
 * ledger), one active session per card, members, vehicle owners' name and plate.
 */
export class Migration0006Cards extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? CARDS_SQLITE : CARDS_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
