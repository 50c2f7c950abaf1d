// Authentication + permission + scope benchmark (issue 10): what the security of a request costs on
// the whole API against the same repository call without it, measured in the same run, on a tenant
// provisioned through the control plane on the real MariaDB (`npm run services up`; Temporal, Kafka
// and MongoDB are not used). Not a test:
//   node --conditions=source --import tsx bench/auth-scope.bench.ts [--requests=1000] [--rounds=3]
//     [--concurrency=1,8] [--orders=500] [--socket=1]
// (or BENCH_REQUESTS, BENCH_ROUNDS, BENCH_CONCURRENCY, BENCH_ORDERS, BENCH_SOCKET).
//
// The tenant: provider PV, properties P1 and P2 with 5 stations each, `--orders` settled orders under
// each property in the last 6 days; role R1 owned by P1 holding station:list and order:list (and
// api-key:create); a staff user at place PROPERTY P1 holding R1, signed in (a Bearer access token),
// and an API key it made holding station:list and order:list (a key acts with its creator's place).
// Two routes, `GET /stations/{a P1 station}` and `GET /orders?limit=20`, in six variants, all
// in-process through `app.request()`:
//   bare        a plain Hono app: the repository call with the whole-tenant scope on the same tenant
//               database (the pool already open), the same JSON view; no authentication at all;
//   scoped      the same bare app with repositories bound to P1's scope (the caller resolved once):
//               the scope's WHERE clause alone;
//   guard       a plain Hono app with the API's guard (token verify, caller cache, permission, tenant
//               pool get, the caller's scoped tenant services) then the scoped repository call;
//   guard key   the same guard with the API key (no token to verify: a sha256 and a cache hit);
//   api bearer  the whole API (`createHttpApp`: edge middleware, OpenAPI validation, guard, scoped
//               query, views) with the P1 user's Bearer token;
//   api key     the same with the P1 user's X-API-Key.
// After a warm-up round, `--rounds` rounds; in each, every variant of a route runs `--requests`
// requests at each `--concurrency` (variants rotated from round to round). Printed: requests/s
// (median of rounds), p50/p95 latency (all rounds' requests), the ratios to `bare` and the time each
// variant adds to the median request. Then the guard's parts timed alone (µs per call) and,
// with `--socket=1`, bare, api bearer and api key again over a loopback socket (`@hono/node-server`,
// fetch with keep-alive; client and server share the process and its 2 cores).
import { availableParallelism, cpus } from 'node:os';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { queryScopeOf } from '../packages/adapters/src/access/caller.js';
import { createAccessTokens } from '../packages/adapters/src/auth/access-tokens.js';
import { stationView } from '../packages/adapters/src/http/asset-views.js';
import { pageView } from '../packages/adapters/src/http/order-list-query.js';
import type { AppEnv } from '../packages/adapters/src/http/security/env.js';
import { guard, tenantOf } from '../packages/adapters/src/http/security/guard.js';
import { AssetRepository } from '../packages/adapters/src/persistence/repositories/asset-repository.js';
import { ChargingOrderRepository } from '../packages/adapters/src/persistence/repositories/charging-order-repository.js';
import { WHOLE_TENANT, type QueryScope } from '../packages/adapters/src/persistence/scope.js';
import type { TenantDatabase } from '../packages/adapters/src/tenancy/ports.js';
import {
  propertyProfile,
  providerProfile,
} from '../packages/adapters/test/integration/fixtures/org-profiles.js';
import { eachLimit, startBenchPlatform, type BenchPlatform, type Headers } from './support/api-platform.js';
import { int, median, param, percentile, positiveInt, rawParam, runBench } from './support/harness.js';

// ---- parameters ----------------------------------------------------------------------------------
const REQUESTS = param('requests', 'BENCH_REQUESTS', 1000);
const ROUNDS = param('rounds', 'BENCH_ROUNDS', 3);
const ORDERS = param('orders', 'BENCH_ORDERS', 500);
const CONCURRENCY = (rawParam('concurrency', 'BENCH_CONCURRENCY') ?? '1,8')
  .split(',')
  .map((c) => positiveInt('concurrency', 'BENCH_CONCURRENCY', c.trim()));
