import { z } from 'zod';
import { checkPasswordStrength } from '../access/password.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** TEN-6 implementation state (实施状态) of a tenant datasource. */
export type ImplementationState = 'NOT_IMPLEMENTED' | 'IMPLEMENTING' | 'ONLINE';

/** TEN-5 a tenant's own database. Immutable once configured except for its implementation state. */
export interface DatasourceConfig {
  readonly tenantId: string;
  readonly host: string;
  readonly port: number;
  readonly type: 'MYSQL';
  readonly datasourceName: string;
  readonly databaseName: string;
  readonly account: string;
  /** Plain here; adapters store it encrypted (it is needed to connect, so it cannot be hashed). */
  readonly password: string;
  readonly maxConnections: number;
  readonly minConnections: number;
  readonly remarks?: string;
  readonly implementationState: ImplementationState;
}

/** Zod schema of what ops enters (TEN-5); names are generated, not entered. */
export const datasourceInputSchema = z.object({
  address: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'expected host:port'),
  type: z.literal('MYSQL').default('MYSQL'),
  account: z.string().trim().min(1),
  password: z.string(),
  maxConnections: z.number().int(),
  minConnections: z.number().int(),
  remarks: z.string().optional(),
});

/** Error codes of datasource rules. */
export type DatasourceErrorCode =
  | 'DATASOURCE_INVALID'
  | 'DATASOURCE_ROOT_ACCOUNT'
  | 'DATASOURCE_PASSWORD_WEAK'
  | 'DATASOURCE_POOL_INVALID'
  | 'DATASOURCE_IMMUTABLE'
  | 'DATASOURCE_NOT_DELETABLE'
  | 'DATASOURCE_STATE_TRANSITION_INVALID';

/** TEN-5: generated names from the enterprise no. (EN000001 → ds_en000001 / cf_en000001). */
export function datasourceNames(enterpriseNo: string): {
  readonly datasourceName: string;
  readonly databaseName: string;
} {
  const slug = enterpriseNo.toLowerCase().replace(/[^a-z0-9]/g, '_');
  return { datasourceName: `ds_${slug}`, databaseName: `cf_${slug}` };
}

/**
 * TEN-5: validates ops input and builds the datasource: never `root`, strong password, 0 < min ≤ max,
 * generated names. DATASOURCE_IMMUTABLE when the tenant already has one.
 */
export function configureDatasource(
  existing: DatasourceConfig | undefined,
  input: unknown,
  tenant: { readonly tenantId: string; readonly enterpriseNo: string },
): Result<DatasourceConfig, DomainError<DatasourceErrorCode>> {
  if (existing) return err(immutable(existing));
  const parsed = datasourceInputSchema.safeParse(input);
  if (!parsed.success) {
    return err(
      new DomainError('DATASOURCE_INVALID', 'datasource is invalid', {
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      }),
    );
  }
  const { address, account, password, maxConnections, minConnections, remarks } = parsed.data;
  const [host = '', portText = ''] = address.split(':');
  const port = Number(portText);
  if (port < 1 || port > 65_535) {
    return err(
      new DomainError('DATASOURCE_INVALID', 'datasource is invalid', {
        issues: ['address: port out of range'],
      }),
    );
  }
  if (account.toLowerCase() === 'root') {
    return err(new DomainError('DATASOURCE_ROOT_ACCOUNT', 'the root account may never be used', { account }));
  }
  const strong = checkPasswordStrength(password);
  if (!strong.ok) {
    return err(new DomainError('DATASOURCE_PASSWORD_WEAK', strong.error.message, strong.error.details));
  }
  if (!(minConnections > 0 && maxConnections > 0 && minConnections <= maxConnections)) {
    return err(
      new DomainError('DATASOURCE_POOL_INVALID', 'connections must satisfy 0 < min ≤ max', {
        minConnections,
        maxConnections,
      }),
    );
  }
  return ok({
    tenantId: tenant.tenantId,
    host,
    port,
    type: 'MYSQL',
    ...datasourceNames(tenant.enterpriseNo),
    account,
    password,
    maxConnections,
    minConnections,
    ...(remarks === undefined ? {} : { remarks }),
    implementationState: 'NOT_IMPLEMENTED',
  });
}

function immutable(existing: DatasourceConfig): DomainError<'DATASOURCE_IMMUTABLE'> {
  return new DomainError('DATASOURCE_IMMUTABLE', 'a configured datasource cannot be changed', {
    tenantId: existing.tenantId,
    implementationState: existing.implementationState,
  });
}

/** TEN-5: any edit of a configured datasource is refused; only its implementation state moves. */
export const checkDatasourceEditable = (
  existing: DatasourceConfig,
): Result<never, DomainError<'DATASOURCE_IMMUTABLE'>> => err(immutable(existing));

const NEXT_STATE: Readonly<Record<ImplementationState, ImplementationState | undefined>> = {
  NOT_IMPLEMENTED: 'IMPLEMENTING',
  IMPLEMENTING: 'ONLINE',
  ONLINE: undefined,
};

/** TEN-6: NOT_IMPLEMENTED → IMPLEMENTING → ONLINE, one step at a time; ONLINE is terminal. */
export function advanceImplementation(
  config: DatasourceConfig,
  to: ImplementationState,
): Result<DatasourceConfig, DomainError<'DATASOURCE_STATE_TRANSITION_INVALID'>> {
  return NEXT_STATE[config.implementationState] === to
    ? ok({ ...config, implementationState: to })
    : err(
        new DomainError(
          'DATASOURCE_STATE_TRANSITION_INVALID',
          `cannot go from ${config.implementationState} to ${to}`,
          {
            from: config.implementationState,
            to,
          },
        ),
      );
}

/** TEN-6: only a NOT_IMPLEMENTED datasource (no data yet) may be deleted. */
export const canDeleteDatasource = (
  config: DatasourceConfig,
): Result<void, DomainError<'DATASOURCE_NOT_DELETABLE'>> =>
  config.implementationState === 'NOT_IMPLEMENTED'
    ? ok(undefined)
    : err(
        new DomainError(
          'DATASOURCE_NOT_DELETABLE',
          `a datasource in ${config.implementationState} cannot be deleted`,
          {
            implementationState: config.implementationState,
          },
        ),
      );

/** The datasource as shown to viewers: everything but the password. */
export const redactDatasource = (config: DatasourceConfig): Omit<DatasourceConfig, 'password'> => {
  const { password: _password, ...rest } = config;
  return rest;
};
