// Migration 0008 (ASSET-7 e-bike nameplates): a tenant database at 0007 gains 0008 … 0012 in their
// numeric order, once; and the table's CHECK refuses a nameplate outside its bounds whoever writes it
// (MariaDB and SQLite).
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { CHARGEFLOW_ENTITIES } from '../../src/persistence/entities/index.js';
import { appliedMigrations, migrate } from '../../src/persistence/migrate.js';
import { MIGRATIONS } from '../../src/persistence/migrations/index.js';
import { openOrm } from '../../src/persistence/orm.js';
import { AssetRepository } from '../../src/persistence/repositories/asset-repository.js';
import { openThrowawayDatabase, type ThrowawayDatabase } from '../../src/persistence/test-database.js';

describe('migration 0008 in order (ASSET-7)', () => {
  it('ASSET-7 a database at 0007 applies 0008, 0009, 0010, 0011 and 0012 in that order, then nothing', async () => {
    const file = join(tmpdir(), `cf_m0008_${randomUUID().slice(0, 8)}.db`);
    const orm = await openOrm({ url: `file:${file}`, entities: CHARGEFLOW_ENTITIES });
    try {
      const upTo0007 = MIGRATIONS.slice(
        0,
        MIGRATIONS.findIndex((m) => m.name === 'Migration0008Ebike'),
      );
      expect(upTo0007.at(-1)?.name).toBe('Migration0007Reservations');
      await migrate(orm, upTo0007);
      expect(await migrate(orm)).toEqual([
        'Migration0008Ebike',
        'Migration0009Splits',
        'Migration0010Invoices',
        'Migration0011Occupancy',
        'Migration0012OrderFees',
        'Migration0013SessionSamples',
      ]);
      expect((await appliedMigrations(orm)).slice(-7)).toEqual([
        'Migration0007Reservations',
        'Migration0008Ebike',
        'Migration0009Splits',
        'Migration0010Invoices',
        'Migration0011Occupancy',
        'Migration0012OrderFees',
        'Migration0013SessionSamples',
      ]);
      expect(await migrate(orm)).toEqual([]);
    } finally {
      await orm.close(true);
      await Promise.all(['', '-wal', '-shm', '-journal'].map((s) => rm(`${file}${s}`, { force: true })));
    }
  });
});

describe.each([
  ['MariaDB', () => serviceEndpoints().DATABASE_URL],
  ['SQLite (libsql)', () => 'sqlite' as const],
])('the ebike_device CHECK on %s (ASSET-7)', (_name, server) => {
  let db: ThrowawayDatabase;
  let chargerId: string;
  beforeAll(async () => {
    db = await openThrowawayDatabase(server(), 'cf_m0008');
    const assets = new AssetRepository(db.orm.em, () => Date.now());
    const { propertyId } = await assets.createOwner({ providerName: 'P', propertyName: 'Campus' });
    const { defaultArea } = await assets.createStation({ propertyId, kind: 'EBIKE', name: 'Bikes' });
    chargerId = (
      await assets.createCharger({ areaId: defaultArea.id, serialNo: `M8-${randomUUID()}`, name: 'B' })
    ).id;
  });
  afterAll(async () => {
    await db?.drop();
  });

  const insert = (row: {
    lower: number;
    upper: number;
    production: string;
    deployment: string;
    sockets: number;
  }) =>
    db.orm.em
      .getConnection()
      .execute(
        'insert into ebike_device (charger_id, rated_voltage_v, rated_current_ma, current_upper_limit_ma, current_lower_limit_ma, socket_count, production_date, deployment_date, location, updated_at) values (?, 220, 10000, ?, ?, ?, ?, ?, ?, 0)',
        [chargerId, row.upper, row.lower, row.sockets, row.production, row.deployment, 'Shed'],
      );
  const good = { lower: 50, upper: 12_000, production: '2025-11-02', deployment: '2026-01-15', sockets: 10 };

  it('ASSET-7 refuses a lower limit not below the upper, deployment before production, 0 or 256 sockets; takes a valid row', async () => {
    await expect(insert({ ...good, lower: 12_000 })).rejects.toThrow();
    await expect(insert({ ...good, deployment: '2025-11-01' })).rejects.toThrow();
    await expect(insert({ ...good, sockets: 0 })).rejects.toThrow();
    await expect(insert({ ...good, sockets: 256 })).rejects.toThrow();
    await insert(good);
    const rows = await db.orm.em.getConnection().execute('select socket_count from ebike_device');
    expect(rows).toEqual([{ socket_count: 10 }]);
  });
});
