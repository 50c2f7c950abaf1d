import { z } from '@hono/zod-openapi';
import type { ContractLiveState } from '@chargeflow/workflows';
import type { ContractDetail } from '../contracts/contract-service.js';
import type { RecordedNotice } from '../contracts/sandbox-notifier.js';
import { iso } from './asset-views.js';
import { MoneySchema, money } from './money-view.js';

// Shapes of the contract routes (TEN-4); instants are ISO 8601 UTC, dates YYYY-MM-DD.

const STATUSES = ['DRAFT', 'SIGNED', 'ACTIVE', 'EXPIRED', 'TERMINATED'] as const;
export const CONTRACT_STATUSES: readonly [(typeof STATUSES)[number], ...(typeof STATUSES)[number][]] =
  STATUSES;

/** A calendar date as contracts take it. */
export const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .openapi({ example: '2027-01-01' });

const text = (max: number) => z.string().trim().min(1).max(max);

/** TEN-4 input: the amount is decimal CNY text with at most 2 decimals (exact fen; anything else CONTRACT_INVALID). */
export const NewContractSchema = z
  .object({
    bankName: text(128),
    legalRepresentative: text(64),
    accountNo: z.string().max(32).openapi({ example: '6222020000000000', description: '8–32 digits' }),
    startDate: DateText,
    endDate: DateText.openapi({ description: 'the last day covered; after startDate' }),
    authorisedCommunityCount: z.number().int().min(0).max(1_000_000),
    amount: z.string().max(40).openapi({
      example: '12000.50',
      description: 'decimal CNY, ≥ 0, at most 13 integer digits and 2 decimals (else 422 CONTRACT_INVALID)',
    }),
    scan: z.string().min(1).max(512).optional(),
    partyAContact: text(64),
    partyAPhone: text(32),
    partyBContact: text(64),
    partyBPhone: text(32),
    description: z.string().max(2000).optional(),
    remarks: z.string().max(2000).optional(),
    noticeDays: z.number().int().min(1).max(365).optional().openapi({
      description: 'days ahead of expiry the notice goes out (default CONTRACT_NOTICE_DAYS, 30)',
    }),
  })
  .openapi('NewContract');

export const ContractSchema = z
  .object({
    contractNo: z.string().openapi({ example: 'CT00000001' }),
    tenantId: z.string(),
    bankName: z.string(),
    legalRepresentative: z.string(),
    accountNo: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    authorisedCommunityCount: z.number().int(),
    amount: MoneySchema,
    scan: z.string().nullable(),
    partyAContact: z.string(),
    partyAPhone: z.string(),
    partyBContact: z.string(),
    partyBPhone: z.string(),
    description: z.string().nullable(),
    remarks: z.string().nullable(),
    noticeDays: z.number().int(),
    status: z.enum(STATUSES),
    state: z.enum(['OPEN', 'CLOSED']),
    revision: z.number().int(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    signedAt: z.string().nullable(),
    activatedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .openapi('Contract');

export const ContractLiveSchema = z
  .object({
    status: z.enum(STATUSES),
    startDate: z.string(),
    endDate: z.string(),
    activateAt: z.string(),
    expiryNoticeAt: z.string(),
    expireAt: z.string(),
    noticeDays: z.number().int(),
    noticeSentAt: z.string().nullable(),
    tenantClosed: z.boolean(),
    revision: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('ContractLiveState');

export const ContractDetailSchema = z
  .object({
    contract: ContractSchema,
    live: ContractLiveSchema.nullable().openapi({
      description: 'what the contract workflow says now (null when it cannot answer)',
    }),
    source: z.enum(['workflow', 'database']),
  })
  .openapi('ContractDetail');

export const NoticeSchema = z
  .object({
    noticeId: z.string(),
    contractNo: z.string(),
    tenantId: z.string(),
    kind: z.literal('EXPIRY'),
    recipientName: z.string(),
    recipientPhone: z.string(),
    text: z.string(),
    signature: z.string(),
    sentAt: z.string(),
  })
  .openapi('ContractNotice');

const nullableIso = (at: number | null) => (at === null ? null : iso(at));

export const contractView = (c: ContractDetail['contract']): z.infer<typeof ContractSchema> => ({
  ...c,
  amount: money(c.amount),
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
  signedAt: nullableIso(c.signedAt),
  activatedAt: nullableIso(c.activatedAt),
  endedAt: nullableIso(c.endedAt),
});

const liveView = (l: ContractLiveState): z.infer<typeof ContractLiveSchema> => ({
  status: l.status,
  startDate: l.startDate,
  endDate: l.endDate,
  activateAt: iso(l.activateAt),
  expiryNoticeAt: iso(l.expiryNoticeAt),
  expireAt: iso(l.expireAt),
  noticeDays: l.noticeDays,
  noticeSentAt: l.noticeSentAt === undefined ? null : iso(l.noticeSentAt),
  tenantClosed: l.tenantClosed,
  revision: l.revision,
  updatedAt: iso(l.updatedAt),
});

export const contractDetailView = (d: ContractDetail): z.infer<typeof ContractDetailSchema> => ({
  contract: contractView(d.contract),
  live: d.live === null ? null : liveView(d.live),
  source: d.live === null ? 'database' : 'workflow',
});

export const noticeView = (n: RecordedNotice): z.infer<typeof NoticeSchema> => ({
  ...n,
  sentAt: iso(n.sentAt),
});
