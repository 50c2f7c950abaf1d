// The whole API as apps/api builds it (`openControlPlane` + `createApiServices` + `createHttpApp`),
// for the benchmarks: a throw-away platform database (MariaDB by default, or a SQLite file for the
// local stack's kind), tenants provisioned through the control plane (own database and account
// each), a platform operator, tenant administrators and app users signed in. `stop()` deletes every
// tenant datasource (database + account) it made, then sweeps what a failed run may have left under
// this run's names, then drops the platform database.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformPrincipal } from '@chargeflow/core';
import { payloadConverterPath } from '@chargeflow/workflows';
import { Client, Connection, type WorkflowClient } from '@temporalio/client';
import { serviceEndpoints } from '../../packages/adapters/src/config/endpoints.js';
import { createHttpApp, type HttpApp } from '../../packages/adapters/src/http/app.js';
import { uniqueDatabaseName } from '../../packages/adapters/src/persistence/test-database.js';
import { createApiServices, type ApiServices } from '../../packages/adapters/src/platform/api-services.js';
import { openControlPlane, type ControlPlane } from '../../packages/adapters/src/platform/control-plane.js';

/** Where tenant databases live: MariaDB (the default) or SQLite files (the local stack's kind). */
export type PlatformKind = 'mariadb' | 'sqlite';

/** A parsed JSON answer, read loosely by the benches. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Headers = Record<string, string>;

/** The platform operator every bench platform bootstraps (ADMIN, OPS and DEV). */
export const OPERATOR = { phone: '13900000000', password: 'Platform!Op1' } as const;
/** The administrator password of every bench tenant. */
export const ADMIN_PASSWORD = 'Tenant!Adm1n';
/** The database password of every bench tenant account (TEN-5: strong). */
const TENANT_DB_PASSWORD = 'Bench#Tenant1db';

/** Generous sign-in limits: a bench signs in many times from one address. */
const LOOSE_LIMITS = {
  signIn: { max: 100_000, windowMs: 60_000 },
  smsCode: { max: 100_000, windowMs: 60_000 },
};

export interface BenchPlatformOptions {
  readonly kind?: PlatformKind;
  /**
   * Short letters naming this bench in database, account and tenant names (default `bn`); with the
   * run id it is what the clean-up sweep matches.
   */
  readonly prefix?: string;
  /** A Temporal workflow client (chargeflow's payload converter); default: a lazy one that never connects. */
  readonly workflows?: WorkflowClient;
  readonly taskQueue?: string;
  /** Business clock (tariff effective dating, order numbers); credentials always use the wall clock. */
  readonly clock?: () => number;
  readonly tenantPools?: { readonly idleMs?: number; readonly maxOpen?: number };
}

/** A tenant provisioned through the control plane. */
export interface BenchTenant {
  readonly tenantId: string;
  /** Its administrator's phone and `Authorization` header (absent with `administrator: false`). */
  readonly adminPhone?: string;
  readonly admin?: Headers;
}

export interface BenchPlatform {
  readonly run: string;
  readonly kind: PlatformKind;
  readonly controlPlane: ControlPlane;
  /** The access-token signing key the API was built with (AUTH_TOKEN_SECRET). */
  readonly tokenSecret: Uint8Array;
  readonly services: ApiServices;
  readonly app: HttpApp;
  /** `Authorization` header of the platform operator. */
  readonly operator: Headers;
  /** One request to the in-process app; status and parsed body. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Headers,
  ): Promise<{ status: number; body: Json }>;
  /** The same, insisting on `status`; the body. */
  must(status: number, method: string, path: string, body: unknown, headers: Headers): Promise<Json>;
  /**
   * Creates a tenant and configures its datasource (own database and account, migrated) through
   * the control plane; with an administrator signed in unless `administrator: false`.
   */
  createTenant(options?: { readonly administrator?: boolean }): Promise<BenchTenant>;
  /** The ids of the tenants created so far. */
  tenantIds(): readonly string[];
  signInStaff(tenantId: string, phone: string, password: string): Promise<Headers>;
  /** Signs an app user in through the sandbox SMS code. */
  signInApp(tenantId: string, phone: string): Promise<Headers>;
  /** A fresh mainland mobile number. */
  freshPhone(): string;
  /**
   * Deletes every tenant datasource made (database and account), `concurrency` at a time, then drops
   * anything left under this run's names, then the platform database. Safe to call twice.
   */
  stop(options?: {
    readonly concurrency?: number;
    readonly progress?: (done: number) => void;
  }): Promise<void>;
}

