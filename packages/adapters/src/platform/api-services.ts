import type { OrderTimeouts } from '@chargeflow/core';
import type { MikroORM } from '@mikro-orm/core';
import type { WorkflowClient } from '@temporalio/client';
import { queryScopeOf, type Caller } from '../access/caller.js';
import { CallerResolver } from '../access/callers.js';
import { SignIn } from '../access/sign-in.js';
import { createTenantServices, type SharedTenantDependencies } from '../access/tenant-services.js';
import { createAccessTokens } from '../auth/access-tokens.js';
import { ApiKeyStore } from '../auth/api-keys.js';
import { Argon2PasswordHasher } from '../auth/passwords.js';
import { PlatformUserStore } from '../auth/platform-users.js';
import type { SmsOutbox, SmsSender } from '../auth/ports.js';
import { RefreshTokenStore } from '../auth/refresh-tokens.js';
import { SandboxSmsOutbox, SandboxSmsSender, SmsCodeStore } from '../auth/sms.js';
import { InMemoryIdempotencyStore } from '../charging/idempotency.js';
import { OrderNoAllocator } from '../charging/order-numbers.js';
import type { HttpDependencies } from '../http/app.js';
import type { PlatformServices } from '../http/platform-routes.js';
import { silentLogger, type AdapterLogger, type DeviceCommandBus } from '../kafka/ports.js';
import type { SnapshotStore } from '../cameras/snapshot-store.js';
import { createOnboardingServices, type ContractSettings } from '../onboarding/services.js';
import {
  openPaymentServices,
  type PaymentOptions,
  type PaymentServices,
} from '../payments/payment-services.js';
import type { RefundTimings } from '../payments/refund-service.js';
import type { InvoiceTimings } from '../invoices/invoice-service.js';
import { signalRefundSettled } from '../payments/refund-signal.js';
import { signalSplitSettled } from '../payments/split-signal.js';
import type { SplitTimings } from '../payments/split-service.js';
import { AuditLog } from '../persistence/repositories/audit-log.js';
import { PlatformDeviceRegistry } from '../tenancy/device-registry.js';
import type { TenantProvisioner } from '../tenancy/provisioner.js';
import type { SecretBox } from '../tenancy/secrets.js';
import { PlatformTenantCatalog } from '../tenancy/tenant-catalog.js';
import { PooledTenantDatabases } from '../tenancy/tenant-databases.js';

/** What the API's services are built from (the composition root opens the connections). */
export interface ApiServicesOptions {
  /** The migrated platform database (DATABASE_URL). */
  readonly platform: MikroORM;
  /** Creates and opens tenant databases: MariaDB (TENANT_DB_ADMIN_URLS) or the local stack's SQLite files. */
  readonly provisioner: TenantProvisioner;
  /** Seals datasource passwords (CHARGEFLOW_SECRET_KEY). */
  readonly secrets: SecretBox;
  /** Signs access tokens (AUTH_TOKEN_SECRET, ≥ 32 bytes). */
  readonly tokenSecret: string | Uint8Array;
  readonly accessTokenTtlMs?: number;
  readonly refreshTokenTtlMs?: number;
  /** A Temporal workflow client with chargeflow's payload converter. */
  readonly workflows: WorkflowClient;
  readonly taskQueue: string;
  readonly timeouts: OrderTimeouts;
  /** `sandbox`: messages are recorded in the platform database (readable at GET /platform/sandbox/sms). */
  readonly sms: 'sandbox' | SmsSender;
  readonly tenantPools?: { readonly idleMs?: number; readonly maxOpen?: number };
  /** Contracts (TEN-4): default notice lead time, and whether the sandbox notifier's outbox is served. */
  readonly contracts?: ContractSettings;
  /** Payment channels (ASSET-3, PAY-1): where the sandbox may be used, how it behaves, timings. */
  readonly payments: PaymentOptions;
  /** How refundWorkflow waits for the channel (default DEFAULT_REFUND_TIMINGS). */
  readonly refundTimings?: RefundTimings;
  /** How invoiceWorkflow polls the invoicing provider (default DEFAULT_INVOICE_TIMINGS). */
  readonly invoiceTimings?: InvoiceTimings;
  /** How splitWorkflow rounds wait for the channel (default DEFAULT_SPLIT_TIMINGS). */
  readonly splitTimings?: SplitTimings;
  /** Business time: tariff effective dating, order numbers and windows (tests move it). */
  readonly clock?: () => number;
  /** Credential time: token, session, lockout and SMS-code expiry (the wall clock unless given). */
  readonly authClock?: () => number;
  /** How camera commands reach devices (Kafka `openKafkaCommandBus`, or the local stack's bus); absent: 503. */
  readonly commands?: DeviceCommandBus;
  /** Where camera snapshots are read from (GridFS, or in memory); absent: 503. */
  readonly snapshots?: SnapshotStore;
  readonly logger?: AdapterLogger;
}

/** The API's services, ready for `createHttpApp({ probes, ...services.http })`. */
export interface ApiServices {
  readonly http: Omit<
    HttpDependencies,
    'probes' | 'bodyLimitBytes' | 'corsOrigins' | 'trustProxy' | 'rateLimits'
  >;
  readonly tenants: PooledTenantDatabases;
  readonly catalog: PlatformTenantCatalog;
  readonly devices: PlatformDeviceRegistry;
  readonly platformUsers: PlatformUserStore;
  readonly callers: CallerResolver;
  readonly smsOutbox: SmsOutbox | null;
  /** Payment channels per tenant, the callback inbox (POST /payment-callbacks/…), the sandbox (ASSET-3, PAY-1). */
  readonly payments: PaymentServices;
  /** Closes the tenant pools (the platform ORM and Temporal are the caller's). */
  close(): Promise<void>;
}

