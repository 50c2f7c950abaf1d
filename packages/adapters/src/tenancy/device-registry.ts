import type { EntityManager } from '@mikro-orm/core';
import { LRUCache } from 'lru-cache';
import { isUniqueViolation } from '../persistence/errors.js';
import { DeviceRegistrationEntity, TenantEntity } from './entities.js';
import { TenancyError } from './errors.js';
import type { DeviceRegistry } from './ports.js';

/** What the composition root passes to the registry. */
export interface DeviceRegistryOptions {
  /** The platform database's root EntityManager (forked per call). */
  readonly em: EntityManager;
  readonly now: () => number;
  /** Serials remembered at most (least recently used forgotten first; default 100 000). */
  readonly cacheSize?: number;
  /**
   * How long a known serial's tenant is trusted without asking the database (default 10 min). It
   * bounds how long a release made by another process goes unseen here.
   */
  readonly knownTtlMs?: number;
  /** How long "no tenant" is remembered (default 5 s), so a newly registered charger works quickly. */
  readonly unknownTtlMs?: number;
}

/** A serial on the wire: 1–64 visible ASCII characters. */
const SERIAL_PATTERN = /^[\x21-\x7e]{1,64}$/;
/** The cached answer for a serial no tenant registered (lru-cache holds no null). */
const UNKNOWN = '';

/**
 * The device registry in the platform database: a serial belongs to one tenant platform-wide, by
 * the primary key, also under concurrent registration. `tenantOf` answers from a bounded in-memory
 * cache; this process's register/release update it at once.
 */
export class PlatformDeviceRegistry implements DeviceRegistry {
  private readonly cache: LRUCache<string, string>;
  private readonly unknownTtlMs: number;
  private readonly lookups = new Map<string, Promise<string | null>>();
  /** Bumped by every register/release, so a look-up that raced one never caches its stale answer. */
  private epoch = 0;

  constructor(private readonly options: DeviceRegistryOptions) {
    this.unknownTtlMs = options.unknownTtlMs ?? 5_000;
    this.cache = new LRUCache<string, string>({
      max: options.cacheSize ?? 100_000,
      ttl: options.knownTtlMs ?? 10 * 60_000,
      ttlAutopurge: false,
    });
  }

  async register(serialNo: string, tenantId: string): Promise<void> {
    checkSerial(serialNo);
    const em = this.options.em.fork();
    if (!(await em.findOne(TenantEntity, { id: tenantId }))) {
      throw new TenancyError('TENANT_NOT_FOUND', `no tenant ${tenantId}`, { id: tenantId });
    }
    // A row released between our failed insert and the read is inserted again on the next round.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await this.options.em
          .fork()
          .insert(DeviceRegistrationEntity, { serialNo, tenantId, registeredAt: this.options.now() });
        this.remember(serialNo, tenantId);
        return;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const holder = await this.options.em.fork().findOne(DeviceRegistrationEntity, { serialNo });
      if (holder?.tenantId === tenantId) {
        this.remember(serialNo, tenantId);
        return;
      }
      // Another tenant's device: its tenant is not named (TEN-7: nothing of B is shown to A).
      if (holder)
        throw new TenancyError('DEVICE_SERIAL_TAKEN', `serial ${serialNo} is registered to another tenant`, {
          serialNo,
        });
    }
    throw new TenancyError('DEVICE_SERIAL_TAKEN', `serial ${serialNo} is being registered concurrently`, {
      serialNo,
    });
  }

  async release(serialNo: string, tenantId: string): Promise<void> {
    await this.options.em.fork().nativeDelete(DeviceRegistrationEntity, { serialNo, tenantId });
    this.epoch += 1;
    this.cache.delete(serialNo);
  }

  async tenantOf(serialNo: string): Promise<string | null> {
    const cached = this.cache.get(serialNo);
    if (cached !== undefined) return cached === UNKNOWN ? null : cached;
    const pending = this.lookups.get(serialNo);
    if (pending) return pending;
    const epoch = this.epoch;
    const lookup = this.options.em
      .fork()
      .findOne(DeviceRegistrationEntity, { serialNo })
      .then((row) => {
        const tenantId = row?.tenantId ?? null;
        if (this.epoch === epoch) {
          if (tenantId === null) this.cache.set(serialNo, UNKNOWN, { ttl: this.unknownTtlMs });
          else this.cache.set(serialNo, tenantId);
        }
        return tenantId;
      })
      .finally(() => this.lookups.delete(serialNo));
    this.lookups.set(serialNo, lookup);
    return lookup;
  }

  private remember(serialNo: string, tenantId: string): void {
    this.epoch += 1;
    this.cache.set(serialNo, tenantId);
  }
}

function checkSerial(serialNo: string): void {
  if (!SERIAL_PATTERN.test(serialNo)) {
    throw new TenancyError('DEVICE_SERIAL_INVALID', 'a serial is 1–64 visible ASCII characters', {
      serialNo,
    });
  }
}
