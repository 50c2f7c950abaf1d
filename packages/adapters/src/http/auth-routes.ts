import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { SessionTokens, SignIn } from '../access/sign-in.js';
import { errorResponses, jsonBody } from './asset-views.js';
import { ErrorSchema, validationHook } from './errors.js';
import type { AppEnv } from './security/env.js';
import { rateLimit, type AuthRateLimits } from './security/rate-limit.js';
import { publicRoute } from './security/route.js';

const TenantIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, 'a tenant id')
  .openapi({ example: 'demo' });
const PhoneSchema = z
  .string()
  .regex(/^1[3-9]\d{9}$/, 'a mainland mobile number')
  .openapi({ example: '13800000000' });
const RefreshSchema = z.object({ refreshToken: z.string().min(10).max(512) }).openapi('RefreshRequest');

const SessionSchema = z
  .object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string(),
    accessTokenExpiresAt: z.string(),
    refreshToken: z.string(),
    refreshTokenExpiresAt: z.string(),
    subject: z.object({
      kind: z.enum(['PLATFORM', 'STAFF', 'APP']),
      tenantId: z.string(),
      userId: z.string(),
    }),
  })
  .openapi('Session');

/** The signed-in subject as the audit log names it (`<tenant>/<user>`). */
const auditSubject = (s: SessionTokens) => ({
  kind: s.subject.kind,
  id: `${s.subject.tenantId}/${s.subject.userId}`,
});

const sessionView = (s: SessionTokens): z.infer<typeof SessionSchema> => ({
  ...s,
  accessTokenExpiresAt: new Date(s.accessTokenExpiresAt).toISOString(),
  refreshTokenExpiresAt: new Date(s.refreshTokenExpiresAt).toISOString(),
});

const authErrors = {
  401: jsonBody(
    ErrorSchema,
    'SIGN_IN_FAILED (wrong phone or password, one answer for both), UNAUTHENTICATED, SMS_CODE_*',
  ),
  403: jsonBody(ErrorSchema, 'USER_DISABLED'),
  429: jsonBody(
    ErrorSchema,
    'RATE_LIMITED, ACCOUNT_LOCKED (after 5 wrong passwords, 15 minutes), SMS_RESEND_TOO_SOON',
  ),
};

/**
 * Sign-in (issue 10), public: back-office users with phone + password (a platform operator without
 * `tenant`, a tenant's staff with it), app users with an SMS code, token refresh and sign-out.
 * Rate-limited per client address; wrong passwords lock the account (ACCOUNT_LOCKED).
 */
export function authRoutes(signIn: SignIn, limits: AuthRateLimits, clock: () => number) {
  const signInLimit = rateLimit('sign-in', limits.signIn, clock);
  const smsLimit = rateLimit('sms-code', limits.smsCode, clock);
  const password = publicRoute({
    method: 'post',
    path: '/auth/sign-in',
    tags: ['auth'],
    summary:
      'Sign in with phone and password: a tenant’s back-office user (with tenant) or a platform operator',
    middleware: [signInLimit],
    request: {
      body: {
        ...jsonBody(
          z
            .object({
              tenant: TenantIdSchema.optional(),
              phone: PhoneSchema,
              password: z.string().min(1).max(256),
            })
            .openapi('PasswordSignIn'),
          'credentials',
        ),
        required: true,
      },
    },
    responses: { 200: jsonBody(SessionSchema, 'signed in'), ...errorResponses(404), ...authErrors },
  });
  const smsCode = publicRoute({
    method: 'post',
    path: '/auth/sms-codes',
    tags: ['auth'],
    summary: 'Send an app user a sign-in code by SMS (CARD-4; 6 digits, 5 minutes, resend after 60 s)',
    middleware: [smsLimit],
    request: {
      body: {
        ...jsonBody(
          z.object({ tenant: TenantIdSchema, phone: PhoneSchema }).openapi('SmsCodeRequest'),
          'who',
        ),
        required: true,
      },
    },
    responses: {
      202: jsonBody(z.object({ expiresAt: z.string() }), 'the code is on its way'),
      ...errorResponses(404),
      ...authErrors,
    },
  });
  const app = publicRoute({
    method: 'post',
    path: '/auth/app-sign-in',
    tags: ['auth'],
    summary:
      'Sign in as an app user (vehicle owner) with the SMS code; the owner is created on first sign-in',
    middleware: [signInLimit],
    request: {
      body: {
        ...jsonBody(
          z
            .object({
              tenant: TenantIdSchema,
              phone: PhoneSchema,
              code: z.string().regex(/^\d{6}$/, '6 digits'),
            })
            .openapi('AppSignIn'),
          'the code',
        ),
        required: true,
      },
    },
    responses: { 200: jsonBody(SessionSchema, 'signed in'), ...errorResponses(404), ...authErrors },
  });
  const refresh = publicRoute({
    method: 'post',
    path: '/auth/refresh',
    tags: ['auth'],
    summary:
      'Trade a refresh token for new tokens (the old refresh token stops working; reuse ends the session)',
    middleware: [signInLimit],
    request: { body: { ...jsonBody(RefreshSchema, 'the refresh token'), required: true } },
    responses: { 200: jsonBody(SessionSchema, 'new tokens'), ...authErrors },
  });
  const signOut = publicRoute({
    method: 'post',
    path: '/auth/sign-out',
    tags: ['auth'],
    summary: 'End the session of a refresh token (its access tokens stop working too)',
    request: { body: { ...jsonBody(RefreshSchema, 'the refresh token'), required: true } },
    responses: { 204: { description: 'signed out' } },
  });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(password, async (c) => {
      const { tenant, phone, password: secret } = c.req.valid('json');
      const session =
        tenant === undefined
          ? await signIn.platform(phone, secret)
          : await signIn.staff(tenant, phone, secret);
      c.set('auditAs', auditSubject(session));
      return c.json(sessionView(session), 200);
    })
    .openapi(smsCode, async (c) => {
      const { tenant, phone } = c.req.valid('json');
      const { expiresAt } = await signIn.requestSmsCode(tenant, phone);
      return c.json({ expiresAt: new Date(expiresAt).toISOString() }, 202);
    })
    .openapi(app, async (c) => {
      const { tenant, phone, code } = c.req.valid('json');
      const session = await signIn.app(tenant, phone, code);
      c.set('auditAs', auditSubject(session));
      return c.json(sessionView(session), 200);
    })
    .openapi(refresh, async (c) => {
      const session = await signIn.refresh(c.req.valid('json').refreshToken);
      c.set('auditAs', auditSubject(session));
      return c.json(sessionView(session), 200);
    })
    .openapi(signOut, async (c) => {
      await signIn.signOut(c.req.valid('json').refreshToken);
      return c.body(null, 204);
    });
}
