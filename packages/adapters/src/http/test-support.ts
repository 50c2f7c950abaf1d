// Unit-test support: the HTTP app over stand-in dependencies (no database, no Temporal), for tests of
// the shared edge (body limit, media type, methods, the document) that never reach a route's work.
import { DomainError, platformPrincipal } from '@chargeflow/core';
import type { Caller } from '../access/caller.js';
import type { SignIn } from '../access/sign-in.js';
import type { ApiKeys } from '../auth/ports.js';
import type { Probe } from '../health/probe.js';
import type { OnboardingServices } from '../onboarding/services.js';
import type { PaymentCallbackInbox } from '../payments/callback-inbox.js';
import type { AuditLog } from '../persistence/repositories/audit-log.js';
import { createHttpApp, type HttpDependencies } from './app.js';
import type { PlatformServices } from './platform-routes.js';

const unreachable = (what: string) => () => {
  throw new Error(`${what} is not available in this unit test`);
};

/** A platform operator resolved from the token `operator` (any other token is refused). */
export const STUB_OPERATOR: Caller = {
  kind: 'PLATFORM',
  tenantId: 'platform',
  id: 'op-1',
  sessionId: 's-1',
  principal: platformPrincipal('op-1', ['ADMIN', 'OPS', 'DEV']),
};

/** The app over stand-ins: `Bearer operator` is a platform operator; nothing reaches a database. */
export function stubHttpApp(
  overrides: Partial<HttpDependencies> & { readonly probes?: () => readonly Probe[] } = {},
) {
  const access: HttpDependencies['access'] = {
    resolveCaller: async ({ authorization }) => {
      if (authorization === 'Bearer operator') return STUB_OPERATOR;
      throw new DomainError('UNAUTHENTICATED', 'not signed in', { reason: 'TOKEN_INVALID' });
    },
    tenantServices: unreachable('tenantServices'),
    forget: () => undefined,
  };
  const audit = { append: async () => undefined, list: unreachable('audit') } as unknown as AuditLog;
  return createHttpApp({
    probes: () => [],
    access,
    signIn: { platform: unreachable('signIn'), staff: unreachable('signIn') } as unknown as SignIn,
    platform: { audit } as unknown as PlatformServices,
    onboarding: {} as OnboardingServices,
    apiKeys: {} as ApiKeys,
    paymentCallbacks: { receive: unreachable('paymentCallbacks') } as unknown as PaymentCallbackInbox,
    ...overrides,
  });
}
