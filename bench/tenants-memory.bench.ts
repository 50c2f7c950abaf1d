// Memory of configured and open tenants (issue 10, TEN-5 … TEN-7): what a process serving many
// tenants holds for each, measured in the same run against the process with the platform database
// only. On the real MariaDB by default (`npm run services up`; only MariaDB is used), or with
// `--sqlite` on the local stack's kind (a platform file and one SQLite file per tenant). Not a test:
//   node --expose-gc --conditions=source --import tsx bench/tenants-memory.bench.ts [--tenants=100]
//     [--concurrency=4] [--sqlite]
// (or BENCH_TENANTS, BENCH_CONCURRENCY, BENCH_SQLITE=1). `--expose-gc` is required (bench/run.ts passes it).
//
// The process is the API's (bench/support/api-platform.ts: `openControlPlane` + `createApiServices`
// + `createHttpApp`, a platform operator signed in). Stages, each measured after `gc()` (heap used,
// RSS, external memory; on MariaDB the sessions of this run's tenant accounts):
//   baseline    the API over the platform database, no tenant;
//   configured  `--tenants` tenants created and their datasources configured through the control plane
//               (POST /platform/tenants, PUT /platform/tenants/{id}/datasource as the operator: own
//               database and account each, migrated), no tenant pool open;
//   open        every tenant's pool open in one `PooledTenantDatabases` (maxOpen = --tenants, as the
//               API and the worker hold them; datasource pool min 1 / max 4), each used once (a
//               station list);
//   idle-closed the same pools after the idle sweeper closed them (its clock moved past idleMs).
// Then every datasource is deleted (database and account dropped), also after a failure or Ctrl-C,
// and the platform database with it.
import { availableParallelism, cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AssetRepository } from '../packages/adapters/src/persistence/repositories/asset-repository.js';
import { PooledTenantDatabases } from '../packages/adapters/src/tenancy/tenant-databases.js';
import { eachLimit, startBenchPlatform, type BenchPlatform } from './support/api-platform.js';
import { int, param, runBench } from './support/harness.js';

// ---- parameters ----------------------------------------------------------------------------------
const TENANTS = param('tenants', 'BENCH_TENANTS', 100);
const CONCURRENCY = param('concurrency', 'BENCH_CONCURRENCY', 4);
const SQLITE = process.argv.includes('--sqlite') || process.env['BENCH_SQLITE'] === '1';
/** The pools' idle time; the bench moves their clock past it instead of waiting. */
const IDLE_MS = 10_000;

// ---- helpers --------------------------------------------------------------------------------------
const MIB = 1024 * 1024;
const mb = (bytes: number, digits = 1): string => (bytes / MIB).toFixed(digits);

interface Stage {
  readonly name: string;
  readonly heapUsed: number;
  readonly rss: number;
  readonly external: number;
  readonly openPools: number;
  readonly connections: number | null;
}

const gc = globalThis.gc;

/** Heap after full collections (a few, with turns of the event loop for finalizers between). */
async function stage(name: string, platform: BenchPlatform, openPools: number): Promise<Stage> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await sleep(50);
  }
  const memory = process.memoryUsage();
  let connections: number | null = null;
  if (platform.kind === 'mariadb') {
    // Sessions of this run's tenant accounts only (other programs share the server).
    const rows = (await platform.controlPlane.orm.em
      .getConnection()
      .execute('select count(*) as n from information_schema.processlist where user like ?', [
        `u\\_bm${platform.run}\\_%`,
      ])) as { n: number | string }[];
    connections = Number(rows[0]?.n ?? NaN);
  }
  const result = {
    name,
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    external: memory.external,
    openPools,
    connections,
  };
  console.log(
    `  ${name.padEnd(12)} heap ${mb(result.heapUsed).padStart(7)} MiB   rss ${mb(result.rss).padStart(7)} MiB   ` +
      `external ${mb(result.external).padStart(6)} MiB   open pools ${String(openPools).padStart(4)}` +
      (connections === null ? '' : `   tenant sessions on the server ${connections}`),
  );
  return result;
}

function progress(label: string, total: number, t0: number): (done: number) => void {
  const step = Math.max(1, Math.round(total / 10));
  return (done) => {
    if (done % step === 0 || done === total) {
      const s = (performance.now() - t0) / 1000;
      console.log(`  ${label} ${done}/${total} (${s.toFixed(1)} s)`);
    }
  };
}

