import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  SMS_CODE_POLICY,
  isDomainError,
  issueSmsCode,
  loginPhoneSchema,
  verifySmsCode,
  type SmsCodePolicy,
  type SmsVerification,
} from '@chargeflow/core';
import type { EntityManager } from '@mikro-orm/core';
import { isUniqueViolation } from '../persistence/errors.js';
import { SmsCodeEntity, SmsMessageEntity, type StoredSmsVerification } from './entities.js';
import { AuthError } from './errors.js';
import type { SmsCodes, SmsMessage, SmsOutbox, SmsSender } from './ports.js';
import { sha256Hex } from './secrets.js';

// CARD-4 (and TEN-1) SMS sign-in codes over core's SMS policy, and the sandbox SMS provider that
// the local stack and the tests read codes from.

export interface SandboxSmsOptions {
  /** The root EntityManager of the PLATFORM database's ORM (forked per call). */
  readonly em: EntityManager;
  /** The clock (epoch ms); default Date.now. */
  readonly now?: () => number;
  /** Simulated provider latency per message in ms (default 0: still answered asynchronously). */
  readonly latencyMs?: number;
}

/** The sandbox SMS provider: records each message in `sms_message` instead of sending it. */
export class SandboxSmsSender implements SmsSender {
  private readonly em: EntityManager;
  private readonly now: () => number;
  private readonly latencyMs: number;
  private failures = 0;

  constructor(options: SandboxSmsOptions) {
    this.em = options.em;
    this.now = options.now ?? Date.now;
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** For tests: the next `count` messages fail with SMS_SEND_FAILED and are not recorded. */
  failNext(count = 1): void {
    this.failures += count;
  }

  /** SMS_SEND_FAILED when a failure was armed with failNext. */
  async send(phone: string, text: string): Promise<void> {
    await sleep(this.latencyMs);
    if (this.failures > 0) {
      this.failures -= 1;
      throw new AuthError('SMS_SEND_FAILED', 'the SMS provider refused the message (sandbox failNext)', {
        phone,
      });
    }
    const em = this.em.fork();
    em.create(SmsMessageEntity, { phone, text, createdAt: this.now() });
    await em.flush();
  }
}

/** The most messages `SandboxSmsOutbox.list` returns. */
export const SMS_OUTBOX_LIST_LIMIT = 100;

/** What the sandbox SMS provider recorded, newest first (at most 100 messages). */
export class SandboxSmsOutbox implements SmsOutbox {
  constructor(private readonly options: Pick<SandboxSmsOptions, 'em'>) {}

  async list(phone?: string): Promise<readonly SmsMessage[]> {
    const rows = await this.options.em.fork().find(SmsMessageEntity, phone === undefined ? {} : { phone }, {
      orderBy: { id: 'DESC' },
      limit: SMS_OUTBOX_LIST_LIMIT,
    });
    return rows.map((row) => ({ phone: row.phone, text: row.text, at: row.createdAt }));
  }
}

export interface SmsCodeStoreOptions {
  /** The root EntityManager of the PLATFORM database's ORM (forked per call). */
  readonly em: EntityManager;
  /** Sends the code (SandboxSmsSender locally and in tests, a provider adapter in production). */
  readonly sender: SmsSender;
  /** Default: core SMS_CODE_POLICY (6 digits, 5 minutes, 5 attempts, resend after 60 s). */
  readonly policy?: SmsCodePolicy;
  /** The clock (epoch ms); default Date.now. */
  readonly now?: () => number;
}

/** Rounds of compare-and-set before giving up (each round at least one concurrent writer wins). */
const MAX_ROUNDS = 100;

/** The text of the message carrying `code`. */
export const smsCodeText = (code: string, policy: SmsCodePolicy = SMS_CODE_POLICY): string =>
  `chargeflow: your sign-in code is ${code} (valid ${Math.round(policy.ttlMs / 60_000)} minutes)`;

/** The stored hash of a code: sha256 of `<key>:<code>`, so equal codes of two phones differ. */
const codeHash = (key: string, code: string): string => sha256Hex(`${key}:${code}`);

// Core's SmsVerification with the hash in place of the code: core compares codes for equality,
// which is the same as comparing the hashes of `<key>:<code>`.
const toCore = ({ codeHash: code, ...rest }: StoredSmsVerification): SmsVerification => ({ ...rest, code });
const toStored = ({ code, ...rest }: SmsVerification): StoredSmsVerification => ({ ...rest, codeHash: code });

/**
 * CARD-4 SMS sign-in codes, one per tenant + phone (row `sms_code` keyed `<tenantId>:<phone>`), with
 * core's issueSmsCode / verifySmsCode. The 6-digit code comes from crypto.randomInt and is stored
 * only as a hash. Every write is a compare-and-set on the row's version, so concurrent requests
 * cannot both pass the resend throttle and concurrent guesses are all counted. A code is single-use:
 * once verified, verifying again is SMS_CODE_NOT_REQUESTED.
 */
export class SmsCodeStore implements SmsCodes {
  private readonly em: EntityManager;
  private readonly sender: SmsSender;
  private readonly policy: SmsCodePolicy;
  private readonly now: () => number;

