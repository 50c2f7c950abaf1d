// API keys of machine clients in the platform database (issue 10: bad credentials) on the real
// MariaDB and on SQLite (libsql): verify, last use, revoke, tenant isolation, hashes only.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../src/auth/api-keys.js';
import { ApiKeyEntity } from '../../src/auth/entities.js';
import { openAuthTestDatabase, type AuthTestDatabase } from '../../src/auth/test-database.js';
import { serviceEndpoints } from '../../src/config/endpoints.js';

const T0 = Date.parse('2026-03-10T04:00:00Z');

describe.each([
  ['MariaDB', () => serviceEndpoints().DATABASE_URL],
  ['SQLite (libsql)', () => 'sqlite' as const],
])('API keys on %s', (_name, server) => {
  let db: AuthTestDatabase;
  let keys: ApiKeyStore;
  const clock = { now: T0 };
  const input = {
    tenantId: 'acme',
    name: 'billing export',
    permissions: ['order:list', 'order:view'] as const,
    place: { level: 'PROPERTY', providerId: 'pv-1', propertyId: 'pp-1' } as const,
    stationIds: ['st-1'],
    createdBy: 'user-1',
  };

  beforeAll(async () => {
    db = await openAuthTestDatabase(server(), 'cf_authkey');
    keys = new ApiKeyStore({ em: db.orm.em, now: () => clock.now });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('create returns cf_<id>_<secret> once; only the sha256 of the secret is stored', async () => {
    clock.now = T0;
    const { record, key } = await keys.create(input);
    expect(key).toMatch(/^cf_[0-9a-f]{24}_[A-Za-z0-9_-]{43}$/);
    expect(key.slice(3, 27)).toBe(record.id);
    expect(record).toEqual({
      id: record.id,
      tenantId: 'acme',
      name: 'billing export',
      permissions: ['order:list', 'order:view'],
      place: { level: 'PROPERTY', providerId: 'pv-1', propertyId: 'pp-1' },
      stationIds: ['st-1'],
      createdBy: 'user-1',
      createdAt: T0,
      revokedAt: null,
      lastUsedAt: null,
    });
    const secret = key.slice(28);
    const row = await db.orm.em.fork().findOneOrFail(ApiKeyEntity, { id: record.id });
    expect(row.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('verify: the genuine key gives its record; last use is written at most once a minute', async () => {
    clock.now = T0;
    const { record, key } = await keys.create(input);
    clock.now = T0 + 1000;
    expect(await keys.verify(key)).toEqual({ ...record, lastUsedAt: T0 + 1000 });
    clock.now = T0 + 30_000;
    expect((await keys.verify(key))?.lastUsedAt).toBe(T0 + 1000); // within the minute: not written
    clock.now = T0 + 61_000;
    expect((await keys.verify(key))?.lastUsedAt).toBe(T0 + 61_000);
    const row = await db.orm.em.fork().findOneOrFail(ApiKeyEntity, { id: record.id });
    expect(row.lastUsedAt).toBe(T0 + 61_000);
  });

  it('issue 10: a tampered, truncated, unknown or malformed key is refused (null)', async () => {
    clock.now = T0;
    const { key } = await keys.create(input);
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    expect(await keys.verify(`${key.slice(0, -1)}${last}`)).toBeNull();
    expect(await keys.verify(key.slice(0, -1))).toBeNull();
    expect(await keys.verify(`cf_${'0'.repeat(24)}_${key.slice(28)}`)).toBeNull();
    expect(await keys.verify(key.toUpperCase())).toBeNull();
    expect(await keys.verify('')).toBeNull();
    expect(await keys.verify('Bearer whatever')).toBeNull();
  });

  it('revoke: the key stops working; revoking again keeps the first revocation time', async () => {
    clock.now = T0;
    const { record, key } = await keys.create(input);
    clock.now = T0 + 5000;
    const revoked = await keys.revoke('acme', record.id);
    expect(revoked.revokedAt).toBe(T0 + 5000);
    expect(await keys.verify(key)).toBeNull();
    clock.now = T0 + 9000;
    expect((await keys.revoke('acme', record.id)).revokedAt).toBe(T0 + 5000);
  });

  it('another tenant can neither see nor revoke the key: API_KEY_NOT_FOUND', async () => {
    clock.now = T0;
    const { record, key } = await keys.create({ ...input, tenantId: 'tenant-a' });
    await expect(keys.revoke('tenant-b', record.id)).rejects.toMatchObject({
      code: 'API_KEY_NOT_FOUND',
      details: { id: record.id },
    });
    await expect(keys.revoke('tenant-a', 'f'.repeat(24))).rejects.toMatchObject({
      code: 'API_KEY_NOT_FOUND',
    });
    expect(await keys.verify(key)).toMatchObject({ tenantId: 'tenant-a' }); // still valid
    expect(await keys.list('tenant-b')).toEqual([]);
    expect((await keys.list('tenant-a')).map((k) => k.id)).toEqual([record.id]);
  });

  it('list: the tenant keys newest first, revoked ones included', async () => {
    const first = await keys.create({ ...input, tenantId: 'listing', name: 'first' });
    clock.now = T0 + 1;
    const second = await keys.create({ ...input, tenantId: 'listing', name: 'second' });
    await keys.revoke('listing', first.record.id);
    const listed = await keys.list('listing');
    expect(listed.map((k) => [k.name, k.revokedAt !== null])).toEqual([
      ['second', false],
      ['first', true],
    ]);
    expect(listed[0]?.id).toBe(second.record.id);
  });

  it('create refuses an unknown permission (PERMISSION_UNKNOWN) and an empty name (API_KEY_INVALID)', async () => {
    await expect(
      keys.create({ ...input, permissions: ['order:list', 'root:everything' as never] }),
    ).rejects.toMatchObject({ code: 'PERMISSION_UNKNOWN', details: { permissions: ['root:everything'] } });
    await expect(keys.create({ ...input, name: '  ' })).rejects.toMatchObject({ code: 'API_KEY_INVALID' });
  });

  it('ORG-1: a key keeps its creator’s place; lists and revocation reach only keys inside the caller’s scope', async () => {
    const { record } = await keys.create(input);
    const otherProperty = {
      kind: 'PROPERTY',
      tenantId: 'acme',
      providerId: 'pv-1',
      propertyId: 'pp-2',
    } as const;
    const sameProperty = {
      kind: 'PROPERTY',
      tenantId: 'acme',
      providerId: 'pv-1',
      propertyId: 'pp-1',
    } as const;
    expect((await keys.list('acme', otherProperty)).map((k) => k.id)).not.toContain(record.id);
    expect((await keys.list('acme', sameProperty)).map((k) => k.id)).toContain(record.id);
    await expect(keys.revoke('acme', record.id, otherProperty)).rejects.toMatchObject({
      code: 'API_KEY_NOT_FOUND',
    });
    expect((await keys.revoke('acme', record.id, sameProperty)).revokedAt).not.toBeNull();
  });
});