const SOCKET = (rawParam('socket', 'BENCH_SOCKET') ?? '1') !== '0';
const STATIONS_PER_PROPERTY = 5;
const PASSWORD = 'Staff!Pass1';
const PERMISSIONS = ['station:list', 'order:list'] as const;

// ---- helpers --------------------------------------------------------------------------------------
const ms = (n: number): string => n.toFixed(2);

/** Something that answers a Request: an app in-process, or a socket through fetch. */
type Target = (path: string, headers: Headers) => Promise<Response>;

interface Variant {
  readonly name: string;
  readonly target: Target;
  readonly headers: Headers;
}

interface Route {
  readonly name: string;
  readonly path: string;
  /** Checks one answer's body (the variant's scope decides what it may contain). */
  check(variant: string, body: string): void;
}

interface Sample {
  readonly rps: number[];
  readonly latencies: number[];
}

/** `count` requests, `concurrency` in flight; ms per request and the requests/s of the batch. */
async function batch(
  route: Route,
  variant: Variant,
  count: number,
  concurrency: number,
): Promise<{ latencies: number[]; rps: number }> {
  const latencies: number[] = [];
  let left = count;
  let checked = false;
  const client = async (): Promise<void> => {
    while (left > 0) {
      left -= 1;
      const t0 = performance.now();
      const response = await variant.target(route.path, variant.headers);
      const body = await response.text();
      latencies.push(performance.now() - t0);
      if (response.status !== 200) {
        throw new Error(`${variant.name} ${route.path}: ${response.status} ${body.slice(0, 300)}`);
      }
      if (!checked) {
        checked = true;
        route.check(variant.name, body);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, client));
  return { latencies, rps: (count * 1000) / (performance.now() - t0) };
}

/**
 * µs per `task()` over `count` calls after a few warm-up calls, `concurrency` in flight: the latency
 * of one call at 1, the throughput cost of one call when the calls overlap.
 */
async function micro(count: number, task: () => Promise<unknown>, concurrency = 1): Promise<number> {
  for (let i = 0; i < Math.min(50, count); i++) await task();
  let left = count;
  const worker = async (): Promise<void> => {
    while (left-- > 0) await task();
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ((performance.now() - t0) * 1000) / count;
}

// ---- the world ------------------------------------------------------------------------------------
interface World {
  readonly platform: BenchPlatform;
  readonly tenantId: string;
  readonly db: TenantDatabase;
  readonly p1: { readonly providerId: string; readonly propertyId: string; readonly id: string };
  readonly p2StationId: string;
  readonly bearer: Headers;
  readonly apiKey: Headers;
  /** The same credentials as the caller resolver takes them. */
  readonly credentials: {
    readonly bearer: { readonly authorization: string };
    readonly apiKey: { readonly apiKey: string };
  };
}

async function buildWorld(platform: BenchPlatform): Promise<World> {
  const tenant = await platform.createTenant();
  const admin = tenant.admin!;
  const post = (path: string, body: unknown, headers: Headers = admin) =>
    platform.must(201, 'POST', path, body, headers);
  const pending = await post('/providers', providerProfile('Provider PV', '13600000001'));
  const { provider } = await platform.must(
    200,
    'POST',
    `/providers/${pending.id}/audit`,
    { decision: 'APPROVE' },
    admin,
  );
  const properties = [
    (await post('/properties', propertyProfile(provider.id, 'Property P1', '13600000002'))).property,
    (await post('/properties', propertyProfile(provider.id, 'Property P2', '13600000003'))).property,
  ];
  const stations: { id: string; providerId: string; propertyId: string }[][] = [[], []];
  for (const [p, property] of properties.entries()) {
    for (let s = 0; s < STATIONS_PER_PROPERTY; s++) {
      const { station } = await post('/stations', {
        propertyId: property.id,
        name: `Station P${p + 1}-${s}`,
      });
      stations[p]!.push({
        id: String(station.id),
        providerId: String(provider.id),
        propertyId: String(property.id),
      });
    }
  }

  // Settled orders under both properties (no route writes orders without starting workflows: they go
  // straight into the tenant's database through the whole-tenant repository, as the worker writes them).
  const db = await platform.services.tenants.get(tenant.tenantId);
  const orders = new ChargingOrderRepository(db.em, Date.now);
  const now = Date.now();
  const rows = Array.from({ length: 2 * ORDERS }, (_, i) => i);
  await eachLimit(rows, 4, async (i) => {
    const station = stations[i % 2]![Math.floor(i / 2) % STATIONS_PER_PROPERTY]!;
    const orderNo = `CB${String(now).slice(-9)}${String(i).padStart(6, '0')}`;
    await orders.create({
      orderNo,
      providerId: station.providerId,
      propertyId: station.propertyId,
      stationId: station.id,
      chargerId: `ch-${station.id.slice(0, 8)}`,
      chargerSerial: `SN-${station.id.slice(0, 8)}`,
      connectorId: `cn-${station.id.slice(0, 8)}`,
      connectorNo: '1',
      startWay: 'PLATFORM',
      status: 'COMPLETED',
      funding: { kind: 'PLATFORM' },
      tariff: { tariffId: 'T-bench', version: 1 },
      createdAt: now - Math.floor((i / (2 * ORDERS)) * 6 * 86_400_000) - 1000,
    });
  });

  // A staff user at place PROPERTY P1 holding a P1 role with just the two permissions, and its key.
  const place = { level: 'PROPERTY', providerId: provider.id, propertyId: properties[0].id };
  // api-key:create too, so that the user makes its key (a key acts with its creator's place).
  const role = await post('/roles', {
    name: 'R1 readers',
    owner: place,
    permissions: [...PERMISSIONS, 'api-key:create'],
  });
  const phone = platform.freshPhone();
  await post('/users', { phone, name: 'P1 reader', password: PASSWORD, place, roleIds: [role.id] });
  const bearer = await platform.signInStaff(tenant.tenantId, phone, PASSWORD);
  const key = await post('/api-keys', { name: 'P1 reader key', permissions: PERMISSIONS }, bearer);
  return {
    platform,
    tenantId: tenant.tenantId,
    db,
    p1: stations[0]![0]!,
    p2StationId: stations[1]![0]!.id,
    bearer,
    apiKey: { 'x-api-key': String(key.key) },
    credentials: {
      bearer: { authorization: bearer['authorization']! },
      apiKey: { apiKey: String(key.key) },
    },
  };
}

/** The bare app: the same repository calls and views, no authentication, a fixed scope. */
function bareApp(world: World, scope: QueryScope) {
  const now = Date.now;
  const assets = new AssetRepository(world.db.em, now, scope);
  const orders = new ChargingOrderRepository(world.db.em, now, scope);
  return new Hono()
    .get('/stations/:stationId', async (c) =>
      c.json(stationView(await assets.getStation(c.req.param('stationId'))), 200),
    )
    .get('/orders', async (c) => {
      const limit = Number(c.req.query('limit') ?? '20');
      return c.json(pageView(await orders.list({ limit, now: now() })), 200);
    });
}

/** The API's guard in front of the scoped repository calls (no edge middleware, no OpenAPI validation). */
function guardApp(world: World) {
  const access = world.platform.services.http.access;
  return new Hono<AppEnv>()
    .get('/stations/:stationId', guard(access, { permission: 'station:list', plane: 'tenant' }), async (c) =>
      c.json(stationView(await tenantOf(c).assets.getStation(c.req.param('stationId'))), 200),
    )
    .get('/orders', guard(access, { permission: 'order:list', plane: 'tenant' }), async (c) => {
      const limit = Number(c.req.query('limit') ?? '20');
      return c.json(pageView(await tenantOf(c).charging.list({ limit })), 200);
    });
}

const inProcess =
  (app: { request(path: string, init: RequestInit): Response | Promise<Response> }): Target =>
  async (path, headers) =>
    app.request(path, { headers });

async function listen(fetch: (request: Request) => Response | Promise<Response>) {
  const server = await new Promise<ServerType>((resolve, reject) => {
    const listening = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(listening));
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    target: (async (path, headers) => fetch_(`${base}${path}`, { headers })) as Target,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
const fetch_ = globalThis.fetch;

// ---- measuring ------------------------------------------------------------------------------------
async function measure(
  title: string,
  routes: readonly Route[],
  variants: readonly Variant[],
  concurrencies: readonly number[],
  requests: number,
  rounds: number,
): Promise<Map<string, Sample>> {
  const samples = new Map<string, Sample>();
  const keyOf = (route: Route, variant: Variant, c: number) => `${route.name}|${variant.name}|${c}`;
  for (let round = 0; round <= rounds; round++) {
    const warmUp = round === 0;
    for (const route of routes) {
      for (const c of concurrencies) {
        // Rotated each round, so a slow moment of the machine does not always hit the same variant.
        const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
        for (const variant of order) {
          const result = await batch(route, variant, warmUp ? Math.min(requests, 300) : requests, c);
          if (warmUp) continue;
          const key = keyOf(route, variant, c);
          const sample = samples.get(key) ?? { rps: [], latencies: [] };
          sample.rps.push(result.rps);
          sample.latencies.push(...result.latencies);
          samples.set(key, sample);
        }
      }
    }
    console.log(`measuring ${title}: ${warmUp ? 'warm-up round' : `round ${round}/${rounds}`} done`);
  }
  return samples;
}

function report(
  title: string,
  routes: readonly Route[],
  variants: readonly Variant[],
  concurrencies: readonly number[],
  samples: Map<string, Sample>,
): void {
  console.log(`\n${title}`);
  for (const route of routes) {
    for (const c of concurrencies) {
      console.log(`\n${route.name}, ${c} in flight`);
      console.log(
        `  ${'variant'.padEnd(11)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}` +
          `   ${'vs bare: req/s'.padStart(14)} ${'p50'.padStart(6)}   p50 added`,
      );
      const base = samples.get(`${route.name}|${variants[0]!.name}|${c}`)!;
      const baseRps = median(base.rps);
      const baseP50 = percentile(base.latencies, 0.5);
      for (const variant of variants) {
        const s = samples.get(`${route.name}|${variant.name}|${c}`)!;
        const rps = median(s.rps);
        const p50 = percentile(s.latencies, 0.5);
        // The median request's extra time (steadier on a shared machine than 1 / throughput, which
        // the slowest requests of a batch move).
        const added = (p50 - baseP50) * 1000;
        console.log(
          `  ${variant.name.padEnd(11)} ${int(rps).padStart(8)} ${ms(p50).padStart(8)} ` +
            `${ms(percentile(s.latencies, 0.95)).padStart(8)}   ${`${(rps / baseRps).toFixed(2)}×`.padStart(14)} ` +
            `${`${(p50 / baseP50).toFixed(2)}×`.padStart(6)}   ${variant === variants[0] ? '' : `${int(added).padStart(5)} µs`}`,
        );
      }
    }
  }
}

// ---- main -----------------------------------------------------------------------------------------
async function main(): Promise<void> {
  console.log(
    `node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} CPUs ` +
      `(${cpus()[0]?.model ?? '?'}); ${REQUESTS} requests per variant, route and concurrency ` +
      `(${CONCURRENCY.join(', ')} in flight), median of ${ROUNDS} rounds after a warm-up round; ` +
      `${ORDERS} orders under each of 2 properties`,
  );
  const setup = performance.now();
  const platform = await startBenchPlatform({ prefix: 'ba' });
  const closers: (() => Promise<void>)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
    await platform.stop();
  };
  await runBench(cleanUp, async () => {
    const world = await buildWorld(platform);
    const caller = await platform.services.callers.resolve(world.credentials.bearer);
    console.log(
      `setup (platform database, tenant ${world.tenantId} with its database and account, sign-ins, ` +
        `${2 * ORDERS} orders): ${int(performance.now() - setup)} ms`,
    );

    const bare = bareApp(world, WHOLE_TENANT);
    const scoped = bareApp(world, queryScopeOf(caller));
    const guarded = guardApp(world);
    const variants: Variant[] = [
      { name: 'bare', target: inProcess(bare), headers: {} },
      { name: 'scoped', target: inProcess(scoped), headers: {} },
      { name: 'guard', target: inProcess(guarded), headers: world.bearer },
      { name: 'guard key', target: inProcess(guarded), headers: world.apiKey },
      { name: 'api bearer', target: inProcess(platform.app), headers: world.bearer },
      { name: 'api key', target: inProcess(platform.app), headers: world.apiKey },
    ];
    const whole = new Set(['bare']);
    const routes: Route[] = [
      {
        name: 'GET /stations/{id}',
        path: `/stations/${world.p1.id}`,
        check: (_, body) => {
          if (!body.includes(world.p1.id)) throw new Error(`not the station: ${body.slice(0, 200)}`);
        },
      },
      {
        name: 'GET /orders?limit=20',
        path: '/orders?limit=20',
        check: (variant, body) => {
          const page = JSON.parse(body) as { items: { propertyId?: string }[]; total: number };
          const expected = whole.has(variant) ? 2 * ORDERS : ORDERS;
          if (page.items.length !== 20 || page.total !== expected) {
            throw new Error(
              `${variant}: ${page.items.length} items of ${page.total}, expected 20 of ${expected}`,
            );
          }
        },
      },
    ];
    // The scope is real: P1's reader does not see P2's station.
    const outside = await platform.call('GET', `/stations/${world.p2StationId}`, undefined, world.bearer);
    if (outside.status !== 404) throw new Error(`P2's station answered ${outside.status} to P1's reader`);

    const samples = await measure('in-process', routes, variants, CONCURRENCY, REQUESTS, ROUNDS);
    report('in-process (app.request)', routes, variants, CONCURRENCY, samples);

    // The guard's parts, alone.
    const tokens = createAccessTokens({ secret: platform.tokenSecret });
    const token = world.bearer['authorization']!.slice('Bearer '.length);
    const access = platform.services.http.access;
    const callers = platform.services.callers;
    const n = 5000;
    const parts: [string, number][] = [
      ['access token verify (HS256, jose: WebCrypto)', await micro(n, () => tokens.verify(token))],
      ['access token verify, 8 at a time (per verify)', await micro(n, () => tokens.verify(token), 8)],
      [
        'caller resolve, Bearer, cache hit (verify + LRU)',
        await micro(n, () => callers.resolve(world.credentials.bearer)),
      ],
      [
        'caller resolve, API key, cache hit (sha256 + LRU)',
        await micro(n, () => callers.resolve(world.credentials.apiKey)),
      ],
      ['tenant pool get (open pool)', await micro(n, () => platform.services.tenants.get(world.tenantId))],
      [
        'tenant services for the caller (pool get + scoped repositories)',
        await micro(n, () => access.tenantServices(caller)),
      ],
      [
        'caller resolve, Bearer, cache miss (verify + session + staff principal reads), every 10 s per caller',
        await micro(200, async () => {
          callers.forget(world.tenantId);
          return callers.resolve(world.credentials.bearer);
        }),
      ],
      [
        'caller resolve, API key, cache miss (key read), every 10 s per key',
        await micro(200, async () => {
          callers.forget(world.tenantId);
          return callers.resolve(world.credentials.apiKey);
        }),
      ],
    ];
    console.log('\nthe guard’s parts alone (µs per call, one call at a time unless said)');
    for (const [name, us] of parts) console.log(`  ${int(us).padStart(7)} µs  ${name}`);

    if (SOCKET) {
      const bareServer = await listen(bare.fetch);
      closers.push(bareServer.close);
      const apiServer = await listen(platform.app.fetch);
      closers.push(apiServer.close);
      const socketVariants: Variant[] = [
        { name: 'bare', target: bareServer.target, headers: {} },
        { name: 'api bearer', target: apiServer.target, headers: world.bearer },
        { name: 'api key', target: apiServer.target, headers: world.apiKey },
      ];
      const socketSamples = await measure(
        'loopback socket',
        routes,
        socketVariants,
        CONCURRENCY,
        REQUESTS,
        ROUNDS,
      );
      report(
        'loopback socket (@hono/node-server, fetch keep-alive)',
        routes,
        socketVariants,
        CONCURRENCY,
        socketSamples,
      );
    }
  });
}

await main();