  constructor(options: SmsCodeStoreOptions) {
    this.em = options.em;
    this.sender = options.sender;
    this.policy = options.policy ?? SMS_CODE_POLICY;
    this.now = options.now ?? Date.now;
  }

  /** Issues and sends a code: PHONE_INVALID, SMS_RESEND_TOO_SOON (details.retryAfterMs), SMS_SEND_FAILED. */
  async request(tenantId: string, phone: string): Promise<{ readonly expiresAt: number }> {
    const key = this.keyOf(tenantId, phone);
    const code = String(randomInt(0, 10 ** this.policy.length)).padStart(this.policy.length, '0');
    const now = this.now();
    const written = await this.issue(key, phone, code, now);
    try {
      await this.sender.send(phone, smsCodeText(code, this.policy));
    } catch (error) {
      // Undo the issue, so a failed send does not start the resend throttle.
      await this.undoIssue(key, written, now);
      if (isDomainError(error, 'SMS_SEND_FAILED')) throw error;
      throw new AuthError('SMS_SEND_FAILED', 'the SMS could not be sent', { phone });
    }
    return { expiresAt: written.state.expiresAt };
  }

  /** SMS_CODE_MISMATCH (details.attemptsLeft), SMS_CODE_EXPIRED, SMS_CODE_ATTEMPTS_EXCEEDED, SMS_CODE_NOT_REQUESTED. */
  async verify(tenantId: string, phone: string, code: string): Promise<void> {
    const key = this.keyOf(tenantId, phone);
    const now = this.now();
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const em = this.em.fork();
      const row = await em.findOne(SmsCodeEntity, { key });
      if (!row || row.key !== key) throw notRequested(phone);
      if (row.state.verified) throw notRequested(phone, 'the code was already used; request a new one');
      const before = toCore(row.state);
      const { state, result } = verifySmsCode(before, { code: codeHash(key, code), now }, this.policy);
      if (state !== before) {
        const changed = await em.nativeUpdate(
          SmsCodeEntity,
          { key, version: row.version },
          { state: toStored(state), version: row.version + 1, updatedAt: now },
        );
        if (changed !== 1) continue; // a concurrent attempt was counted first: decide on the new state
      }
      if (!result.ok) throw result.error;
      return;
    }
    throw new Error(`SMS code of ${phone} could not be checked: too many concurrent attempts`);
  }

  private keyOf(tenantId: string, phone: string): string {
    if (!loginPhoneSchema.safeParse(phone).success) {
      throw new AuthError('PHONE_INVALID', 'not a mainland mobile number', { phone });
    }
    return `${tenantId}:${phone}`; // the phone has no ':', so the key is unambiguous
  }

  /** Stores a freshly issued code (compare-and-set), returning what to undo should sending fail. */
  private async issue(key: string, phone: string, code: string, now: number): Promise<IssuedRow> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const em = this.em.fork();
      const row = await em.findOne(SmsCodeEntity, { key });
      const issued = issueSmsCode(row ? toCore(row.state) : undefined, { phone, code, now }, this.policy);
      if (!issued.ok) throw issued.error;
      const state = toStored({ ...issued.value, code: codeHash(key, code) });
      if (!row) {
        em.create(SmsCodeEntity, { key, state, version: 1, updatedAt: now });
        try {
          await em.flush();
          return { state, version: 1, previous: null };
        } catch (error) {
          if (isUniqueViolation(error)) continue; // a concurrent request inserted first
          throw error;
        }
      }
      const version = row.version + 1;
      const changed = await em.nativeUpdate(
        SmsCodeEntity,
        { key, version: row.version },
        { state, version, updatedAt: now },
      );
      if (changed === 1) return { state, version, previous: row.state };
    }
    throw new Error(`SMS code of ${phone} could not be issued: too many concurrent requests`);
  }

  /** Puts back the state before `written` (or removes the row it created), unless it changed since. */
  private async undoIssue(key: string, written: IssuedRow, now: number): Promise<void> {
    const em = this.em.fork();
    if (written.previous === null) {
      await em.nativeDelete(SmsCodeEntity, { key, version: written.version });
      return;
    }
    await em.nativeUpdate(
      SmsCodeEntity,
      { key, version: written.version },
      { state: written.previous, version: written.version + 1, updatedAt: now },
    );
  }
}

/** What `issue` wrote: the new state and version, and the state it replaced. */
interface IssuedRow {
  readonly state: StoredSmsVerification;
  readonly version: number;
  readonly previous: StoredSmsVerification | null;
}

const notRequested = (phone: string, message = 'no code was requested for this phone') =>
  new AuthError('SMS_CODE_NOT_REQUESTED', message, { phone });
