import { describe, expect, it } from 'vitest';
import type { Principal } from '../access/data-scope.js';
import type { Permission } from '../access/permissions.js';
import {
  advanceImplementation,
  canDeleteDatasource,
  checkDatasourceEditable,
  configureDatasource,
  datasourceNames,
  redactDatasource,
  type DatasourceConfig,
  type ImplementationState,
} from './datasource.js';
import { authorizeDatasourceChange, datasourceForRequest } from './guards.js';

const tenant = { tenantId: 't1', enterpriseNo: 'EN000001' };
const input = {
  address: '10.0.0.5:3306',
  account: 'cf_app',
  password: 'Str0ng!pw',
  maxConnections: 20,
  minConnections: 5,
};
const configured = (): DatasourceConfig => {
  const result = configureDatasource(undefined, input, tenant);
  if (!result.ok) throw result.error;
  return result.value;
};

describe('tenant datasource (TEN-5, TEN-6, TEN-7)', () => {
  it('TEN-5 a valid configuration gets generated names, type MYSQL, state NOT_IMPLEMENTED', () => {
    expect(configured()).toMatchObject({
      host: '10.0.0.5',
      port: 3306,
      type: 'MYSQL',
      datasourceName: 'ds_en000001',
      databaseName: 'cf_en000001',
      implementationState: 'NOT_IMPLEMENTED',
    });
    expect(datasourceNames('EN000042')).toEqual({
      datasourceName: 'ds_en000042',
      databaseName: 'cf_en000042',
    });
  });

  it.each([
    ['TEN-5 root account', { account: 'root' }, 'DATASOURCE_ROOT_ACCOUNT'],
    ['TEN-5 ROOT in capitals', { account: 'ROOT' }, 'DATASOURCE_ROOT_ACCOUNT'],
    ['TEN-5 short password', { password: 'Ab1!' }, 'DATASOURCE_PASSWORD_WEAK'],
    ['TEN-5 password without upper case', { password: 'str0ng!pw' }, 'DATASOURCE_PASSWORD_WEAK'],
    ['TEN-5 password without digit', { password: 'Strong!pw' }, 'DATASOURCE_PASSWORD_WEAK'],
    ['TEN-5 password without special', { password: 'Str0ngpw1' }, 'DATASOURCE_PASSWORD_WEAK'],
    ['TEN-5 min 0', { minConnections: 0 }, 'DATASOURCE_POOL_INVALID'],
    ['TEN-5 max 0', { maxConnections: 0, minConnections: 0 }, 'DATASOURCE_POOL_INVALID'],
    ['TEN-5 min above max', { minConnections: 21 }, 'DATASOURCE_POOL_INVALID'],
    ['TEN-5 min equal to max is fine', { minConnections: 20 }, true],
    ['TEN-5 address without port', { address: '10.0.0.5' }, 'DATASOURCE_INVALID'],
    ['TEN-5 port out of range', { address: '10.0.0.5:70000' }, 'DATASOURCE_INVALID'],
    ['TEN-5 fractional connections', { maxConnections: 2.5 }, 'DATASOURCE_INVALID'],
  ])('%s → %s', (_name, patch, expected) => {
    const result = configureDatasource(undefined, { ...input, ...patch }, tenant);
    expect(result.ok || result.error.code).toBe(expected);
  });

  it('TEN-5 once configured the datasource is immutable', () => {
    const again = configureDatasource(configured(), input, tenant);
    expect(again.ok || again.error.code).toBe('DATASOURCE_IMMUTABLE');
    const edit = checkDatasourceEditable(configured());
    expect(edit.ok || edit.error.code).toBe('DATASOURCE_IMMUTABLE');
  });

  it.each<[ImplementationState, ImplementationState, boolean]>([
    ['NOT_IMPLEMENTED', 'IMPLEMENTING', true],
    ['IMPLEMENTING', 'ONLINE', true],
    ['NOT_IMPLEMENTED', 'ONLINE', false],
    ['IMPLEMENTING', 'NOT_IMPLEMENTED', false],
    ['ONLINE', 'IMPLEMENTING', false],
    ['ONLINE', 'NOT_IMPLEMENTED', false],
  ])('TEN-6 %s → %s allowed: %s', (from, to, allowed) => {
    const result = advanceImplementation({ ...configured(), implementationState: from }, to);
    expect(result.ok || result.error.code).toBe(allowed || 'DATASOURCE_STATE_TRANSITION_INVALID');
  });

  it.each<[ImplementationState, boolean]>([
    ['NOT_IMPLEMENTED', true],
    ['IMPLEMENTING', false],
    ['ONLINE', false],
  ])('TEN-6 a %s datasource deletable: %s', (state, deletable) => {
    const result = canDeleteDatasource({ ...configured(), implementationState: state });
    expect(result.ok || result.error.code).toBe(deletable || 'DATASOURCE_NOT_DELETABLE');
  });

  it('TEN-5 viewers never see the password', () => {
    expect(redactDatasource(configured())).not.toHaveProperty('password');
  });

  const staff = (extra: Partial<Principal>): Principal => ({
    tenantId: 'platform',
    userId: 'u1',
    place: { level: 'PLATFORM' },
    stationIds: [],
    permissions: new Set<Permission>(['datasource:configure']),
    duties: new Set(['OPS']),
    ...extra,
  });

  it.each([
    ['TEN-5 an ops user with the permission may configure', staff({}), true],
    ['TEN-5 a dev user with the permission may configure', staff({ duties: new Set(['DEV']) }), true],
    ['TEN-5 a sales user with the permission may not', staff({ duties: new Set() }), 'DUTY'],
    ['TEN-5 an ops user without the permission may not', staff({ permissions: new Set() }), 'PERMISSION'],
    ['TEN-5 a provider user may not', staff({ place: { level: 'PROVIDER', providerId: 'p1' } }), 'SCOPE'],
  ])('%s', (_name, who, expected) => {
    const result = authorizeDatasourceChange(who, 'datasource:configure');
    expect(result.ok || result.error.details.reason).toBe(expected);
  });

  it('TEN-7 a request of tenant A can never use tenant B’s datasource', () => {
    const mismatch = datasourceForRequest('t2', configured());
    expect(mismatch.ok || mismatch.error.code).toBe('TENANT_MISMATCH');
    expect(datasourceForRequest('t1', configured()).ok).toBe(true);
    const missing = datasourceForRequest('t1', undefined);
    expect(missing.ok || missing.error.code).toBe('TENANT_DATASOURCE_MISSING');
  });
});