/**
 * Wires the control plane (tenants, datasources, device registry, platform operators, API keys,
 * refresh tokens, SMS codes, audit log) and the per-tenant services of the API from open
 * connections. Used by apps/api, the local stack and the tests, so all serve the same product.
 */
export function createApiServices(options: ApiServicesOptions): ApiServices {
  const clock = options.clock ?? Date.now;
  const authClock = options.authClock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const em = options.platform.em;
  const hasher = new Argon2PasswordHasher();
  const tenants = new PooledTenantDatabases({
    em,
    provisioner: options.provisioner,
    secrets: options.secrets,
    ...(options.tenantPools?.idleMs === undefined ? {} : { idleMs: options.tenantPools.idleMs }),
    ...(options.tenantPools?.maxOpen === undefined ? {} : { maxOpen: options.tenantPools.maxOpen }),
  });
  const catalog = new PlatformTenantCatalog({
    em,
    provisioner: options.provisioner,
    secrets: options.secrets,
    now: clock,
    databases: tenants,
  });
  const devices = new PlatformDeviceRegistry({ em, now: clock });
  const accessTokens = createAccessTokens({
    secret: options.tokenSecret,
    now: authClock,
    ...(options.accessTokenTtlMs === undefined ? {} : { ttlMs: options.accessTokenTtlMs }),
  });
  const refreshTokens = new RefreshTokenStore({
    em,
    now: authClock,
    ...(options.refreshTokenTtlMs === undefined ? {} : { ttlMs: options.refreshTokenTtlMs }),
  });
  const apiKeys = new ApiKeyStore({ em, now: authClock });
  const platformUsers = new PlatformUserStore({ em, hasher, now: authClock });
  const sandbox = options.sms === 'sandbox';
  const sender = sandbox ? new SandboxSmsSender({ em, now: authClock }) : (options.sms as SmsSender);
  const smsOutbox = sandbox ? new SandboxSmsOutbox({ em }) : null;
  const smsCodes = new SmsCodeStore({ em, sender, now: authClock });
  const callers = new CallerResolver({
    accessTokens,
    refreshTokens,
    apiKeys,
    platformUsers,
    tenants,
    hasher,
    clock: authClock,
  });
  const payments = openPaymentServices({
    options: options.payments,
    tenants,
    secrets: options.secrets,
    clock,
    logger,
    onRefundSettled: signalRefundSettled(options.workflows),
    onSplitSettled: signalSplitSettled(options.workflows),
  });
  const shared: SharedTenantDependencies = {
    clock,
    hasher,
    workflows: options.workflows,
    taskQueue: options.taskQueue,
    timeouts: options.timeouts,
    payments: (tenantEm, tenantId) => payments.channels(tenantEm, tenantId),
    orderNumbers: new OrderNoAllocator(),
    idempotency: new InMemoryIdempotencyStore(),
    devices,
    secrets: options.secrets,
    ...(options.refundTimings === undefined ? {} : { refundTimings: options.refundTimings }),
    ...(options.invoiceTimings === undefined ? {} : { invoiceTimings: options.invoiceTimings }),
    ...(options.splitTimings === undefined ? {} : { splitTimings: options.splitTimings }),
    ...(options.commands === undefined ? {} : { commands: options.commands }),
    ...(options.snapshots === undefined ? {} : { snapshots: options.snapshots }),
    logger,
  };
  const platform: PlatformServices = {
    catalog,
    tenants,
    users: platformUsers,
    audit: new AuditLog(em),
    smsOutbox,
    hasher,
    clock,
  };
  const access = {
    resolveCaller: (headers: { readonly authorization?: string; readonly apiKey?: string }) =>
      callers.resolve(headers),
    tenantServices: async (caller: Caller) =>
      createTenantServices(await tenants.get(caller.tenantId), queryScopeOf(caller), shared, caller),
    forget: (tenantId?: string) => callers.forget(tenantId),
  };
  return {
    http: {
      access,
      signIn: new SignIn({
        accessTokens,
        refreshTokens,
        platformUsers,
        smsCodes,
        tenants,
        hasher,
        clock: authClock,
      }),
      platform,
      onboarding: createOnboardingServices({
        em,
        smsCodes,
        workflows: options.workflows,
        taskQueue: options.taskQueue,
        clock,
        ...(options.contracts === undefined ? {} : { contracts: options.contracts }),
      }),
      apiKeys,
      paymentCallbacks: payments.inbox,
      clock,
      logger,
    },
    tenants,
    catalog,
    devices,
    platformUsers,
    callers,
    smsOutbox,
    payments,
    close: async () => {
      payments.close();
      await tenants.closeAll();
    },
  };
}

/**
 * Creates the first platform operator (ADMIN, OPS and DEV) when the platform has none; true when it
 * did. The bootstrap of a fresh install (PLATFORM_ADMIN_PHONE / PLATFORM_ADMIN_PASSWORD) and of the local stack.
 */
export async function ensureFirstPlatformOperator(
  users: Pick<PlatformUserStore, 'count' | 'create'>,
  credentials: { readonly phone: string; readonly password: string },
): Promise<boolean> {
  if ((await users.count()) > 0) return false;
  await users.create({ ...credentials, name: 'Platform administrator', roles: ['ADMIN', 'OPS', 'DEV'] });
  return true;
}
