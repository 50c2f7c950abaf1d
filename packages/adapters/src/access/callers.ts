import { createHash } from 'node:crypto';
import {
  APP_PERMISSIONS,
  DomainError,
  isDomainError,
  platformPrincipal,
  type PasswordHasher,
} from '@chargeflow/core';
import { LRUCache } from 'lru-cache';
import type { AccessClaims, AccessTokens, ApiKeys, PlatformUsers, RefreshTokens } from '../auth/ports.js';
import { StaffDirectory } from '../persistence/repositories/staff-directory.js';
import { VehicleOwners } from '../persistence/repositories/vehicle-owners.js';
import type { TenantDatabases } from '../tenancy/ports.js';
import type { Caller } from './caller.js';

/** What resolving a caller needs (the composition root passes the real stores). */
export interface CallerResolverDeps {
  readonly accessTokens: AccessTokens;
  readonly refreshTokens: Pick<RefreshTokens, 'isActive'>;
  readonly apiKeys: Pick<ApiKeys, 'verify'>;
  readonly platformUsers: Pick<PlatformUsers, 'get'>;
  readonly tenants: TenantDatabases;
  readonly hasher: PasswordHasher;
  readonly clock: () => number;
  /**
   * How long a resolved caller is reused (default 10 s): a disabled user, a changed role, a revoked
   * key or session take effect at the latest after this long in other processes (at once in this one).
   */
  readonly cacheTtlMs?: number;
  readonly cacheSize?: number;
}

const denied = (reason: string, message: string) => new DomainError('UNAUTHENTICATED', message, { reason });

/** Machine clients' keys start with this (also accepted as `Authorization: Bearer cf_…`). */
const API_KEY_PREFIX = 'cf_';

/**
 * Resolves request credentials to a Caller (issue 10): a Bearer access token (platform operator,
 * tenant staff, app user) or an API key (machine client). The principal is computed from the
 * current rows (user enabled, roles enabled, station bindings) and kept for a few seconds, so a
 * request costs a signature check and a cache lookup in the common case.
 */
export class CallerResolver {
  private readonly cache: LRUCache<string, Caller>;

  constructor(private readonly deps: CallerResolverDeps) {
    this.cache = new LRUCache<string, Caller>({
      max: deps.cacheSize ?? 10_000,
      ttl: deps.cacheTtlMs ?? 10_000,
    });
  }

  /** The caller of these credentials; UNAUTHENTICATED (details.reason) when they are not valid now. */
  async resolve(credentials: { readonly authorization?: string; readonly apiKey?: string }): Promise<Caller> {
    const { authorization, apiKey } = credentials;
    if (apiKey !== undefined) return this.machine(apiKey);
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) throw denied('MALFORMED_AUTHORIZATION', 'expected Authorization: Bearer <token>');
    const token = match[1];
    if (token.startsWith(API_KEY_PREFIX)) return this.machine(token);
    const claims = await this.deps.accessTokens.verify(token);
    const key = `${claims.kind}:${claims.tenantId}:${claims.userId}:${claims.sessionId}`;
    const known = this.cache.get(key);
    if (known) return known;
    if (!(await this.deps.refreshTokens.isActive(claims.sessionId))) {
      throw denied('SESSION_REVOKED', 'this sign-in was ended (signed out or revoked)');
    }
    const caller = await this.load(claims);
    this.cache.set(key, caller);
    return caller;
  }

  /** Forgets cached callers (all, or one tenant's): role, user or key changes take effect at once. */
  forget(tenantId?: string): void {
    if (tenantId === undefined) {
      this.cache.clear();
      return;
    }
    for (const [key, caller] of this.cache.entries())
      if (caller.tenantId === tenantId) this.cache.delete(key);
  }

  private async machine(key: string): Promise<Caller> {
    const cacheKey = `key:${createHash('sha256').update(key).digest('hex')}`;
    const known = this.cache.get(cacheKey);
    if (known) return known;
    const record = await this.deps.apiKeys.verify(key);
    if (record === null) throw denied('API_KEY_INVALID', 'the API key is unknown or revoked');
    const caller: Caller = {
      kind: 'MACHINE',
      tenantId: record.tenantId,
      id: record.id,
      principal: {
        tenantId: record.tenantId,
        userId: `key:${record.id}`,
        // ORG-1: a key acts with its creator's place and bound stations, never wider.
        place: record.place,
        stationIds: [...record.stationIds],
        permissions: new Set(record.permissions),
        duties: new Set(),
      },
    };
    this.cache.set(cacheKey, caller);
    return caller;
  }

  private async load(claims: AccessClaims): Promise<Caller> {
    const { kind, tenantId, userId, sessionId } = claims;
    if (kind === 'PLATFORM') {
      const user = await this.deps.platformUsers.get(userId);
      if (user === null || !user.enabled) throw denied('USER_DISABLED', 'this login is disabled or gone');
      return { kind, tenantId, id: userId, sessionId, principal: platformPrincipal(userId, user.roles) };
    }
    const db = await this.deps.tenants.get(tenantId).catch((error: unknown) => {
      if (isDomainError(error, 'TENANT_NOT_FOUND'))
        throw denied('TENANT_GONE', 'the tenant of this sign-in is gone');
      throw error;
    });
    if (kind === 'STAFF') {
      const staff = new StaffDirectory(db.em, this.deps.clock, tenantId, this.deps.hasher);
      const principal = await staff.principalOf(userId);
      if (principal === null) throw denied('USER_DISABLED', 'this login is disabled or gone');
      return { kind, tenantId, id: userId, sessionId, principal };
    }
    const owner = await new VehicleOwners(db.em, this.deps.clock).get(userId);
    if (owner === null || !owner.enabled) throw denied('USER_DISABLED', 'this app user is disabled or gone');
    return { kind: 'APP', tenantId, id: userId, sessionId, phone: owner.phone, permissions: APP_PERMISSIONS };
  }
}
