import { isDomainError, platformPrincipal } from '@chargeflow/core';
import {
  AssetRepository,
  StaffDirectory,
  TariffRepository,
  createTenantAdministrator,
  ensureFirstPlatformOperator,
  isSqliteUrl,
  type DeviceRegistry,
} from '@chargeflow/adapters';
import type { BuiltApi } from '@chargeflow/api';
import type { EntityManager } from '@mikro-orm/core';
import type { LocalStackConfig } from './config.js';
import { DEMO_CHARGERS, DEMO_DEVICES, DEMO_STATION, DEMO_TARIFF } from './demo-data.js';
import { ensureDemoDevice } from './seed-devices.js';
import { seedDemoEbike } from './seed-ebike.js';
import { seedDemoParking } from './seed-parking.js';

/** What the demo seed left (whether it was created now or found). */
export interface DemoSeed {
  readonly tenantId: string;
  readonly stationId: string;
  readonly areaId: string;
  readonly tariff: { readonly tariffId: string; readonly version: number };
  readonly chargers: readonly { readonly serialNo: string; readonly connectors: readonly string[] }[];
  /** True when this call created anything (false on a re-run over a seeded stack). */
  readonly created: boolean;
}

const missing = (error: unknown, code: string): boolean => isDomainError(error, code);

/** The seed acts on the control plane as an ops operator (TEN-5: only ops/dev configure datasources). */
const SEED_OPERATOR = platformPrincipal('local-stack-seed', ['ADMIN', 'OPS']);

/** The demo tenant's datasource: a file of the local stack, or a database on DATABASE_URL's server. */
function demoDatasource(config: LocalStackConfig, tenantId: string) {
  const address = !isSqliteUrl(config.databaseUrl)
    ? (() => {
        const url = new URL(config.databaseUrl.replace(/^mariadb:/, 'mysql:'));
        return `${url.hostname}:${url.port || 3306}`;
      })()
    : '127.0.0.1:3306'; // the SQLite provisioner validates but does not use it (docs/tenancy.md)
  return {
    address,
    account: `cf_${tenantId.replace(/-/g, '_')}`,
    password: 'Demo#Tenant2026',
    maxConnections: 4,
    minConnections: 1,
    remarks: 'the local stack’s demo tenant',
  };
}

/**
 * Seeds the local stack, idempotently: the platform operator, the demo tenant with its own database
 * (through the control plane, as an operator would), its administrator (the demo operator), and the
 * demo assets in the tenant's database (provider, property, the Shanghai car station, the TOU
 * tariff, two chargers registered in the device registry, two bays with ground locks and a camera; the e-bike station, its power-band tariff
 * and four-socket box).
 */
export async function seedLocalStack(api: BuiltApi, config: LocalStackConfig): Promise<DemoSeed> {
  const { services } = api;
  let created = await ensureFirstPlatformOperator(services.platformUsers, {
    phone: config.PLATFORM_ADMIN_PHONE,
    password: config.PLATFORM_ADMIN_PASSWORD,
  });
  const tenantId = config.DEMO_TENANT_ID;
  let tenant = await services.catalog.getTenant(tenantId).catch(async (error: unknown) => {
    if (!missing(error, 'TENANT_NOT_FOUND')) throw error;
    created = true;
    return services.catalog.createTenant({ id: tenantId, name: 'Demo charging operator' });
  });
  if (tenant.datasource?.provisioning !== 'READY') {
    tenant = await services.catalog.configureDatasource(
      tenantId,
      demoDatasource(config, tenantId),
      SEED_OPERATOR,
    );
    created = true;
  }
  const db = await services.tenants.get(tenantId);
  const now = Date.now;
  const staff = new StaffDirectory(db.em, now, tenantId, services.http.platform.hasher);
  if ((await staff.loginRow(config.DEMO_OPERATOR_PHONE)) === null) {
    await createTenantAdministrator(services.http.platform, tenantId, {
      phone: config.DEMO_OPERATOR_PHONE,
      name: 'Demo operator',
      password: config.DEMO_OPERATOR_PASSWORD,
    });
    created = true;
  }
  const assets = await seedDemoAssets({
    tenantId,
    em: db.em,
    assets: new AssetRepository(db.em, now),
    tariffs: new TariffRepository(db.em, now),
    devices: services.devices,
  });
  return { ...assets, tenantId, created: created || assets.created };
}

/** The demo operator's assets in its tenant database, each created only when missing (fixed ids). */
async function seedDemoAssets(repos: {
  readonly tenantId: string;
  readonly em: EntityManager;
  readonly assets: AssetRepository;
  readonly tariffs: TariffRepository;
  readonly devices: DeviceRegistry;
}): Promise<Omit<DemoSeed, 'tenantId'>> {
  const { assets, tariffs, devices, tenantId } = repos;
  let created = false;
  try {
    await assets.getStation(DEMO_STATION.id);
  } catch (error) {
    if (!missing(error, 'STATION_NOT_FOUND')) throw error;
    const owner = await assets.createOwner({
      providerName: DEMO_STATION.providerName,
      propertyName: DEMO_STATION.propertyName,
    });
    await assets.createStation({
      id: DEMO_STATION.id,
      propertyId: owner.propertyId,
      kind: 'CAR',
      name: DEMO_STATION.name,
      timezone: DEMO_STATION.timezone,
      address: DEMO_STATION.address,
      hotline: DEMO_STATION.hotline,
    });
    created = true;
  }
  const area = (await assets.listAreas(DEMO_STATION.id)).find((a) => a.isDefault);
  if (area === undefined) throw new Error(`demo station ${DEMO_STATION.id} has no default area`);

  if ((await tariffs.getVersion(DEMO_TARIFF.id, DEMO_TARIFF.version)) === null) {
    await tariffs.saveVersion({ areaId: area.id, definition: DEMO_TARIFF });
    created = true;
  }

  for (const demo of DEMO_CHARGERS) {
    if (await ensureDemoDevice({ tenantId, areaId: area.id, assets, devices, demo })) created = true;
  }
  if (await seedDemoParking({ ...repos, areaId: area.id })) created = true;
  const station = await assets.getStation(DEMO_STATION.id);
  if (await seedDemoEbike({ ...repos, propertyId: station.propertyId })) created = true;
  return {
    stationId: DEMO_STATION.id,
    areaId: area.id,
    tariff: { tariffId: DEMO_TARIFF.id, version: DEMO_TARIFF.version },
    chargers: DEMO_DEVICES.map((c) => ({ serialNo: c.serialNo, connectors: c.connectors })),
    created,
  };
}
