// The device registry on the real MariaDB platform database: a serial belongs to one tenant
// platform-wide, decided by the primary key under concurrent registration.
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformDeviceRegistry } from '../../src/tenancy/device-registry.js';
import { DeviceRegistrationEntity, TenantEntity } from '../../src/tenancy/entities.js';
import { openPlatformDatabase } from './tenancy-fixtures.js';

let platform: { orm: MikroORM; drop(): Promise<void> };

beforeAll(async () => {
  platform = await openPlatformDatabase();
  for (const id of ['tenant-a', 'tenant-b']) {
    await platform.orm.em.fork().insert(TenantEntity, { id, name: id, state: 'OPEN', createdAt: 1 });
  }
});

afterAll(async () => {
  await platform?.drop();
});

describe('device registry under concurrency (MariaDB)', () => {
  it('TEN-7 30 racing registrations of one serial by two tenants (and two processes): one tenant holds it', async () => {
    // Two registries = two processes with their own caches over one platform database.
    const registries = [0, 1].map(
      () => new PlatformDeviceRegistry({ em: platform.orm.em, now: () => Date.now(), unknownTtlMs: 1 }),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        registries[i % 2]?.register('SN-RACE-1', i % 3 === 0 ? 'tenant-a' : 'tenant-b'),
      ),
    );
    const rows = await platform.orm.em.fork().find(DeviceRegistrationEntity, { serialNo: 'SN-RACE-1' });
    expect(rows).toHaveLength(1);
    const winner = rows[0]?.tenantId;
    results.forEach((result, i) => {
      const tenant = i % 3 === 0 ? 'tenant-a' : 'tenant-b';
      if (tenant === winner) expect(result.status).toBe('fulfilled');
      else expect(result).toMatchObject({ status: 'rejected', reason: { code: 'DEVICE_SERIAL_TAKEN' } });
    });
    for (const registry of registries) expect(await registry.tenantOf('SN-RACE-1')).toBe(winner);
  });

  it('many distinct serials register concurrently without conflicts', async () => {
    const registry = new PlatformDeviceRegistry({ em: platform.orm.em, now: () => Date.now() });
    const serials = Array.from({ length: 50 }, (_, i) => `SN-MANY-${i}`);
    await Promise.all(serials.map((serial) => registry.register(serial, 'tenant-b')));
    expect(
      await platform.orm.em.fork().count(DeviceRegistrationEntity, { tenantId: 'tenant-b' }),
    ).toBeGreaterThanOrEqual(50);
    expect(await Promise.all(serials.map((s) => registry.tenantOf(s)))).toEqual(
      serials.map(() => 'tenant-b'),
    );
  });

  it('serials are compared byte for byte (binary collation on MariaDB)', async () => {
    const registry = new PlatformDeviceRegistry({ em: platform.orm.em, now: () => Date.now() });
    await registry.register('sn-case-1', 'tenant-a');
    await registry.register('SN-CASE-1', 'tenant-b');
    const fresh = new PlatformDeviceRegistry({ em: platform.orm.em, now: () => Date.now() });
    expect(await fresh.tenantOf('sn-case-1')).toBe('tenant-a');
    expect(await fresh.tenantOf('SN-CASE-1')).toBe('tenant-b');
    expect(await fresh.tenantOf('Sn-Case-1')).toBeNull();
  });
});
