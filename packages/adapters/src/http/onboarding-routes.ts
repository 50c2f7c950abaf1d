import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { OnboardingServices } from '../onboarding/services.js';
import { errorResponses, iso, jsonBody } from './asset-views.js';
import { ErrorSchema, validationHook } from './errors.js';
import {
  FollowUpSchema,
  PageQuery,
  RegistrantPhoneSchema,
  RegistrationSchema,
  TenantProfileSchema,
  enumList,
  pageSchema,
  followUpView,
  profileView,
  registrationView,
} from './onboarding-views.js';
import type { AppEnv } from './security/env.js';
import { principalOfPlatform, type AccessRuntime } from './security/guard.js';
import { rateLimit, type AuthRateLimits } from './security/rate-limit.js';
import { publicRoute, securedRoute } from './security/route.js';

const RegistrationParams = z.object({ registrationId: z.string().min(1).max(36) });
const TenantParams = z.object({ tenantId: z.string().min(1).max(32) });
const Registrant = {
  name: z.string().trim().min(1).max(128),
  phone: RegistrantPhoneSchema,
  company: z.string().trim().min(1).max(128).optional(),
};
const optionalText = (max: number) => z.string().max(max).nullable().optional();
const ProfilePatchSchema = z
  .object({
    enterpriseNo: z
      .string()
      .max(16)
      .optional()
      .openapi({ description: 'generated and fixed: naming another is refused' }),
    licenceNo: optionalText(64),
    enterpriseName: optionalText(128),
    province: optionalText(32),
    city: optionalText(32),
    address: optionalText(255),
    contactName: optionalText(64),
    contactPhone: optionalText(32),
    officePhone: optionalText(32),
    email: z.email().max(128).nullable().optional(),
    licenceScan: optionalText(512),
    description: optionalText(2000),
    remarks: optionalText(2000),
  })
  .strict()
  .openapi('TenantProfilePatch');
const smsErrors = {
  401: jsonBody(ErrorSchema, 'SMS_CODE_MISMATCH, SMS_CODE_EXPIRED, SMS_CODE_NOT_REQUESTED'),
  429: jsonBody(ErrorSchema, 'RATE_LIMITED, SMS_RESEND_TOO_SOON, SMS_CODE_ATTEMPTS_EXCEEDED'),
  502: jsonBody(ErrorSchema, 'SMS_SEND_FAILED'),
};

/**
 * Onboarding (TEN-1 … TEN-3): self-service registration with an SMS-verified phone (public,
 * rate-limited per address), and on the control plane the registrations, their follow-ups, the
 * conversion into a tenant, the tenant's profile, and opening and closing the tenant.
 */
