import { Migration } from '@mikro-orm/migrations';
import { INVOICES_MARIADB } from './0010-invoices.mariadb.js';
import { INVOICES_SQLITE } from './0010-invoices.sqlite.js';
import { isSqlitePlatform } from './dialect.js';

/** 0010: INV-1..INV-3 invoices (one valid invoice per order, enforced by a unique key) and their PDFs. */
export class Migration0010Invoices extends Migration {
  override up(): void {
    const statements = isSqlitePlatform(this.driver.getPlatform()) ? INVOICES_SQLITE : INVOICES_MARIADB;
    for (const sql of statements) this.addSql(sql);
  }
}
