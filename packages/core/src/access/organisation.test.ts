import { describe, expect, it } from 'vitest';
import {
  ORG_ADMIN_PERMISSIONS,
  auditProvider,
  canAddUnderOrg,
  checkLoginPhoneFree,
  checkPhoneUnchanged,
  propertyCreationEffects,
  providerInputSchema,
  type OrgChildKind,
  type Property,
  type Provider,
} from './organisation.js';
import { checkPasswordStrength } from './password.js';
import { validateRolePermissions } from './roles.js';

const provider: Provider = {
  id: 'p1',
  tenantId: 't1',
  name: 'Hangzhou Charge Co',
  contactName: 'Li',
  phone: '13800000001',
  email: 'li@example.com',
  merchantType: 'ENTERPRISE',
  auditStatus: 'PENDING',
  enabled: true,
};
const approved: Provider = { ...provider, auditStatus: 'APPROVED' };
const property: Property = {
  id: 'q1',
  tenantId: 't1',
  providerId: 'p1',
  name: 'West Lake Estate',
  contactName: 'Wang',
  phone: '13800000002',
  email: 'wang@example.com',
  province: 'Zhejiang',
  city: 'Hangzhou',
  address: '1 Lake Road',
  enabled: true,
};

describe('providers and properties (ORG-2, ORG-3)', () => {
  it('ORG-2 approve creates a login account and a first-level department', () => {
    const result = auditProvider(provider, 'APPROVE');
    expect(result.ok && result.value.provider.auditStatus).toBe('APPROVED');
    expect(result.ok && result.value.effects).toEqual([
      { kind: 'CREATE_LOGIN_ACCOUNT', owner: 'PROVIDER', ownerId: 'p1', login: '13800000001' },
      { kind: 'CREATE_ROOT_DEPARTMENT', owner: 'PROVIDER', ownerId: 'p1', name: 'Hangzhou Charge Co' },
    ]);
  });

  it('ORG-2 reject creates neither', () => {
    const result = auditProvider(provider, 'REJECT');
    expect(result.ok && [result.value.provider.auditStatus, result.value.effects]).toEqual(['REJECTED', []]);
  });

  it('ORG-2 an audited provider cannot be audited again', () => {
    const result = auditProvider(approved, 'REJECT');
    expect(result.ok || result.error.code).toBe('PROVIDER_ALREADY_AUDITED');
  });

  it('ORG-3 creating a property creates its login account and first-level department', () => {
    expect(propertyCreationEffects(property).map((e) => e.kind)).toEqual([
      'CREATE_LOGIN_ACCOUNT',
      'CREATE_ROOT_DEPARTMENT',
    ]);
  });

  it('ORG-2 the login phone is unique and immutable', () => {
    const taken = checkLoginPhoneFree('13800000001', new Set(['13800000001']));
    expect(taken.ok || taken.error.code).toBe('LOGIN_PHONE_TAKEN');
    expect(checkLoginPhoneFree('13800000009', new Set(['13800000001'])).ok).toBe(true);
    const changed = checkPhoneUnchanged(provider, { phone: '13900000000' });
    expect(changed.ok || changed.error.code).toBe('LOGIN_PHONE_IMMUTABLE');
    expect(checkPhoneUnchanged(provider, { phone: provider.phone }).ok).toBe(true);
  });

  it('ORG-2 provider input is validated (mobile phone, e-mail)', () => {
    expect(providerInputSchema.safeParse({ ...provider, phone: '12345' }).success).toBe(false);
    expect(providerInputSchema.safeParse({ ...provider, email: 'nope' }).success).toBe(false);
    expect(providerInputSchema.safeParse(provider).success).toBe(true);
  });

  it.each<[string, OrgChildKind, Provider, Property | undefined, string | true]>([
    ['ORG-2 enabled approved provider accepts a property', 'PROPERTY', approved, undefined, true],
    [
      'ORG-2 disabled provider gets no property',
      'PROPERTY',
      { ...approved, enabled: false },
      undefined,
      'PROVIDER_DISABLED',
    ],
    [
      'ORG-2 disabled provider gets no user',
      'USER',
      { ...approved, enabled: false },
      undefined,
      'PROVIDER_DISABLED',
    ],
    [
      'ORG-2 disabled provider gets no role',
      'ROLE',
      { ...approved, enabled: false },
      undefined,
      'PROVIDER_DISABLED',
    ],
    [
      'ORG-2 disabled provider gets no department',
      'DEPARTMENT',
      { ...approved, enabled: false },
      undefined,
      'PROVIDER_DISABLED',
    ],
    [
      'ORG-2 disabled provider gets no post',
      'POST',
      { ...approved, enabled: false },
      undefined,
      'PROVIDER_DISABLED',
    ],
    ['ORG-2 pending provider gets nothing', 'USER', provider, undefined, 'PROVIDER_NOT_APPROVED'],
    [
      'ORG-3 disabled property gets no station',
      'STATION',
      approved,
      { ...property, enabled: false },
      'PROPERTY_DISABLED',
    ],
    [
      'ORG-3 disabled property gets no user',
      'USER',
      approved,
      { ...property, enabled: false },
      'PROPERTY_DISABLED',
    ],
    ['ORG-3 enabled property accepts a station', 'STATION', approved, property, true],
    [
      'ORG-8 a disabled provider gates its properties children too',
      'STATION',
      { ...approved, enabled: false },
      property,
      'PROVIDER_DISABLED',
    ],
    ['ORG-1 a station needs a property', 'STATION', approved, undefined, 'ORG_CHILD_NOT_ALLOWED'],
    ['ORG-1 a collective account goes under a property', 'COLLECTIVE_ACCOUNT', approved, property, true],
  ])('%s', (_name, kind, owner, prop, expected) => {
    const result = canAddUnderOrg(kind, prop ? { provider: owner, property: prop } : { provider: owner });
    expect(result.ok || result.error.code).toBe(expected);
  });
});

