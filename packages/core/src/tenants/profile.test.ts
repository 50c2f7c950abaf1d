import { describe, expect, it } from 'vitest';
import {
  checkProfileComplete,
  closeTenant,
  formatEnterpriseNo,
  missingProfileFields,
  openTenant,
  type TenantProfile,
} from './profile.js';

const complete: TenantProfile = {
  tenantId: 't1',
  enterpriseNo: 'EN000001',
  licenceNo: '91330100MA2XXXXXX1',
  enterpriseName: 'Lakeside Property Ltd',
  address: '1 Lake Road, Hangzhou',
  contactName: 'Chen',
  contactPhone: '13800000001',
  state: 'CLOSED',
};
const { licenceNo: _l, contactPhone: _c, ...withoutTwo } = complete;

describe('tenant profile (TEN-2, TEN-3)', () => {
  it('TEN-2 enterprise numbers are generated as EN + 6 digits', () => {
    expect(formatEnterpriseNo(1)).toEqual({ ok: true, value: 'EN000001' });
  });

  it.each([
    ['TEN-3 a complete profile misses nothing', complete, []],
    ['TEN-3 absent fields are listed', withoutTwo, ['licenceNo', 'contactPhone']],
    [
      'TEN-3 blank fields count as missing',
      { ...complete, enterpriseName: '  ', address: '' },
      ['enterpriseName', 'address'],
    ],
    [
      'TEN-3 an empty profile misses all five',
      { tenantId: 't1', enterpriseNo: 'EN000002', state: 'CLOSED' },
      ['licenceNo', 'enterpriseName', 'address', 'contactName', 'contactPhone'],
    ],
  ] as const)('%s', (_name, profile, missing) => {
    expect(missingProfileFields(profile)).toEqual(missing);
  });

  it('TEN-3 the gate returns TENANT_PROFILE_INCOMPLETE with details.missing', () => {
    const result = checkProfileComplete(withoutTwo as TenantProfile);
    expect(result.ok || [result.error.code, result.error.details.missing]).toEqual([
      'TENANT_PROFILE_INCOMPLETE',
      ['licenceNo', 'contactPhone'],
    ]);
  });

  it.each([
    ['TEN-3 incomplete profile cannot open', withoutTwo as TenantProfile, true, 'TENANT_PROFILE_INCOMPLETE'],
    ['TEN-5 no datasource, no opening', complete, false, 'TENANT_DATASOURCE_MISSING'],
    ['TEN-3 complete with datasource opens', complete, true, 'OPEN'],
  ] as const)('%s', (_name, profile, datasource, expected) => {
    const result = openTenant(profile, datasource);
    expect(result.ok ? result.value.state : result.error.code).toBe(expected);
  });

  it('TEN-4 closing is idempotent', () => {
    const open = { ...complete, state: 'OPEN' as const };
    expect(closeTenant(open).state).toBe('CLOSED');
    expect(closeTenant(closeTenant(open))).toEqual({ ...complete, state: 'CLOSED' });
  });
});
