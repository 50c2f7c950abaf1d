import { loginPhoneSchema } from '@chargeflow/core';
import { z } from '@hono/zod-openapi';
import type {
  LoginAccount,
  PropertyRecord,
  ProviderRecord,
} from '../persistence/repositories/org-records.js';
import { IdParam, NameSchema, iso } from './asset-views.js';

// Shapes of the provider and property routes (ORG-2, ORG-3); instants are ISO 8601 UTC.

const Contact = z.string().trim().min(1).max(64);
const Email = z.email().max(255);
const Region = z.string().trim().min(1).max(64);

/** ORG-2: a new provider; the phone becomes its login account (unique, immutable). */
export const NewProviderSchema = z
  .object({
    name: NameSchema,
    contactName: Contact,
    phone: loginPhoneSchema,
    email: Email,
    merchantType: z.string().trim().min(1).max(32),
  })
  .openapi('NewProvider');

/** ORG-2: an edit (name, contact, e-mail); a `phone` other than the current one is LOGIN_PHONE_IMMUTABLE. */
export const ProviderPatchSchema = z
  .object({ name: NameSchema, contactName: Contact, email: Email, phone: z.string().max(32) })
  .partial()
  .openapi('ProviderPatch');

/** ORG-3: a new property under a provider; the phone becomes its login account. */
export const NewPropertySchema = z
  .object({
    providerId: IdParam,
    name: NameSchema,
    contactName: Contact,
    phone: loginPhoneSchema,
    email: Email,
    province: Region,
    city: Region,
    address: z.string().trim().min(1).max(255),
  })
  .openapi('NewProperty');

/** ORG-3: an edit of the profile; a `phone` other than the current one is LOGIN_PHONE_IMMUTABLE. */
export const PropertyPatchSchema = z
  .object({
    name: NameSchema,
    contactName: Contact,
    email: Email,
    province: Region,
    city: Region,
    address: z.string().trim().min(1).max(255),
    phone: z.string().max(32),
  })
  .partial()
  .openapi('PropertyPatch');

export const ProviderSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    contactName: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    merchantType: z.string().nullable(),
    auditStatus: z.enum(['PENDING', 'APPROVED', 'REJECTED']),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Provider');

export const PropertySchema = z
  .object({
    id: z.string(),
    providerId: z.string(),
    name: z.string(),
    contactName: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    province: z.string().nullable(),
    city: z.string().nullable(),
    address: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Property');

/** The login account made with an approval or a property: its initial password is shown this once. */
export const LoginAccountSchema = z
  .object({ userId: z.string(), phone: z.string(), initialPassword: z.string() })
  .openapi('LoginAccount');

export const providerView = (p: ProviderRecord): z.infer<typeof ProviderSchema> => ({
  ...p,
  createdAt: iso(p.createdAt),
});
export const propertyView = (p: PropertyRecord): z.infer<typeof PropertySchema> => ({
  ...p,
  createdAt: iso(p.createdAt),
});
export const loginView = (l: LoginAccount): z.infer<typeof LoginAccountSchema> => ({ ...l });
