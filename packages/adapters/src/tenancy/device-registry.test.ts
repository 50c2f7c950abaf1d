import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../persistence/migrate.js';
import { openOrm } from '../persistence/orm.js';
import { PlatformDeviceRegistry } from './device-registry.js';
import { DeviceRegistrationEntity, TENANCY_ENTITIES, TenantEntity } from './entities.js';
import { TENANCY_MIGRATIONS } from './migrations/index.js';

let platform: MikroORM;

beforeAll(async () => {
  platform = await openOrm({ url: ':memory:', entities: TENANCY_ENTITIES });
  await migrate(platform, TENANCY_MIGRATIONS);
  for (const id of ['tenant-a', 'tenant-b']) {
    await platform.em.fork().insert(TenantEntity, { id, name: id, state: 'OPEN', createdAt: 1 });
  }
});

afterAll(async () => {
  await platform?.close(true);
});

const registry = (options: { unknownTtlMs?: number } = {}) =>
  new PlatformDeviceRegistry({ em: platform.em, now: () => 1_000, ...options });

describe('device registry (serial → tenant, unique platform-wide)', () => {
  it('registers idempotently for the same tenant and refuses another tenant with DEVICE_SERIAL_TAKEN', async () => {
    const devices = registry();
    await devices.register('SN-0001', 'tenant-a');
    await devices.register('SN-0001', 'tenant-a');
    const taken = devices.register('SN-0001', 'tenant-b');
    await expect(taken).rejects.toMatchObject({
      code: 'DEVICE_SERIAL_TAKEN',
      details: { serialNo: 'SN-0001' },
    });
    // TEN-7: the error does not name the tenant that holds it.
    await taken.catch((error: { details: object }) =>
      expect(JSON.stringify(error.details)).not.toContain('tenant-a'),
    );
    expect(await devices.tenantOf('SN-0001')).toBe('tenant-a');
  });

  it('refuses unknown tenants and malformed serials', async () => {
    const devices = registry();
    await expect(devices.register('SN-0002', 'ghost')).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
    await expect(devices.register('has space', 'tenant-a')).rejects.toMatchObject({
      code: 'DEVICE_SERIAL_INVALID',
    });
    await expect(devices.register('', 'tenant-a')).rejects.toMatchObject({ code: 'DEVICE_SERIAL_INVALID' });
  });

  it('release frees the serial for another tenant; releasing as another tenant is a no-op', async () => {
    const devices = registry();
    await devices.register('SN-0003', 'tenant-a');
    await devices.release('SN-0003', 'tenant-b');
    expect(await devices.tenantOf('SN-0003')).toBe('tenant-a');
    await devices.release('SN-0003', 'tenant-a');
    expect(await devices.tenantOf('SN-0003')).toBeNull();
    await devices.register('SN-0003', 'tenant-b');
    expect(await devices.tenantOf('SN-0003')).toBe('tenant-b');
  });

  it('caches answers: a row removed behind its back is still answered from memory', async () => {
    const devices = registry();
    await devices.register('SN-0004', 'tenant-a');
    await platform.em.fork().nativeDelete(DeviceRegistrationEntity, { serialNo: 'SN-0004' });
    expect(await devices.tenantOf('SN-0004')).toBe('tenant-a');
  });

  it('remembers an unknown serial only briefly, so a charger registered elsewhere works soon', async () => {
    const devices = registry({ unknownTtlMs: 50 });
    const elsewhere = registry();
    expect(await devices.tenantOf('SN-0005')).toBeNull();
    await elsewhere.register('SN-0005', 'tenant-b');
    expect(await devices.tenantOf('SN-0005')).toBeNull(); // still the cached "unknown"
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await devices.tenantOf('SN-0005')).toBe('tenant-b');
  });

  it("this process's register replaces a cached unknown at once", async () => {
    const devices = registry({ unknownTtlMs: 60_000 });
    expect(await devices.tenantOf('SN-0006')).toBeNull();
    await devices.register('SN-0006', 'tenant-a');
    expect(await devices.tenantOf('SN-0006')).toBe('tenant-a');
  });

  it('serials are case-sensitive', async () => {
    const devices = registry();
    await devices.register('sn-case', 'tenant-a');
    await devices.register('SN-CASE', 'tenant-b');
    expect(await devices.tenantOf('sn-case')).toBe('tenant-a');
    expect(await devices.tenantOf('SN-CASE')).toBe('tenant-b');
  });
});
