import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Boots the real `npm start` entry point (apps/dev/src/main.ts) and asks its /health.
const root = fileURLToPath(new URL('../../../..', import.meta.url));
let stack: ChildProcess | undefined;

const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

afterAll(() => {
  stack?.kill('SIGKILL');
});

describe('npm start: the local stack (foundation)', () => {
  it('serves /health with Temporal, the worker and the embedded database up, and stops on SIGINT', async () => {
    const port = await freePort();
    const output: string[] = [];
    stack = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/dev/src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATABASE_URL: ':memory:' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    stack.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

    const deadline = Date.now() + 90_000;
    let body: { status?: string; dependencies?: Array<{ name: string; status: string }> } = {};
    while (Date.now() < deadline) {
      const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (response) {
        body = (await response.json()) as typeof body;
        if (body.status === 'up') break;
      }
      expect(stack.exitCode, output.join('')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(body.status, output.join('')).toBe('up');
    expect(body.dependencies?.map((d) => d.name)).toEqual(['temporal', 'worker', 'database']);
    expect(output.join('')).toContain(`http://127.0.0.1:${port}`);

    const exited = new Promise<number | null>((resolve) => stack?.once('exit', (code) => resolve(code)));
    stack.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
