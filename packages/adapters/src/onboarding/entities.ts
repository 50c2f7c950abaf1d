import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

// Onboarding and contracts (TEN-1 … TEN-4) in the PLATFORM database (migration MigrationP0004Onboarding).
// Instants are epoch ms in BIGINT columns; dates are YYYY-MM-DD text; money is BIGINT fen.

/** A named counter of the platform (enterprise nos., contract nos.): bumped inside the writing transaction. */
export const PlatformSequenceEntity = defineEntity({
  name: 'PlatformSequence',
  tableName: 'platform_sequence',
  properties: {
    name: p.string().length(64).primary(),
    value: p.bigint('number'),
  },
});

/** 客户注册 (TEN-1): a registration awaiting operator follow-up; the phone is unique. */
export const TenantRegistrationEntity = defineEntity({
  name: 'TenantRegistration',
  tableName: 'tenant_registration',
  properties: {
    id: p.string().length(36).primary(),
    name: p.string().length(128),
    phone: p.string().length(16).unique('tenant_registration_phone_unique'),
    company: p.string().length(128).nullable(),
    source: p.enum(['WEB', 'WECHAT', 'QR', 'OFFLINE']),
    phoneVerified: p.boolean(),
    status: p.enum(['NEW', 'FOLLOWING_UP', 'CONVERTED', 'DECLINED']),
    tenantId: p.string().length(32).nullable(),
    registeredAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
    version: p.integer(),
  },
});
/** A registration row. */
export type TenantRegistrationRow = InferEntity<typeof TenantRegistrationEntity>;

/** 回访 (TEN-1): one follow-up of a registration by a platform operator. */
export const TenantFollowUpEntity = defineEntity({
  name: 'TenantFollowUp',
  tableName: 'tenant_follow_up',
  properties: {
    id: p.string().length(36).primary(),
    registrationId: p.string().length(36),
    /** The registration's version this follow-up moved it to: orders the follow-ups, one per version. */
    seq: p.integer(),
    operatorId: p.string().length(64),
    channel: p.enum(['PHONE', 'VISIT', 'WECHAT', 'OTHER']),
    outcome: p.enum(['CONTINUE', 'DECLINED']),
    note: p.string().length(1000),
    nextFollowUpAt: p.bigint('number').nullable(),
    at: p.bigint('number'),
  },
  uniques: [{ name: 'tenant_follow_up_seq_unique', properties: ['registrationId', 'seq'] }],
});
/** A follow-up row. */
export type TenantFollowUpRow = InferEntity<typeof TenantFollowUpEntity>;

/** 客户详细信息 (TEN-2): the profile of a tenant; the enterprise no. is generated and unique. */
export const TenantProfileEntity = defineEntity({
  name: 'TenantProfile',
  tableName: 'tenant_profile',
  properties: {
    tenantId: p.string().length(32).primary(),
    enterpriseNo: p.string().length(16).unique('tenant_profile_enterprise_no_unique'),
    licenceNo: p.string().length(64).nullable(),
    enterpriseName: p.string().length(128).nullable(),
    province: p.string().length(32).nullable(),
    city: p.string().length(32).nullable(),
    address: p.string().length(255).nullable(),
    contactName: p.string().length(64).nullable(),
    contactPhone: p.string().length(32).nullable(),
    officePhone: p.string().length(32).nullable(),
    email: p.string().length(128).nullable(),
    licenceScan: p.string().length(512).nullable(),
    description: p.string().length(2000).nullable(),
    remarks: p.string().length(2000).nullable(),
    registrationId: p.string().length(36).nullable(),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
  },
});
/** A profile row. */
export type TenantProfileRow = InferEntity<typeof TenantProfileEntity>;

/** 合同 (TEN-4): a contract; its state is written by its contractWorkflow only (by revision). */
export const TenantContractEntity = defineEntity({
  name: 'TenantContract',
  tableName: 'tenant_contract',
  properties: {
    contractNo: p.string().length(16).primary(),
    tenantId: p.string().length(32).index('tenant_contract_tenant_idx'),
    bankName: p.string().length(128),
    legalRepresentative: p.string().length(64),
    accountNo: p.string().length(32),
    startDate: p.string().length(10),
    endDate: p.string().length(10),
    authorisedCommunityCount: p.integer(),
    amountFen: p.bigint(),
    scan: p.string().length(512).nullable(),
    partyAContact: p.string().fieldName('party_a_contact').length(64),
    partyAPhone: p.string().fieldName('party_a_phone').length(32),
    partyBContact: p.string().fieldName('party_b_contact').length(64),
    partyBPhone: p.string().fieldName('party_b_phone').length(32),
    description: p.string().length(2000).nullable(),
    remarks: p.string().length(2000).nullable(),
    noticeDays: p.integer(),
    status: p.enum(['DRAFT', 'SIGNED', 'ACTIVE', 'EXPIRED', 'TERMINATED']),
    revision: p.integer(),
    workflowId: p.string().length(96),
    createdBy: p.string().length(64),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
    signedAt: p.bigint('number').nullable(),
    activatedAt: p.bigint('number').nullable(),
    endedAt: p.bigint('number').nullable(),
    endReason: p.string().length(255).nullable(),
  },
});
/** A contract row. */
export type TenantContractRow = InferEntity<typeof TenantContractEntity>;

/** What the sandbox contract notifier sent (TEN-4 expiry notices), keyed by the notice id. */
export const ContractNoticeEntity = defineEntity({
  name: 'ContractNotice',
  tableName: 'contract_notice',
  properties: {
    noticeId: p.string().length(64).primary(),
    contractNo: p.string().length(16).index('contract_notice_contract_idx'),
    tenantId: p.string().length(32),
    kind: p.enum(['EXPIRY']),
    recipientName: p.string().length(64),
    recipientPhone: p.string().length(32),
    text: p.string().length(500),
    /** HMAC-SHA256 of the message under the sandbox provider's key, as a provider receipt would carry. */
    signature: p.string().length(64),
    sentAt: p.bigint('number'),
  },
});
/** A notice row. */
export type ContractNoticeRow = InferEntity<typeof ContractNoticeEntity>;

/** Every entity of onboarding (add them to the platform ORM's list). */
export const ONBOARDING_ENTITIES = [
  PlatformSequenceEntity,
  TenantRegistrationEntity,
  TenantFollowUpEntity,
  TenantProfileEntity,
  TenantContractEntity,
  ContractNoticeEntity,
] as const;
