// Issue 9 item 7: `npm start` with DATABASE_URL=file:… (SQLite) and no Temporal used to wait 180 s and
// exit, because the Temporal handshake validated every endpoint variable. Each service's handshake
// now reads only its own setting (scripts/services/handshake.ts, the real Temporal dev server).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const handshake = (svc: string, env: Record<string, string>) =>
  promisify(execFile)('node', ['--import', 'tsx', 'scripts/services/handshake.ts', svc], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  }).then(
    ({ stdout }) => ({ code: 0, out: stdout }),
    (error: { code: number; stderr: string }) => ({ code: error.code, out: error.stderr }),
  );

describe('services handshake checks one service with its own settings (issue 9, item 7)', () => {
  it('the Temporal handshake answers with DATABASE_URL=file:… (the local stack’s SQLite)', async () => {
    const result = await handshake('temporal', { DATABASE_URL: 'file:/tmp/chargeflow-local.db' });
    expect(result).toMatchObject({ code: 0, out: expect.stringMatching(/^temporal: up at /) });
  });

  it('the MariaDB handshake still names a DATABASE_URL it cannot use, in one line', async () => {
    const result = await handshake('mariadb', { DATABASE_URL: 'file:/tmp/chargeflow-local.db' });
    expect(result.code).toBe(2);
    expect(result.out.trim()).toMatch(
      /^configuration: DATABASE_URL=file:\/tmp\/chargeflow-local.db is invalid/,
    );
  });
});
