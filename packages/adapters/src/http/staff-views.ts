import { z } from '@hono/zod-openapi';
import type { RoleRecord } from '../persistence/repositories/role-records.js';
import type { StaffUserRecord } from '../persistence/repositories/staff-directory.js';
import { iso } from './asset-views.js';

const Id = z.string().min(1).max(36);
const TenantLevel = z.object({ level: z.literal('PLATFORM') });
const ProviderLevel = z.object({ level: z.literal('PROVIDER'), providerId: Id });
const PropertyLevel = z.object({ level: z.literal('PROPERTY'), providerId: Id, propertyId: Id });

/** A place in the organisation (ORG-1): the tenant level, a provider, a property or a collective account. */
export const PlaceSchema = z
  .discriminatedUnion('level', [
    TenantLevel,
    ProviderLevel,
    PropertyLevel,
    PropertyLevel.extend({ level: z.literal('COLLECTIVE'), collectiveAccountId: Id }),
  ])
  .openapi('Place');

/** The owner of a role (ORG-5): the tenant level, a provider or a property. */
export const OwnerSchema = z
  .discriminatedUnion('level', [TenantLevel, ProviderLevel, PropertyLevel])
  .openapi('RoleOwner');

/** A back-office user (ORG-4) as the API shows it; never its password. */
export const StaffUserSchema = z
  .object({
    id: z.string(),
    phone: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    place: PlaceSchema,
    roleIds: z.array(z.string()),
    stationIds: z.array(z.string()),
    type: z.enum(['SYSTEM', 'PROVIDER', 'PROPERTY', 'COLLECTIVE']),
    departmentId: z.string().nullable(),
    postId: z.string().nullable(),
    /** `provider:<id>` / `property:<id>` on the login account of a provider or property (ORG-2, ORG-3). */
    loginOf: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('StaffUser');

/** A role (ORG-5). */
export const RoleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    owner: OwnerSchema,
    enabled: z.boolean(),
    permissions: z.array(z.string()),
    duties: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('Role');

/** A user as the API writes it. */
export const staffUserView = (u: StaffUserRecord): z.infer<typeof StaffUserSchema> => ({
  ...u,
  roleIds: [...u.roleIds],
  stationIds: [...u.stationIds],
  createdAt: iso(u.createdAt),
});

/** A role as the API writes it. */
export const roleView = (r: RoleRecord): z.infer<typeof RoleSchema> => ({
  ...r,
  permissions: [...r.permissions],
  duties: [...r.duties],
  createdAt: iso(r.createdAt),
});
