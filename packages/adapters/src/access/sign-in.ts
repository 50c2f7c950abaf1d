import { randomUUID } from 'node:crypto';
import { DomainError, type PasswordHasher } from '@chargeflow/core';
import { claimSignInAttempt, recordSignInSuccess } from '../auth/lockout-guard.js';
import type { AccessTokens, PlatformUsers, RefreshTokens, SmsCodes, Subject } from '../auth/ports.js';
import { StaffUserEntity } from '../persistence/entities/access.js';
import { StaffDirectory } from '../persistence/repositories/staff-directory.js';
import { VehicleOwners } from '../persistence/repositories/vehicle-owners.js';
import type { TenantDatabase, TenantDatabases } from '../tenancy/ports.js';

/** The tokens of a sign-in session. */
export interface SessionTokens {
  readonly tokenType: 'Bearer';
  readonly accessToken: string;
  readonly accessTokenExpiresAt: number;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: number;
  readonly subject: Subject;
}

/** What signing in needs (the composition root passes the real stores). */
export interface SignInDeps {
  readonly accessTokens: AccessTokens;
  readonly refreshTokens: RefreshTokens;
  readonly platformUsers: PlatformUsers;
  readonly smsCodes: SmsCodes;
  readonly tenants: TenantDatabases;
  readonly hasher: PasswordHasher;
  readonly clock: () => number;
}

const signInFailed = () => new DomainError('SIGN_IN_FAILED', 'wrong phone or password');

/** A fixed argon2id hash of a random password, verified for unknown phones so timing reveals nothing. */
let decoyHash: Promise<string> | undefined;

/**
 * Sign-in of the three kinds of caller (issue 10): platform operators and tenant staff with phone +
 * password (lockout after repeated failures, one answer for an unknown phone and a wrong password),
 * app users (vehicle owners, CARD-4) with an SMS code; refresh rotates the refresh token; sign-out
 * revokes the session.
 */
export class SignIn {
  constructor(private readonly deps: SignInDeps) {}

  /** A platform operator (control plane). */
  async platform(phone: string, password: string): Promise<SessionTokens> {
    const user = await this.deps.platformUsers.signIn(phone, password);
    return this.session({ kind: 'PLATFORM', tenantId: 'platform', userId: user.id });
  }

  /** A back-office user of a tenant (ORG-4): TENANT_NOT_FOUND, SIGN_IN_FAILED, ACCOUNT_LOCKED, USER_DISABLED. */
  async staff(tenantId: string, phone: string, password: string): Promise<SessionTokens> {
    const db = await this.tenant(tenantId);
    const staff = new StaffDirectory(db.em, this.deps.clock, tenantId, this.deps.hasher);
    const row = await staff.loginRow(phone);
    if (row === null) {
      await this.deps.hasher.verify(password, await this.decoy());
      throw signInFailed();
    }
    const allowed = await claimSignInAttempt(db.em, StaffUserEntity, row, this.deps.clock());
    if (!allowed.ok) throw allowed.error;
    if (!(await this.deps.hasher.verify(password, row.passwordHash))) throw signInFailed();
    await recordSignInSuccess(db.em, StaffUserEntity, row.id);
    if (!row.enabled) throw new DomainError('USER_DISABLED', 'this login is disabled', {});
    return this.session({ kind: 'STAFF', tenantId, userId: row.id });
  }

  /** CARD-4: sends an app user a sign-in code (SMS_RESEND_TOO_SOON, SMS_SEND_FAILED). */
  async requestSmsCode(tenantId: string, phone: string): Promise<{ readonly expiresAt: number }> {
    await this.tenant(tenantId);
    return this.deps.smsCodes.request(tenantId, phone);
  }

  /** CARD-4: an app user signs in with the code; the vehicle owner is created on first sign-in. */
  async app(tenantId: string, phone: string, code: string): Promise<SessionTokens> {
    const db = await this.tenant(tenantId);
    await this.deps.smsCodes.verify(tenantId, phone, code);
    const owner = await new VehicleOwners(db.em, this.deps.clock).findOrCreate(phone);
    if (!owner.enabled) throw new DomainError('USER_DISABLED', 'this app user is disabled', {});
    return this.session({ kind: 'APP', tenantId, userId: owner.id });
  }

  /** Rotates the refresh token and issues a new access token for the same session. */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const rotated = await this.deps.refreshTokens.rotate(refreshToken);
    const access = await this.deps.accessTokens.issue({ ...rotated.subject, sessionId: rotated.sessionId });
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: rotated.token,
      refreshTokenExpiresAt: rotated.expiresAt,
      subject: rotated.subject,
    };
  }

  /** Ends the session of a refresh token (its access tokens stop working too). */
  async signOut(refreshToken: string): Promise<void> {
    await this.deps.refreshTokens.revoke(refreshToken);
  }

  private async session(subject: Subject): Promise<SessionTokens> {
    const refresh = await this.deps.refreshTokens.issue(subject);
    const access = await this.deps.accessTokens.issue({ ...subject, sessionId: refresh.sessionId });
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
      subject,
    };
  }

  /** The tenant's database: TENANT_NOT_FOUND, TENANT_DATABASE_NOT_READY. */
  private tenant(tenantId: string): Promise<TenantDatabase> {
    return this.deps.tenants.get(tenantId);
  }

  private decoy(): Promise<string> {
    decoyHash ??= this.deps.hasher.hash(`decoy-${randomUUID()}`);
    return decoyHash;
  }
}
