import { authorize, type AccessDenied } from '../access/authorize.js';
import type { Principal } from '../access/data-scope.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import type { DatasourceConfig } from './datasource.js';

/** Datasource operations (TEN-5, TEN-6); each needs its permission and an OPS or DEV duty. */
export type DatasourceAction = 'datasource:configure' | 'datasource:delete' | 'datasource:implementation';

/** TEN-5: only ops/dev roles on the platform may configure, delete or advance a datasource. */
export function authorizeDatasourceChange(
  principal: Principal,
  action: DatasourceAction,
): Result<void, AccessDenied> {
  if (principal.place.level !== 'PLATFORM') {
    return err(
      new DomainError('ACCESS_DENIED', 'datasources are managed on the platform only', {
        reason: 'SCOPE',
        permission: action,
      }),
    );
  }
  return authorize(principal, action, { duties: ['OPS', 'DEV'] });
}

/**
 * TEN-7: the datasource a request may use. The request's tenant (from its authenticated principal)
 * must own the datasource; a mismatch is refused before any connection is opened.
 */
export function datasourceForRequest(
  requestTenantId: string,
  datasource: DatasourceConfig | undefined,
): Result<DatasourceConfig, DomainError<'TENANT_MISMATCH' | 'TENANT_DATASOURCE_MISSING'>> {
  if (!datasource) {
    return err(
      new DomainError('TENANT_DATASOURCE_MISSING', 'the tenant has no datasource', {
        tenantId: requestTenantId,
      }),
    );
  }
  if (datasource.tenantId !== requestTenantId) {
    return err(
      new DomainError('TENANT_MISMATCH', 'a request can only use its own tenant database', {
        requestTenantId,
        datasourceTenantId: datasource.tenantId,
      }),
    );
  }
  return ok(datasource);
}

/** Port (TEN-7): resolves the datasource of a tenant; adapters keep one connection pool per tenant. */
export interface TenantDatasourceResolver {
  /** The configured datasource of `tenantId`, or undefined when none is configured. */
  datasourceOf(tenantId: string): Promise<DatasourceConfig | undefined>;
}