// ---- main -----------------------------------------------------------------------------------------
async function main(): Promise<void> {
  if (gc === undefined) {
    console.error(
      'run with --expose-gc: node --expose-gc --conditions=source --import tsx bench/tenants-memory.bench.ts',
    );
    process.exit(2);
  }
  console.log(
    `node ${process.version}, ${process.platform} ${process.arch}, ${availableParallelism()} CPUs ` +
      `(${cpus()[0]?.model ?? '?'}), ${int(totalmem() / MIB)} MiB RAM; ${TENANTS} tenants on ` +
      `${SQLITE ? 'SQLite files (the local stack kind)' : 'MariaDB'}, ${CONCURRENCY} at a time`,
  );
  const platform = await startBenchPlatform({ kind: SQLITE ? 'sqlite' : 'mariadb', prefix: 'bm' });
  let pools: PooledTenantDatabases | undefined;
  const cleanUp = async (): Promise<void> => {
    await pools?.closeAll();
    const t0 = performance.now();
    const count = platform.tenantIds().length;
    if (count > 0) console.log(`deleting ${count} datasources (databases and accounts)`);
    await platform.stop({ concurrency: CONCURRENCY, progress: progress('deleted', count, t0) });
  };
  await runBench(cleanUp, async () => {
    const stages: Stage[] = [];
    console.log('measuring (after gc):');
    stages.push(await stage('baseline', platform, 0));

    // Provisioning, through the control plane as the platform operator.
    console.log(`provisioning ${TENANTS} tenants`);
    let t0 = performance.now();
    const ids: string[] = [];
    const provisioned = progress('provisioned', TENANTS, t0);
    await eachLimit(
      Array.from({ length: TENANTS }, (_, i) => i),
      CONCURRENCY,
      async () => {
        ids.push((await platform.createTenant({ administrator: false })).tenantId);
        provisioned(ids.length);
      },
    );
    const provisionMs = performance.now() - t0;
    if (platform.services.tenants.openCount() !== 0) throw new Error('provisioning left a tenant pool open');
    stages.push(await stage('configured', platform, 0));

    // Every pool open at once, each used once.
    let clockMs = performance.now();
    pools = new PooledTenantDatabases({
      em: platform.controlPlane.orm.em,
      provisioner: platform.controlPlane.provisioner,
      secrets: platform.controlPlane.secrets,
      maxOpen: TENANTS,
      idleMs: IDLE_MS,
      now: () => clockMs,
    });
    const open = pools;
    console.log(`opening ${TENANTS} tenant pools`);
    t0 = performance.now();
    let opened = 0;
    const openProgress = progress('opened', TENANTS, t0);
    await eachLimit(ids, CONCURRENCY, async (tenantId) => {
      const db = await open.get(tenantId);
      await new AssetRepository(db.em, Date.now).listStations();
      openProgress(++opened);
    });
    const openMs = performance.now() - t0;
    if (open.openCount() !== TENANTS) throw new Error(`${open.openCount()} pools open, expected ${TENANTS}`);
    stages.push(await stage('open', platform, open.openCount()));

    // Idle: the pools' clock moves past idleMs; the sweeper (every idleMs / 2) closes them all.
    clockMs += IDLE_MS + 1;
    const deadline = performance.now() + 4 * IDLE_MS;
    while (open.openCount() > 0) {
      if (performance.now() > deadline) throw new Error(`${open.openCount()} pools still open after idling`);
      await sleep(100);
    }
    await open.closeAll(); // waits for the graceful closes the sweeper started
    stages.push(await stage('idle-closed', platform, open.openCount()));

    const [baseline, configured, opened_, closed] = stages as [Stage, Stage, Stage, Stage];
    const per = (a: Stage, b: Stage, key: 'heapUsed' | 'rss' | 'external') => (b[key] - a[key]) / TENANTS;
    console.log(
      `\nprovisioning: ${int(provisionMs / TENANTS)} ms per tenant (${(provisionMs / 1000).toFixed(1)} s); ` +
        `opening a pool (first use, migrations checked): ${int(openMs / TENANTS)} ms per tenant`,
    );
    console.log(
      `baseline (the API over the platform database only): heap ${mb(baseline.heapUsed)} MiB, rss ${mb(baseline.rss)} MiB`,
    );
    console.log(
      `per configured tenant, no pool (configured − baseline) / ${TENANTS}: ` +
        `heap ${mb(per(baseline, configured, 'heapUsed'), 2)} MiB, rss ${mb(per(baseline, configured, 'rss'), 2)} MiB`,
    );
    console.log(
      `per OPEN tenant (open − configured) / ${TENANTS}: heap ${mb(per(configured, opened_, 'heapUsed'), 2)} MiB, ` +
        `rss ${mb(per(configured, opened_, 'rss'), 2)} MiB, external ${mb(per(configured, opened_, 'external'), 2)} MiB` +
        (opened_.connections === null || configured.connections === null
          ? ''
          : `; ${((opened_.connections - configured.connections) / TENANTS).toFixed(2)} tenant-account sessions on the server each`),
    );
    console.log(
      `${TENANTS} open tenants: heap ${((opened_.heapUsed - configured.heapUsed) / baseline.heapUsed).toFixed(2)}× ` +
        `the baseline heap, rss ${((opened_.rss - configured.rss) / baseline.rss).toFixed(2)}× the baseline rss`,
    );
    console.log(
      `after the idle close: heap ${mb(closed.heapUsed - configured.heapUsed)} MiB above configured ` +
        `(${mb(opened_.heapUsed - closed.heapUsed)} MiB of ${mb(opened_.heapUsed - configured.heapUsed)} MiB returned), ` +
        `rss ${mb(closed.rss - configured.rss)} MiB above configured`,
    );
  });
}

await main();
