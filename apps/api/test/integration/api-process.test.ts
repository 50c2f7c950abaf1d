// The production API process (apps/api/src/main.ts) on the REAL services, configured by the
// environment only: a fresh MariaDB platform database, the first platform operator from
// PLATFORM_ADMIN_PHONE/PASSWORD, every route for all tenants (issue 10, item 4). A bad variable stops
// it with exit code 78 and one line naming the variable; SIGTERM stops it cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { serviceEndpoints } from '@chargeflow/adapters';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../packages/adapters/test/integration/fixtures/processes.js';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const endpoints = serviceEndpoints();
const platformName = `cf_apiproc_${randomBytes(3).toString('hex')}`;
const platformUrl = (() => {
  const url = new URL(endpoints.DATABASE_URL);
  url.pathname = `/${platformName}`;
  return url.toString();
})();
let api: ChildProcess | undefined;

const start = (env: Record<string, string>) => {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return {
    child,
    output,
    exited: new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))),
  };
};

afterAll(async () => {
  api?.kill('SIGKILL');
  const url = new URL(endpoints.DATABASE_URL);
  const admin = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  await admin.query(`DROP DATABASE IF EXISTS \`${platformName}\``);
  await admin.end();
});

describe('apps/api: the production API process (issue 10 item 4)', () => {
  it('a missing CHARGEFLOW_SECRET_KEY stops it with exit code 78 and one line naming the variable', async () => {
    const { exited, output } = start({
      DATABASE_URL: platformUrl,
      CHARGEFLOW_SECRET_KEY: '',
      AUTH_TOKEN_SECRET: 'x'.repeat(40),
    });
    expect(await exited).toBe(78);
    expect(output.join('')).toMatch(/CHARGEFLOW_SECRET_KEY/);
  });

  it('a malformed CHARGEFLOW_SECRET_KEY (not 32 bytes) stops it with exit code 78 and one line, no stack trace', async () => {
    const { exited, output } = start({
      DATABASE_URL: platformUrl,
      CHARGEFLOW_SECRET_KEY: 'not-a-key',
      AUTH_TOKEN_SECRET: 'x'.repeat(40),
    });
    expect(await exited).toBe(78);
    const text = output.join('');
    expect(text).toMatch(/CHARGEFLOW_SECRET_KEY/);
    expect(text).not.toMatch(/\n\s+at /); // no stack frames
  });

  it('serves every route for all tenants: health, sign-in of the first operator, the control plane, /docs; stops on SIGTERM', async () => {
    const port = await freePort();
    const admin = { phone: '13900000008', password: 'Process!Adm1n' };
    const started = start({
      DATABASE_URL: platformUrl,
      PORT: String(port),
      CHARGEFLOW_SECRET_KEY: randomBytes(32).toString('hex'),
      AUTH_TOKEN_SECRET: randomBytes(32).toString('hex'),
      PLATFORM_ADMIN_PHONE: admin.phone,
      PLATFORM_ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: 'warn',
    });
    api = started.child;
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    let health: Response | undefined;
    while (Date.now() < deadline) {
      health = await fetch(`${base}/health`).catch(() => undefined);
      if (health) break;
      expect(api.exitCode, started.output.join('')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(health, started.output.join('')).toBeDefined();
    expect(Object.keys((await health!.json()) as object)).toEqual(['status']);

    const signIn = await fetch(`${base}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(signIn.status).toBe(200);
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const tenants = await fetch(`${base}/platform/tenants`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(tenants.status).toBe(200);
    expect((await fetch(`${base}/stations`)).status).toBe(401);
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/stations', '/orders', '/me/orders', '/platform/tenants']),
    );
    expect((await fetch(`${base}/docs`)).status).toBe(200);

    api.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  });
});