export function onboardingRoutes(
  access: AccessRuntime,
  onboarding: OnboardingServices,
  limits: AuthRateLimits,
  clock: () => number,
) {
  const rule = (permission: Parameters<typeof securedRoute>[1]['permission']) =>
    ({ permission, plane: 'platform' }) as const;
  const registrationLimit = rateLimit('registration', limits.smsCode, clock);
  const requestCode = publicRoute({
    method: 'post',
    path: '/onboarding/sms-codes',
    tags: ['onboarding'],
    summary: 'TEN-1: send a registrant a verification code by SMS (6 digits, 5 minutes, resend after 60 s)',
    middleware: [registrationLimit],
    request: {
      body: {
        ...jsonBody(z.object({ phone: RegistrantPhoneSchema }).openapi('RegistrationCodeRequest'), 'who'),
        required: true,
      },
    },
    responses: { 202: jsonBody(z.object({ expiresAt: z.string() }), 'the code is on its way'), ...smsErrors },
  });
  const register = publicRoute({
    method: 'post',
    path: '/onboarding/registrations',
    tags: ['onboarding'],
    summary: 'TEN-1: register as a prospective tenant (WEB, WECHAT, QR) with the SMS code of the phone',
    middleware: [registrationLimit],
    request: {
      body: {
        ...jsonBody(
          z
            .object({
              ...Registrant,
              source: z.enum(['WEB', 'WECHAT', 'QR']),
              code: z.string().regex(/^\d{6}$/, '6 digits'),
            })
            .openapi('SelfRegistration'),
          'the registrant',
        ),
        required: true,
      },
    },
    responses: { 201: jsonBody(RegistrationSchema, 'registered'), ...errorResponses(409, 422), ...smsErrors },
  });
  const registerOffline = securedRoute(access, rule('tenant:create'), {
    method: 'post',
    path: '/platform/registrations',
    tags: ['onboarding'],
    summary: 'TEN-1: an OFFLINE registration entered by an operator (the phone is confirmed by calling back)',
    request: {
      body: {
        ...jsonBody(z.object(Registrant).openapi('OfflineRegistration'), 'the registrant'),
        required: true,
      },
    },
    responses: { 201: jsonBody(RegistrationSchema, 'registered'), ...errorResponses(409, 422) },
  });
  const list = securedRoute(access, rule('tenant:list'), {
    method: 'get',
    path: '/platform/registrations',
    tags: ['onboarding'],
    summary: 'TEN-1: registrations, newest first, filtered by status, source, phone',
    request: {
      query: z.object({
        status: enumList(['NEW', 'FOLLOWING_UP', 'CONVERTED', 'DECLINED']).optional(),
        source: z.enum(['WEB', 'WECHAT', 'QR', 'OFFLINE']).optional(),
        phone: RegistrantPhoneSchema.optional(),
        ...PageQuery,
      }),
    },
    responses: {
      200: jsonBody(pageSchema(RegistrationSchema), 'one page'),
    },
  });
  const get = securedRoute(access, rule('tenant:list'), {
    method: 'get',
    path: '/platform/registrations/{registrationId}',
    tags: ['onboarding'],
    summary: 'TEN-1: one registration with its follow-ups, oldest first',
    request: { params: RegistrationParams },
    responses: {
      200: jsonBody(
        z.object({ registration: RegistrationSchema, followUps: z.array(FollowUpSchema) }),
        'the registration',
      ),
      ...errorResponses(404),
    },
  });
  const followUp = securedRoute(access, rule('tenant:update'), {
    method: 'post',
    path: '/platform/registrations/{registrationId}/follow-ups',
    tags: ['onboarding'],
    summary: 'TEN-1: record a follow-up (回访); outcome DECLINED closes the registration',
    request: {
      params: RegistrationParams,
      body: {
        ...jsonBody(
          z
            .object({
              channel: z.enum(['PHONE', 'VISIT', 'WECHAT', 'OTHER']),
              outcome: z.enum(['CONTINUE', 'DECLINED']).default('CONTINUE'),
              note: z.string().trim().min(1).max(1000),
              nextFollowUpAt: z.iso.datetime({ offset: true }).optional(),
            })
            .openapi('NewFollowUp'),
          'the follow-up',
        ),
        required: true,
      },
    },
    responses: { 201: jsonBody(FollowUpSchema, 'recorded'), ...errorResponses(404, 409, 422) },
  });
  const convert = securedRoute(access, rule('tenant:create'), {
    method: 'post',
    path: '/platform/registrations/{registrationId}/tenant',
    tags: ['onboarding'],
    summary:
      'TEN-1 → TEN-2: make a tenant of a registration (CLOSED, its profile prefilled, an enterprise no.)',
    request: {
      params: RegistrationParams,
      body: {
        ...jsonBody(
          z
            .object({
              tenantId: z.string().max(32).openapi({ example: 'acme' }),
              name: z.string().trim().min(1).max(128).optional(),
            })
            .openapi('RegistrationConversion'),
          'the tenant to create',
        ),
        required: true,
      },
    },
    responses: {
      201: jsonBody(TenantProfileSchema, 'the new tenant’s profile'),
      ...errorResponses(404, 409, 422),
    },
  });
  const profile = securedRoute(access, rule('tenant:list'), {
    method: 'get',
    path: '/platform/tenants/{tenantId}/profile',
    tags: ['onboarding'],
    summary: 'TEN-2: the tenant’s profile with what the completeness gate still misses (TEN-3)',
    request: { params: TenantParams },
    responses: { 200: jsonBody(TenantProfileSchema, 'the profile'), ...errorResponses(404) },
  });
  const edit = securedRoute(access, rule('tenant:update'), {
    method: 'patch',
    path: '/platform/tenants/{tenantId}/profile',
    tags: ['onboarding'],
    summary: 'TEN-2: complete or edit the profile (null clears a field; the enterprise no. is fixed)',
    request: {
      params: TenantParams,
      body: { ...jsonBody(ProfilePatchSchema, 'the fields to set'), required: true },
    },
    responses: { 200: jsonBody(TenantProfileSchema, 'the profile'), ...errorResponses(404, 422) },
  });
  const open = securedRoute(access, rule('tenant:toggle'), {
    method: 'post',
    path: '/platform/tenants/{tenantId}/open',
    tags: ['onboarding'],
    summary: 'TEN-3: open the tenant (complete profile and a READY datasource required)',
    request: { params: TenantParams },
    responses: { 200: jsonBody(TenantProfileSchema, 'opened'), ...errorResponses(404, 409, 422) },
  });
  const close = securedRoute(access, rule('tenant:toggle'), {
    method: 'post',
    path: '/platform/tenants/{tenantId}/close',
    tags: ['onboarding'],
    summary: 'TEN-2: close the tenant',
    request: { params: TenantParams },
    responses: { 200: jsonBody(TenantProfileSchema, 'closed'), ...errorResponses(404, 409) },
  });

  const { registrations, profiles } = onboarding;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(requestCode, async (c) => {
      const { expiresAt } = await registrations.requestCode(c.req.valid('json').phone);
      return c.json({ expiresAt: iso(expiresAt) }, 202);
    })
    .openapi(register, async (c) =>
      c.json(registrationView(await registrations.register(c.req.valid('json'))), 201),
    )
    .openapi(registerOffline, async (c) =>
      c.json(registrationView(await registrations.registerOffline(c.req.valid('json'))), 201),
    )
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const page = await registrations.list(query);
      return c.json(
        { ...page, items: page.items.map(registrationView), limit: query.limit, offset: query.offset },
        200,
      );
    })
    .openapi(get, async (c) => {
      const found = await registrations.get(c.req.valid('param').registrationId);
      return c.json(
        { registration: registrationView(found.registration), followUps: found.followUps.map(followUpView) },
        200,
      );
    })
    .openapi(followUp, async (c) => {
      const body = c.req.valid('json');
      const recorded = await registrations.followUp(
        c.req.valid('param').registrationId,
        {
          ...body,
          nextFollowUpAt: body.nextFollowUpAt === undefined ? undefined : Date.parse(body.nextFollowUpAt),
        },
        principalOfPlatform(c).userId,
      );
      return c.json(followUpView(recorded), 201);
    })
    .openapi(convert, async (c) => {
      const body = c.req.valid('json');
      await registrations.convert(c.req.valid('param').registrationId, body);
      return c.json(profileView(await profiles.get(body.tenantId)), 201);
    })
    .openapi(profile, async (c) =>
      c.json(profileView(await profiles.get(c.req.valid('param').tenantId)), 200),
    )
    .openapi(edit, async (c) =>
      c.json(profileView(await profiles.update(c.req.valid('param').tenantId, c.req.valid('json'))), 200),
    )
    .openapi(open, async (c) => c.json(profileView(await profiles.open(c.req.valid('param').tenantId)), 200))
    .openapi(close, async (c) =>
      c.json(profileView(await profiles.close(c.req.valid('param').tenantId)), 200),
    );
}
