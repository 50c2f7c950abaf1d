import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The local stack's secrets: generated once per checkout, kept in .services/local/secrets.json (mode 0600). */
export interface LocalSecrets {
  /** CHARGEFLOW_SECRET_KEY: seals the tenant datasource passwords. */
  readonly secretKey: string;
  /** AUTH_TOKEN_SECRET: signs access tokens (so a restart keeps sessions valid). */
  readonly tokenSecret: string;
}

/**
 * Reads the local secrets, or creates them: a fresh clone needs no configuration, and the same
 * secrets survive restarts (sealed passwords stay readable, sessions stay valid). Only for the local
 * stack: a deployment passes CHARGEFLOW_SECRET_KEY and AUTH_TOKEN_SECRET from its secret store.
 */
export async function localSecrets(file: string): Promise<LocalSecrets> {
  const known = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as Partial<LocalSecrets>,
    () => ({}) as Partial<LocalSecrets>,
  );
  if (typeof known.secretKey === 'string' && typeof known.tokenSecret === 'string') {
    return { secretKey: known.secretKey, tokenSecret: known.tokenSecret };
  }
  const secrets: LocalSecrets = {
    secretKey: randomBytes(32).toString('hex'),
    tokenSecret: randomBytes(32).toString('hex'),
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secrets;
}
