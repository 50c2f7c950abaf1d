// Dev tool: prints the create-schema SQL of a set of entities for MariaDB and SQLite, the starting
// point of a new migration (copy the statements into a Migration class, per dialect).
// Run: node --conditions=source --import tsx packages/adapters/src/persistence/migrations/print-schema-sql.ts [tenant|platform]
//   tenant    (default) a tenant's business database: CHARGEFLOW_ENTITIES
//   platform  the platform database: PLATFORM_ENTITIES (tenancy, auth, audit log)
import type { EntitySchema } from '@mikro-orm/core';
import { MikroORM as LibSqlOrm } from '@mikro-orm/libsql';
import { MikroORM as MySqlOrm } from '@mikro-orm/mysql';
import { PLATFORM_ENTITIES } from '../../platform/database.js';
import { CHARGEFLOW_ENTITIES } from '../entities/index.js';

const which = process.argv[2] ?? 'tenant';
if (which !== 'tenant' && which !== 'platform') {
  process.stderr.write('usage: print-schema-sql.ts [tenant|platform]\n');
  process.exit(2);
}
const entities: EntitySchema[] = which === 'platform' ? [...PLATFORM_ENTITIES] : [...CHARGEFLOW_ENTITIES];
const common = { entities, connect: false, allowGlobalContext: false };
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