describe('password strength (TEN-5, ORG-4)', () => {
  it.each([
    ['Abcdef1!', []],
    ['abcdef1!', ['UPPER_CASE']],
    ['Abcdefg!', ['DIGIT']],
    ['Abcdefg1', ['SPECIAL']],
    ['Ab1!', ['MIN_LENGTH']],
    ['', ['MIN_LENGTH', 'UPPER_CASE', 'DIGIT', 'SPECIAL']],
  ])('TEN-5 %j lacks %j', (password, missing) => {
    const result = checkPasswordStrength(password);
    expect(result.ok ? [] : result.error.details.missing).toEqual(missing);
  });
});

describe('ORG-2, ORG-3: the built-in role of a provider or property login account', () => {
  it('holds every tenant permission but the platform-only ones (a provider never audits itself)', () => {
    expect(ORG_ADMIN_PERMISSIONS).toContain('station:create');
    expect(ORG_ADMIN_PERMISSIONS).toContain('department:create');
    expect(ORG_ADMIN_PERMISSIONS).not.toContain('provider:audit');
    expect(ORG_ADMIN_PERMISSIONS).not.toContain('provider:create');
    expect(ORG_ADMIN_PERMISSIONS).not.toContain('tenant:create');
    expect(ORG_ADMIN_PERMISSIONS).not.toContain('app:order-start');
  });

  it('is a valid role for a property owner (core validateRolePermissions)', () => {
    const role = {
      id: 'r',
      tenantId: 't1',
      owner: { level: 'PROPERTY', providerId: 'p', propertyId: 'q' } as const,
      name: 'Park administrator',
      enabled: true,
      permissions: ORG_ADMIN_PERMISSIONS,
      duties: [],
    };
    expect(validateRolePermissions(role).ok).toBe(true);
  });
});