const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });
const OPS = platformPrincipal('bench-cleanup', ['OPS']);

function serverOf(databaseUrl: string) {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  return {
    address: `${url.hostname}:${url.port === '' ? 3306 : url.port}`,
    withDatabase(name: string): string {
      const copy = new URL(url);
      copy.pathname = `/${name}`;
      return copy.toString();
    },
  };
}

/** Runs `task` over `items`, `concurrency` at a time. */
export async function eachLimit<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await task(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

/** Starts the API over a fresh platform database. */
export async function startBenchPlatform(options: BenchPlatformOptions = {}): Promise<BenchPlatform> {
  const kind = options.kind ?? 'mariadb';
  const prefix = options.prefix ?? 'bn';
  const run = `${Date.now().toString(36).slice(-4)}${randomBytes(2).toString('hex')}`;
  const config = serviceEndpoints();
  const server = serverOf(config.DATABASE_URL);
  const platformName = uniqueDatabaseName(`cf_${prefix}_plat`);
  const sqliteDir = kind === 'sqlite' ? await mkdtemp(join(tmpdir(), `cf-${prefix}-`)) : undefined;
  const databaseUrl =
    sqliteDir === undefined ? server.withDatabase(platformName) : `file:${join(sqliteDir, 'platform.db')}`;
  // As apps/api opens it: the platform database (migrated), the provisioner (MariaDB servers from
  // DATABASE_URL's account, or SQLite files beside the platform file) and the secret box.
  const controlPlane = await openControlPlane({
    databaseUrl,
    secretKey: randomBytes(32).toString('hex'),
  });
  const created: string[] = [];
  let tenantSeq = 0;
  let stopped: Promise<void> | undefined;
  /** Provisionings under way: `stop()` lets them finish (or fail), then deletes what they made. */
  const inFlight = new Set<Promise<unknown>>();

  const dropLeftovers = async (): Promise<void> => {
    if (kind === 'sqlite') return;
    // Whatever a failed provisioning or delete left under this run's names (databases cf_<prefix><run>…,
    // accounts u_<prefix><run>…): never anything of another run or of another program.
    const connection = controlPlane.orm.em.getConnection();
    const stem = `${prefix}${run}_`;
    const schemas = (await connection.execute(
      'select schema_name as name from information_schema.schemata where schema_name like ?',
      [`cf\\_${prefix}%`],
    )) as { name: string }[];
    for (const { name } of schemas) {
      if (name.startsWith(`cf_${stem}`)) await connection.execute(`drop database if exists \`${name}\``);
    }
    const users = (await connection.execute('select user as name, host from mysql.user where user like ?', [
      `u\\_${prefix}%`,
    ])) as { name: string; host: string }[];
    for (const { name, host } of users) {
      if (name.startsWith(`u_${stem}`)) await connection.execute('drop user if exists ?@?', [name, host]);
    }
  };

  const stop = (stopOptions: Parameters<BenchPlatform['stop']>[0] = {}): Promise<void> => {
    stopped ??= (async () => {
      await Promise.allSettled([...inFlight]);
      const errors: unknown[] = [];
      let done = 0;
      await eachLimit([...created], stopOptions.concurrency ?? 1, async (tenantId) => {
        await services.catalog.deleteDatasource(tenantId, OPS).catch((error: unknown) => {
          // A tenant whose datasource never got configured has nothing to delete.
          if ((error as { code?: unknown }).code !== 'DATASOURCE_NOT_FOUND') errors.push(error);
        });
        done += 1;
        stopOptions.progress?.(done);
      });
      await services.close().catch((error: unknown) => errors.push(error));
      await dropLeftovers().catch((error: unknown) => errors.push(error));
      if (sqliteDir === undefined) {
        await controlPlane.orm.em
          .getConnection()
          .execute(`drop database if exists \`${platformName}\``)
          .catch((error: unknown) => errors.push(error));
      }
      await controlPlane.orm.close(true).catch((error: unknown) => errors.push(error));
      if (sqliteDir !== undefined) await rm(sqliteDir, { recursive: true, force: true });
      if (errors.length > 0) throw new AggregateError(errors, 'bench platform did not stop cleanly');
    })();
    return stopped;
  };

  const tokenSecret = randomBytes(32);
  let services: ApiServices;
  try {
    services = createApiServices({
      platform: controlPlane.orm,
      provisioner: controlPlane.provisioner,
      secrets: controlPlane.secrets,
      tokenSecret,
      workflows:
        options.workflows ??
        new Client({
          connection: Connection.lazy({ address: config.TEMPORAL_ADDRESS }),
          namespace: config.TEMPORAL_NAMESPACE,
          dataConverter: { payloadConverterPath },
        }).workflow,
      taskQueue: options.taskQueue ?? `bench-unused-${run}`,
      timeouts: { startMs: 120_000, heartbeatMs: 600_000, stopMs: 120_000 },
      sms: 'sandbox',
      payments: { sandbox: 'default' },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.tenantPools === undefined ? {} : { tenantPools: options.tenantPools }),
    });
  } catch (error) {
    await controlPlane.orm.close(true);
    throw error;
  }

  try {
    const app = createHttpApp({ probes: () => [], ...services.http, rateLimits: LOOSE_LIMITS });
    const call = async (method: string, path: string, body?: unknown, headers: Headers = {}) => {
      const response = await app.request(path, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as Json };
    };
    const must = async (status: number, method: string, path: string, body: unknown, headers: Headers) => {
      const answer = await call(method, path, body, headers);
      if (answer.status !== status) {
        throw new Error(
          `${method} ${path}: ${answer.status}, expected ${status}: ${JSON.stringify(answer.body)}`,
        );
      }
      return answer.body as Json;
    };

    await services.platformUsers.create({ ...OPERATOR, name: 'Operator', roles: ['ADMIN', 'OPS', 'DEV'] });
    const operator = bearer(String((await must(200, 'POST', '/auth/sign-in', OPERATOR, {})).accessToken));

    let phoneSeq = 0;
    const freshPhone = () =>
      `137${String(Date.now() % 1e5).padStart(5, '0')}${String(phoneSeq++ % 1000).padStart(3, '0')}`;
    const signInStaff = async (tenantId: string, phone: string, password: string) =>
      bearer(
        String(
          (await must(200, 'POST', '/auth/sign-in', { tenant: tenantId, phone, password }, {})).accessToken,
        ),
      );

    const createTenant = async (tenantOptions: {
      readonly administrator?: boolean;
    }): Promise<BenchTenant> => {
      const tenantId = `${prefix}${run}-${tenantSeq++}`;
      await must(201, 'POST', '/platform/tenants', { id: tenantId, name: `Bench ${tenantId}` }, operator);
      created.push(tenantId);
      await must(
        201,
        'PUT',
        `/platform/tenants/${tenantId}/datasource`,
        {
          // SQLite tenants ignore the address and account (validated and stored only).
          address: kind === 'sqlite' ? '127.0.0.1:3306' : server.address,
          account: `u_${tenantId.replace(/-/g, '_')}`,
          password: TENANT_DB_PASSWORD,
          maxConnections: 4,
          minConnections: 1,
        },
        operator,
      );
      if (tenantOptions.administrator === false) return { tenantId };
      const adminPhone = freshPhone();
      await must(
        201,
        'POST',
        `/platform/tenants/${tenantId}/administrators`,
        { phone: adminPhone, name: 'Admin', password: ADMIN_PASSWORD },
        operator,
      );
      return { tenantId, adminPhone, admin: await signInStaff(tenantId, adminPhone, ADMIN_PASSWORD) };
    };

    return {
      run,
      kind,
      controlPlane,
      tokenSecret,
      services,
      app,
      operator,
      call,
      must,
      createTenant(tenantOptions = {}) {
        if (stopped !== undefined) return Promise.reject(new Error('the bench platform is stopping'));
        const provisioning = createTenant(tenantOptions);
        inFlight.add(provisioning);
        void provisioning.catch(() => undefined).finally(() => inFlight.delete(provisioning));
        return provisioning;
      },
      tenantIds: () => [...created],
      signInStaff,
      async signInApp(tenantId, phone) {
        await must(202, 'POST', '/auth/sms-codes', { tenant: tenantId, phone }, {});
        const outbox = await must(200, 'GET', `/platform/sandbox/sms?phone=${phone}`, undefined, operator);
        const code = /(\d{6})/.exec(String(outbox.items?.[0]?.text ?? ''))?.[1];
        if (code === undefined) throw new Error(`no sandbox SMS for ${phone}: ${JSON.stringify(outbox)}`);
        const signedIn = await must(200, 'POST', '/auth/app-sign-in', { tenant: tenantId, phone, code }, {});
        return bearer(String(signedIn.accessToken));
      },
      freshPhone,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
