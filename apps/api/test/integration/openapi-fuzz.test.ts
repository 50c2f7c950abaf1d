// §14 / hardening: property-based fuzzing of the served OpenAPI document with schemathesis
// (scripts/tools/schemathesis.sh installs it). The real app runs on 127.0.0.1 over a seeded SQLite
// database and the shared Temporal dev server (fixtures/fuzz-target.ts); schemathesis runs as a child
// process against `${baseUrl}/openapi.json` with a fixed seed, a bounded number of examples per
// operation and a hard wall-clock bound, and writes its reports under .services/fuzz/. The test parses
// the NDJSON event report: every failing check is printed with its request and a curl reproduction.
//
// Knobs (environment): FUZZ_MAX_EXAMPLES (default 30), FUZZ_SEED, FUZZ_WALL_SECONDS (hard bound of the
// schemathesis process, default 150), FUZZ_MAX_TIME (seconds: fuzz until spent, for a local soak),
// FUZZ_INCLUDE (operations to fuzz, e.g. "GET /stations,POST /orders"; default: all).
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFuzzTarget, type FuzzTarget } from './fixtures/fuzz-target.js';
import {
  CHECKS,
  EVENTS,
  type FuzzRun,
  INCLUDE,
  LOG,
  MIN_2XX_FULL_DOCUMENT,
  MIN_REQUESTS_FULL_DOCUMENT,
  MIN_REQUESTS_PER_OPERATION,
  OUT,
  ROOT,
  type RecordedRequest,
  SERVER_LOG,
  SUMMARY,
  WALL_SECONDS,
  clip,
  configToml,
  curlOf,
  documentedOperations,
  parseEvents,
  report,
  runSchemathesis,
} from './fixtures/schemathesis-run.js';

