import { z } from '@hono/zod-openapi';
import type { FollowUpRecord, RegistrationRecord } from '../onboarding/registration-records.js';
import type { TenantProfileRecord } from '../onboarding/profile-records.js';
import { iso } from './asset-views.js';

// Shapes of the onboarding routes (TEN-1 … TEN-3); instants are ISO 8601 UTC.

/** A mainland mobile number (the registrant's login-to-be, TEN-1). */
export const RegistrantPhoneSchema = z
  .string()
  .regex(/^1[3-9]\d{9}$/, 'a mainland mobile number')
  .openapi({ example: '13800000000' });

/** Page of a list: `limit` 1 … 200 (default 20), `offset` 0 … 10^6. */
export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

/** One page of a list: the items, the whole match's count, and the page asked for. */
export const pageSchema = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });

/** A comma-separated list of enum values in a query (`status=NEW,FOLLOWING_UP`). */
export const enumList = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .max(200)
    .transform((text, ctx) => {
      const items = text.split(',').map((s) => s.trim());
      const bad = items.filter((s) => !(values as readonly string[]).includes(s));
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown: ${bad.join(', ')}; expected ${values.join(', ')}`,
        });
        return z.NEVER;
      }
      return items as T[];
    })
    .openapi({ type: 'string', example: values.join(',') });

export const RegistrationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: z.string(),
    company: z.string().nullable(),
    source: z.enum(['WEB', 'WECHAT', 'QR', 'OFFLINE']),
    phoneVerified: z.boolean(),
    status: z.enum(['NEW', 'FOLLOWING_UP', 'CONVERTED', 'DECLINED']),
    tenantId: z.string().nullable(),
    registeredAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Registration');

export const FollowUpSchema = z
  .object({
    id: z.string(),
    registrationId: z.string(),
    operatorId: z.string(),
    channel: z.enum(['PHONE', 'VISIT', 'WECHAT', 'OTHER']),
    outcome: z.enum(['CONTINUE', 'DECLINED']),
    note: z.string(),
    nextFollowUpAt: z.string().nullable(),
    at: z.string(),
  })
  .openapi('FollowUp');

const profileText = z.string().nullable();
export const TenantProfileSchema = z
  .object({
    tenantId: z.string(),
    enterpriseNo: z.string().openapi({ example: 'EN000001' }),
    licenceNo: profileText,
    enterpriseName: profileText,
    province: profileText,
    city: profileText,
    address: profileText,
    contactName: profileText,
    contactPhone: profileText,
    officePhone: profileText,
    email: profileText,
    licenceScan: profileText,
    description: profileText,
    remarks: profileText,
    state: z.enum(['OPEN', 'CLOSED']),
    registrationId: z.string().nullable(),
    missing: z
      .array(z.enum(['licenceNo', 'enterpriseName', 'address', 'contactName', 'contactPhone']))
      .openapi({
        description: 'TEN-3: required fields still missing; opening and adding a contract need none',
      }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('TenantProfile');

export const registrationView = (r: RegistrationRecord): z.infer<typeof RegistrationSchema> => ({
  ...r,
  registeredAt: iso(r.registeredAt),
  updatedAt: iso(r.updatedAt),
});

export const followUpView = (f: FollowUpRecord): z.infer<typeof FollowUpSchema> => ({
  ...f,
  nextFollowUpAt: f.nextFollowUpAt === null ? null : iso(f.nextFollowUpAt),
  at: iso(f.at),
});

export const profileView = (p: TenantProfileRecord): z.infer<typeof TenantProfileSchema> => ({
  ...p,
  missing: [...p.missing],
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
});
