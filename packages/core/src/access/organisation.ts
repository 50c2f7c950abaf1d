import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { TENANT_ROLE_PERMISSIONS } from './control-plane.js';
import { PLATFORM_ONLY_PERMISSIONS, type Permission } from './permissions.js';

/** Mainland mobile number used as a login account (ORG-2, ORG-3). */
export const loginPhoneSchema = z.string().regex(/^1[3-9]\d{9}$/, 'not a mainland mobile number');

/** Provider audit state (ORG-2). */
export type AuditStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/** ORG-2 service provider (服务商). The phone is its login account: unique, immutable. */
export interface Provider {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly contactName: string;
  readonly phone: string;
  readonly email: string;
  readonly merchantType: string;
  readonly auditStatus: AuditStatus;
  readonly enabled: boolean;
}

/** ORG-3 property (集团物业), owned by a provider; phone is its login account. */
export interface Property {
  readonly id: string;
  readonly tenantId: string;
  readonly providerId: string;
  readonly name: string;
  readonly contactName: string;
  readonly phone: string;
  readonly email: string;
  readonly province: string;
  readonly city: string;
  readonly address: string;
  readonly enabled: boolean;
}

/** ORG-1 collective account (集体户) as an organisation node under a property (balance and ledger live in cards/). */
export interface CollectiveAccountRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly providerId: string;
  readonly propertyId: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly locked: boolean;
}

/** Zod schema of the editable provider fields at creation (ORG-2). */
export const providerInputSchema = z.object({
  name: z.string().trim().min(1),
  contactName: z.string().trim().min(1),
  phone: loginPhoneSchema,
  email: z.email(),
  merchantType: z.string().trim().min(1),
});

/** Zod schema of the property fields at creation (ORG-3). */
export const propertyInputSchema = z.object({
  providerId: z.string().min(1),
  name: z.string().trim().min(1),
  contactName: z.string().trim().min(1),
  phone: loginPhoneSchema,
  email: z.email(),
  province: z.string().trim().min(1),
  city: z.string().trim().min(1),
  address: z.string().trim().min(1),
});

/** Side effects the persistence layer must perform in the same transaction as the change. */
export type OrgEffect =
  | {
      readonly kind: 'CREATE_LOGIN_ACCOUNT';
      readonly owner: 'PROVIDER' | 'PROPERTY';
      readonly ownerId: string;
      readonly login: string;
    }
  | {
      readonly kind: 'CREATE_ROOT_DEPARTMENT';
      readonly owner: 'PROVIDER' | 'PROPERTY';
      readonly ownerId: string;
      readonly name: string;
    };

/** ORG-2/3: a login phone must not already be an account (LOGIN_PHONE_TAKEN). */
export function checkLoginPhoneFree(
  phone: string,
  existingLogins: ReadonlySet<string>,
): Result<void, DomainError<'LOGIN_PHONE_TAKEN'>> {
  return existingLogins.has(phone)
    ? err(new DomainError('LOGIN_PHONE_TAKEN', `${phone} is already a login account`, { phone }))
    : ok(undefined);
}

/** ORG-2/3: the phone of a provider or property never changes (LOGIN_PHONE_IMMUTABLE). */
export function checkPhoneUnchanged(
  current: { readonly phone: string },
  patch: { readonly phone?: string },
): Result<void, DomainError<'LOGIN_PHONE_IMMUTABLE'>> {
  return patch.phone !== undefined && patch.phone !== current.phone
    ? err(
        new DomainError('LOGIN_PHONE_IMMUTABLE', 'the login phone cannot be changed', {
          phone: current.phone,
        }),
      )
    : ok(undefined);
}

/** ORG-2 audit: approve ⇒ login account + first-level department; reject ⇒ no effects. Only PENDING. */
export function auditProvider(
  provider: Provider,
  decision: 'APPROVE' | 'REJECT',
): Result<
  { readonly provider: Provider; readonly effects: readonly OrgEffect[] },
  DomainError<'PROVIDER_ALREADY_AUDITED'>
> {
  if (provider.auditStatus !== 'PENDING') {
    return err(
      new DomainError(
        'PROVIDER_ALREADY_AUDITED',
        `provider ${provider.id} is already ${provider.auditStatus}`,
        {
          providerId: provider.id,
          auditStatus: provider.auditStatus,
        },
      ),
    );
  }
  if (decision === 'REJECT') return ok({ provider: { ...provider, auditStatus: 'REJECTED' }, effects: [] });
  return ok({
    provider: { ...provider, auditStatus: 'APPROVED' },
    effects: [
      { kind: 'CREATE_LOGIN_ACCOUNT', owner: 'PROVIDER', ownerId: provider.id, login: provider.phone },
      { kind: 'CREATE_ROOT_DEPARTMENT', owner: 'PROVIDER', ownerId: provider.id, name: provider.name },
    ],
  });
}

/** ORG-3: creating a property creates its login account and its first-level department. */
export const propertyCreationEffects = (property: Property): readonly OrgEffect[] => [
  { kind: 'CREATE_LOGIN_ACCOUNT', owner: 'PROPERTY', ownerId: property.id, login: property.phone },
  { kind: 'CREATE_ROOT_DEPARTMENT', owner: 'PROPERTY', ownerId: property.id, name: property.name },
];

/** Things that can be added under a provider or property (ORG-2, ORG-3). */
export type OrgChildKind =
  'PROPERTY' | 'USER' | 'ROLE' | 'DEPARTMENT' | 'POST' | 'STATION' | 'COLLECTIVE_ACCOUNT';

/** Error codes of the organisation gates. */
export type OrgGateErrorCode =
  'PROVIDER_DISABLED' | 'PROVIDER_NOT_APPROVED' | 'PROPERTY_DISABLED' | 'ORG_CHILD_NOT_ALLOWED';

/**
 * ORG-2, ORG-3, ORG-8: may something new be added under this owner? A disabled (or not approved)
 * provider gates everything below it, including its properties' children; a disabled property gates
 * its own. Stations and collective accounts go under a property, properties under a provider.
 */
export function canAddUnderOrg(
  kind: OrgChildKind,
  owner: { readonly provider: Provider; readonly property?: Property },
): Result<void, DomainError<OrgGateErrorCode>> {
  const { provider, property } = owner;
  const needsProperty = kind === 'STATION' || kind === 'COLLECTIVE_ACCOUNT';
  if ((needsProperty && !property) || (kind === 'PROPERTY' && property)) {
    return err(new DomainError('ORG_CHILD_NOT_ALLOWED', `a ${kind} cannot be added here`, { kind }));
  }
  if (provider.auditStatus !== 'APPROVED') {
    return err(
      new DomainError('PROVIDER_NOT_APPROVED', `provider ${provider.id} is not approved`, {
        providerId: provider.id,
      }),
    );
  }
  if (!provider.enabled) {
    return err(
      new DomainError('PROVIDER_DISABLED', `provider ${provider.id} is disabled`, {
        providerId: provider.id,
        kind,
      }),
    );
  }
  if (property && !property.enabled) {
    return err(
      new DomainError('PROPERTY_DISABLED', `property ${property.id} is disabled`, {
        propertyId: property.id,
        kind,
      }),
    );
  }
  return ok(undefined);
}

/**
 * ORG-2, ORG-3: what the built-in role of a provider's or property's login account grants: every
 * permission a tenant's roles may hold except the platform-only ones (a provider does not audit itself).
 */
export const ORG_ADMIN_PERMISSIONS: readonly Permission[] = TENANT_ROLE_PERMISSIONS.filter(
  (code) => !PLATFORM_ONLY_PERMISSIONS.has(code),
);