describe('§14 / hardening: fuzz over /openapi.json (schemathesis)', () => {
  let target: FuzzTarget | undefined;
  let binary: string;

  beforeAll(async () => {
    // Idempotent and cached: scripts/test.sh already ran it; alone, the first run installs (~10 s).
    const { stdout } = await promisify(execFile)('bash', [join(ROOT, 'scripts/tools/schemathesis.sh')]);
    binary = stdout.trim().split('\n').pop() ?? '';
    await rm(OUT, { recursive: true, force: true });
    await mkdir(OUT, { recursive: true });
    // The app's error log goes to a file, so the report stays readable; the stack traces are there.
    const serverLog = createWriteStream(SERVER_LOG);
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      serverLog.write(`${new Date().toISOString()} ${format(...args)}\n`);
    });
    target = await startFuzzTarget();
  }, 300_000);
  afterAll(async () => {
    await target?.stop();
    vi.restoreAllMocks();
  }, 120_000);

  it(
    'finds no server error, undocumented status, wrong content type, or body off the documented schema',
    async () => {
      const { baseUrl, headers, seed } = target!;
      const config = join(OUT, 'schemathesis.toml');
      await writeFile(config, configToml(target!, seed));
      const described = await documentedOperations(baseUrl, headers);
      const documented = described.map((op) => op.name);
      // An operation without inputs (GET /docs) gets a few requests; schemathesis never calls the
      // document it reads (GET /openapi.json), which every run fetches anyway.
      const minRequests = (name: string) =>
        name === 'GET /openapi.json'
          ? 0
          : described.find((op) => op.name === name)?.inputs === false
            ? 1
            : MIN_REQUESTS_PER_OPERATION;
      const operations = INCLUDE.length === 0 ? documented : documented.filter((op) => INCLUDE.includes(op));
      expect(
        operations.length,
        `FUZZ_INCLUDE=${INCLUDE.join(',')} names no documented operation`,
      ).toBeGreaterThan(0);

      const started = performance.now();
      const exit = await runSchemathesis(binary, config, `${baseUrl}/openapi.json`);
      const seconds = (performance.now() - started) / 1_000;
      const events = await readFile(EVENTS, 'utf8').catch(() => '');
      const run: FuzzRun = { ...parseEvents(events), seconds, exit };
      const text = report(run, operations);
      console.log(text);
      await writeFile(
        SUMMARY,
        JSON.stringify({ ...run, byOperation: Object.fromEntries(run.byOperation) }, null, 2),
      );
      const logTail = async () =>
        (await readFile(LOG, 'utf8').catch(() => '')).split('\n').slice(-40).join('\n');

      // The harness itself: a run that was cut short, crashed or barely sent anything cannot pass.
      expect(
        exit.killedAfterWallBound,
        `schemathesis ran past ${WALL_SECONDS} s and was killed (raise FUZZ_WALL_SECONDS or lower FUZZ_MAX_EXAMPLES)`,
      ).toBe(false);
      expect(
        run.stopReason,
        `schemathesis did not finish its run (exit ${exit.code ?? exit.signal}):\n${await logTail()}`,
      ).toBe('completed');
      expect(exit.code, `schemathesis exit code (0 clean, 1 failures found):\n${await logTail()}`).toBeOneOf([
        0, 1,
      ]);
      expect(run.errors, 'schemathesis errors (it could not test everything)').toEqual([]);
      const starved = operations.filter((op) => (run.byOperation.get(op)?.requests ?? 0) < minRequests(op));
      expect(starved, `operations that got fewer than ${MIN_REQUESTS_PER_OPERATION} requests`).toEqual([]);
      if (INCLUDE.length === 0) {
        expect(run.requests).toBeGreaterThanOrEqual(MIN_REQUESTS_FULL_DOCUMENT);
        const ok = [...run.byOperation.values()].reduce((sum, s) => sum + s.ok, 0);
        expect(ok, 'requests answered 2xx (the seed makes real rows reachable)').toBeGreaterThanOrEqual(
          MIN_2XX_FULL_DOCUMENT,
        );
      }
      expect(exit.code === 0, 'schemathesis exit code 0 exactly when this report has no failure').toBe(
        run.failures.length === 0,
      );

      // The API: zero failures of each check.
      const summary = (check: string) =>
        run.failures
          .filter((f) => f.check === check)
          .map((f) => `${f.operation} -> ${f.status}: ${f.message.split('\n')[0]} | ${f.curl}`);
      expect
        .soft(summary('not_a_server_error'), 'server errors (5xx); details in the report above')
        .toEqual([]);
      expect.soft(summary('status_code_conformance'), 'undocumented status codes').toEqual([]);
      expect.soft(summary('content_type_conformance'), 'undocumented content types').toEqual([]);
      expect.soft(summary('response_schema_conformance'), 'bodies off the documented schema').toEqual([]);
      expect.soft(summary('response_headers_conformance'), 'headers off the documented schema').toEqual([]);
      expect(run.failures.filter((f) => !(CHECKS as readonly string[]).includes(f.check))).toEqual([]);
    },
    (WALL_SECONDS + 60) * 1_000,
  );

  // Schemathesis never puts a NUL byte in a path parameter (many servers strip or reject them, so it
  // avoids them on purpose), so the known "NUL in the path" class gets this small deterministic probe:
  // every operation with path parameters, each parameter a NUL-bearing segment, the same two checks.
  it('answers a NUL byte in any path parameter with a documented non-5xx status', async () => {
    const { baseUrl, headers } = target!;
    const operations = (await documentedOperations(baseUrl, headers)).filter(
      (op) => op.path.includes('{') && (INCLUDE.length === 0 || INCLUDE.includes(op.name)),
    );
    const failures: string[] = [];
    let requests = 0;
    for (const op of operations) {
      for (const segment of ['%00', 'a%00b']) {
        const uri = `${baseUrl}${op.path.replace(/\{[^}]+\}/g, segment)}`;
        const body = op.hasBody ? '{}' : undefined;
        const request: RecordedRequest = {
          method: op.method,
          uri,
          headers: {
            ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
            ...(body === undefined ? {} : { 'Content-Type': ['application/json'] }),
          },
          body: body === undefined ? null : { $base64: Buffer.from(body).toString('base64') },
        };
        const response = await fetch(uri, {
          method: op.method,
          headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k, v[0] ?? ''])),
          ...(body === undefined ? {} : { body }),
        });
        requests += 1;
        const text = clip(await response.text());
        const documented = op.statuses.includes(String(response.status)) || op.statuses.includes('default');
        const checks = [
          ...(response.status >= 500 ? ['not_a_server_error'] : []),
          ...(documented ? [] : [`status_code_conformance (documented: ${op.statuses.join(', ')})`]),
        ];
        if (checks.length > 0) {
          failures.push(
            `${op.name} -> ${response.status}: ${checks.join(', ')}\n     response: ${text}\n     reproduce: ${curlOf(request)}`,
          );
        }
      }
    }
    console.log(
      `NUL-in-path probe: ${requests} requests over ${operations.length} operations, ${failures.length} failures` +
        failures.map((f, i) => `\n${i + 1}. ${f}`).join(''),
    );
    expect(requests).toBe(operations.length * 2);
    expect(failures, 'NUL bytes in path parameters; details in the report above').toEqual([]);
  });
});
