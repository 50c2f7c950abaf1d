// The production worker process (apps/worker/src/main.ts) as a child of a test: spawned with the
// environment only, its output kept, "worker running" awaited; killed with any signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** A running worker process. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/** Spawns the worker with `env` on top of this process's environment and waits until it runs. */
export async function spawnWorker(env: Record<string, string>, timeoutMs = 90_000): Promise<WorkerProcess> {
  const chunks: string[] = [];
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = () => chunks.join('');
  const deadline = Date.now() + timeoutMs;
  while (!output().includes('worker running')) {
    if (child.exitCode !== null) throw new Error(`the worker exited ${child.exitCode}: ${output()}`);
    if (Date.now() > deadline) throw new Error(`the worker did not start: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, output, exited };
}
