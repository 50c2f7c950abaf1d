import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../packages/adapters/test/integration/fixtures/processes.js';

// Boots the real `npm start` entry point (scripts/start.mjs → apps/dev/src/main.ts) on a fresh
// embedded platform database and asks its /health, anonymously and as the seeded platform operator.
const root = fileURLToPath(new URL('../../../..', import.meta.url));
let stack: ChildProcess | undefined;
let scratch: string | undefined;

afterAll(async () => {
  stack?.kill('SIGKILL');
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('npm start: the local stack (foundation, issue 10 item 6)', () => {
  it('serves /health, prints how to sign in, lets the seeded platform operator see the details, and stops on SIGINT', async () => {
    const port = await freePort();
    scratch = await mkdtemp(join(tmpdir(), 'chargeflow-start-'));
    const output: string[] = [];
    stack = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${join(scratch, 'platform.db')}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    stack.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

    const deadline = Date.now() + 90_000;
    let status: string | undefined;
    while (Date.now() < deadline) {
      const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (response) {
        status = ((await response.json()) as { status?: string }).status;
        if (status === 'up' && output.join('').includes('Sign in')) break;
      }
      expect(stack.exitCode, output.join('')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status, output.join('')).toBe('up');
    const banner = output.join('');
    expect(banner).toContain(`http://127.0.0.1:${port}`);
    expect(banner).toContain('"phone":"13800000000"'); // how to sign in as the platform operator
    expect(banner).toContain('"tenant":"demo"'); // and as the demo tenant's operator

    const signIn = await fetch(`http://127.0.0.1:${port}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13800000000', password: 'Platform!2026' }),
    });
    expect(signIn.status).toBe(200);
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const health = await fetch(`http://127.0.0.1:${port}/health`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const body = (await health.json()) as { dependencies?: Array<{ name: string; status: string }> };
    expect(body.dependencies?.map((d) => `${d.name}:${d.status}`)).toEqual([
      'database:up',
      'temporal:up',
      'worker:up',
    ]);
    expect((await fetch(`http://127.0.0.1:${port}/docs`)).headers.get('content-type')).toContain('text/html');

    const exited = new Promise<number | null>((resolve) => stack?.once('exit', (code) => resolve(code)));
    stack.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
