// Dev tool: prints the create-schema SQL of the current entities for MariaDB and SQLite, the
// starting point of a new migration (copy the statements into a Migration class, per dialect).
// Run: node --conditions=source --import tsx packages/adapters/src/persistence/migrations/print-schema-sql.ts
import { MikroORM as LibSqlOrm } from '@mikro-orm/libsql';
import { MikroORM as MySqlOrm } from '@mikro-orm/mysql';
import { CHARGEFLOW_ENTITIES } from '../entities/index.js';

const common = { entities: [...CHARGEFLOW_ENTITIES], connect: false, allowGlobalContext: false };
const mysql = await MySqlOrm.init({ ...common, dbName: 'chargeflow' });
const sqlite = await LibSqlOrm.init({ ...common, dbName: ':memory:' });
for (const [name, orm] of [
  ['mariadb', mysql],
  ['sqlite', sqlite],
] as const) {
  const sql = await orm.schema.getCreateSchemaSQL({ wrap: false });
  process.stdout.write(`-- ${name}\n${sql}\n`);
  await orm.close(true);
}
