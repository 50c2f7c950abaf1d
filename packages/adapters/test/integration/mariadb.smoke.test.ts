// foundation: the real MariaDB that `scripts/services/services.sh up mariadb` starts (or DATABASE_URL names),
// driven through MikroORM the way the persistence adapter uses it. No mocks: with the server down this fails.
import { randomBytes } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/mysql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';

const SmokeCharge = defineEntity({
  name: 'SmokeCharge',
  tableName: 'smoke_charge',
  properties: {
    id: p.string().primary(),
    label: p.string(),
    amountFen: p.bigint(),
  },
});

/** DATABASE_URL without its database: the ORM gets the throw-away database as dbName instead. */
const serverUrl = (databaseUrl: string): string => {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  url.pathname = '';
  url.search = '';
  return url.toString();
};

const databaseExists = async (orm: MikroORM, name: string): Promise<boolean> => {
  const rows = await orm.em
    .getConnection()
    .execute<{ n: number }[]>('select count(*) as n from information_schema.schemata where schema_name = ?', [
      name,
    ]);
  return Number(rows[0]?.n) === 1;
};

describe('MariaDB smoke (real service, foundation)', () => {
  const { DATABASE_URL } = serviceEndpoints();
  const dbName = `cf_smoke_${Date.now()}_${randomBytes(3).toString('hex')}`;
  let orm: MikroORM | undefined;

  beforeAll(async () => {
    // ensureDatabase (the default) creates dbName through the management database when it is missing.
    orm = await MikroORM.init({
      clientUrl: serverUrl(DATABASE_URL),
      dbName,
      entities: [SmokeCharge],
      allowGlobalContext: false,
      pool: { min: 0, max: 4 },
    });
    await orm.schema.createSchema();
  });

  afterAll(async () => {
    if (!orm) return;
    try {
      await orm.schema.dropDatabase(dbName);
      expect(await databaseExists(orm, dbName)).toBe(false);
    } finally {
      await orm.close(true);
    }
  });

  it('connects to DATABASE_URL and created a throw-away database with the entity table', async () => {
    expect(orm, `MikroORM could not open ${serverUrl(DATABASE_URL)}`).toBeDefined();
    const db = orm!;
    expect(await db.isConnected()).toBe(true);
    expect(await databaseExists(db, dbName)).toBe(true);
    const [version] = await db.em.getConnection().execute<{ v: string }[]>('select version() as v');
    expect(version?.v).toMatch(/MariaDB|^\d+\.\d+/);
    const tables = await db.em
      .getConnection()
      .execute<{ engine: string }[]>(
        'select engine from information_schema.tables where table_schema = ? and table_name = ?',
        [dbName, 'smoke_charge'],
      );
    expect(tables).toEqual([{ engine: 'InnoDB' }]);
  });

  it('keeps a committed transaction and forgets a rolled-back one', async () => {
    const db = orm!;
    await db.em.fork().transactional(async (em) => {
      em.create(SmokeCharge, { id: 'committed', label: 'kept', amountFen: 123_456_789_012n });
    });

    let seenInsideTransaction = false;
    await expect(
      db.em.fork().transactional(async (em) => {
        em.create(SmokeCharge, { id: 'rolled-back', label: 'forgotten', amountFen: 1n });
        await em.flush();
        // The row is really written inside the transaction before the rollback discards it.
        seenInsideTransaction = (await em.count(SmokeCharge, { id: 'rolled-back' })) === 1;
        throw new Error('roll back on purpose');
      }),
    ).rejects.toThrow('roll back on purpose');
    expect(seenInsideTransaction).toBe(true);

    const em = db.em.fork();
    const committed = await em.findOne(SmokeCharge, { id: 'committed' });
    expect(committed).toMatchObject({ label: 'kept', amountFen: 123_456_789_012n });
    expect(await em.findOne(SmokeCharge, { id: 'rolled-back' })).toBeNull();
    expect(await em.count(SmokeCharge)).toBe(1);
  });
});
