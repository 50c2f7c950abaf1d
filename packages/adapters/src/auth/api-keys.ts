import { DomainError, isPermission, type OrgPlace, type OrgScope, type Permission } from '@chargeflow/core';
import { placeFromColumns, placeToColumns, placesWithin } from '../persistence/place-columns.js';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { ApiKeyEntity, type ApiKeyRow } from './entities.js';
import { AuthError } from './errors.js';
import type { ApiKeyRecord, ApiKeys } from './ports.js';
import { randomHexId, randomSecret, sha256Hex, sameDigest } from './secrets.js';

/** `last_used_at` is written at most this often per key (so verifying a key is mostly a read). */
export const API_KEY_LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyStoreOptions {
  /** The root EntityManager of the PLATFORM database's ORM (forked per call). */
  readonly em: EntityManager;
  /** The clock (epoch ms); default Date.now. */
  readonly now?: () => number;
}

const KEY_FORMAT = /^cf_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;

/** ORG-1: keys whose place lies inside a scope, as a WHERE fragment (in the query, not after loading). */
const insideScope = (within: OrgScope | undefined): FilterQuery<ApiKeyRow> =>
  placesWithin(within) as FilterQuery<ApiKeyRow>;

const toRecord = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  tenantId: row.tenantId,
  name: row.name,
  permissions: [...row.permissions],
  place: placeFromColumns(row),
  stationIds: [...row.stationIds],
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt ?? null,
  lastUsedAt: row.lastUsedAt ?? null,
});

/**
 * API keys of machine clients in the platform database. A key is `cf_<id>_<secret>` (12 random bytes
 * of id as hex, the public part and primary key; 32 of secret as base64url); only sha256(secret) is
 * stored and compared in constant time. The key's tenant and permissions come from its row.
 * Whether the creator may grant the permissions is the caller's check (core grantablePermissions).
 */
export class ApiKeyStore implements ApiKeys {
  private readonly em: EntityManager;
  private readonly now: () => number;

  constructor(options: ApiKeyStoreOptions) {
    this.em = options.em;
    this.now = options.now ?? Date.now;
  }

  /** Returns the key text once; API_KEY_INVALID for an empty name, tenant or creator; PERMISSION_UNKNOWN. */
  async create(input: {
    readonly tenantId: string;
    readonly name: string;
    readonly permissions: readonly Permission[];
    readonly place: OrgPlace;
    readonly stationIds: readonly string[];
    readonly createdBy: string;
  }): Promise<{ readonly record: ApiKeyRecord; readonly key: string }> {
    const name = input.name.trim();
    const problems = [
      ...(name.length === 0 || name.length > 128 ? ['name: 1 to 128 characters'] : []),
      ...(input.tenantId.length === 0 || input.tenantId.length > 64 ? ['tenantId: 1 to 64 characters'] : []),
      ...(input.createdBy.length === 0 || input.createdBy.length > 64
        ? ['createdBy: 1 to 64 characters']
        : []),
    ];
    if (problems.length > 0) {
      throw new AuthError('API_KEY_INVALID', `invalid API key: ${problems.join('; ')}`, { issues: problems });
    }
    const unknown = input.permissions.filter((code) => !isPermission(code));
    if (unknown.length > 0) {
      throw new DomainError('PERMISSION_UNKNOWN', `unknown permissions: ${unknown.join(', ')}`, {
        permissions: unknown,
      });
    }
    const em = this.em.fork();
    const id = randomHexId(12);
    const secret = randomSecret();
    const row = em.create(ApiKeyEntity, {
      id,
      tenantId: input.tenantId,
      name,
      secretHash: sha256Hex(secret),
      permissions: [...new Set(input.permissions)],
      ...placeToColumns(input.place),
      stationIds: [...input.stationIds],
      createdBy: input.createdBy,
      createdAt: this.now(),
      revokedAt: null,
      lastUsedAt: null,
    });
    await em.flush();
    return { record: toRecord(row), key: `cf_${id}_${secret}` };
  }

  /** The record of a genuine, unrevoked key (touching last_used_at at most once a minute), else null. */
  async verify(key: string): Promise<ApiKeyRecord | null> {
    const match = KEY_FORMAT.exec(key);
    if (!match?.[1] || !match[2]) return null;
    const [, id, secret] = match;
    const em = this.em.fork();
    const row = await em.findOne(ApiKeyEntity, { id });
    const digest = sha256Hex(secret);
    if (!row || !sameDigest(digest, row.secretHash) || row.revokedAt !== null) return null;
    const now = this.now();
    // A conditional write: parallel verifications within the same minute write once between them.
    const touched = await em.nativeUpdate(
      ApiKeyEntity,
      {
        id,
        revokedAt: null,
        $or: [{ lastUsedAt: null }, { lastUsedAt: { $lte: now - API_KEY_LAST_USED_RESOLUTION_MS } }],
      },
      { lastUsedAt: now },
    );
    return toRecord(touched === 1 ? { ...row, lastUsedAt: now } : row);
  }

  /** The tenant's keys inside `within` (revoked ones included), newest first. */
  async list(tenantId: string, within?: OrgScope): Promise<readonly ApiKeyRecord[]> {
    const rows = await this.em
      .fork()
      .find(ApiKeyEntity, { $and: [{ tenantId }, insideScope(within)] } as FilterQuery<ApiKeyRow>, {
        orderBy: { createdAt: 'DESC', id: 'ASC' },
      });
    // Compared here too: MariaDB's default collation would match tenant ids case-insensitively.
    return rows.filter((row) => row.tenantId === tenantId).map(toRecord);
  }

  /** Revokes the tenant's key `id` (idempotent); API_KEY_NOT_FOUND for a key of another tenant or none. */
  async revoke(tenantId: string, id: string, within?: OrgScope): Promise<ApiKeyRecord> {
    const em = this.em.fork();
    const row = await em.findOne(ApiKeyEntity, {
      $and: [{ id }, insideScope(within)],
    } as FilterQuery<ApiKeyRow>);
    // Compared here, not in SQL: MariaDB's default collation would match ids and tenants case-insensitively.
    if (!row || row.id !== id || row.tenantId !== tenantId) {
      throw new AuthError('API_KEY_NOT_FOUND', `no API key ${id}`, { id });
    }
    if (row.revokedAt !== null) return toRecord(row);
    const now = this.now();
    const changed = await em.nativeUpdate(ApiKeyEntity, { id, revokedAt: null }, { revokedAt: now });
    if (changed === 1) return toRecord({ ...row, revokedAt: now });
    return toRecord(await em.findOneOrFail(ApiKeyEntity, { id }, { refresh: true }));
  }
}
