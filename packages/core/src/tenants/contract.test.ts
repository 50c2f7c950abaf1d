import { describe, expect, it } from 'vitest';
import {
  contractOpenState,
  contractSchedule,
  contractTransition,
  dueContractEvents,
  noActiveContract,
  prepareContract,
  validateContract,
  type ContractEvent,
  type ContractStatus,
} from './contract.js';

const input = {
  tenantId: 't1',
  bankName: 'ICBC Hangzhou',
  legalRepresentative: 'Chen',
  accountNo: '6222020000000000',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  authorisedCommunityCount: 3,
  amount: '12000.50',
  partyAContact: 'Chen',
  partyAPhone: '13800000001',
  partyBContact: 'Liu',
  partyBPhone: '13800000002',
};
const DAY = 86_400_000;

describe('contracts (TEN-4)', () => {
  it('TEN-4 a valid contract parses the decimal amount exactly into fen', () => {
    const result = validateContract(input);
    expect(result.ok && result.value.amount).toBe(1_200_050n);
  });

  it.each([
    ['TEN-4 end equal to start', { endDate: '2026-01-01' }, 'CONTRACT_END_NOT_AFTER_START'],
    ['TEN-4 end before start', { endDate: '2025-12-31' }, 'CONTRACT_END_NOT_AFTER_START'],
    ['TEN-4 amount with 3 decimals', { amount: '1.005' }, 'CONTRACT_INVALID'],
    ['TEN-4 negative amount', { amount: '-1' }, 'CONTRACT_INVALID'],
    ['TEN-4 impossible date', { startDate: '2026-02-30' }, 'CONTRACT_INVALID'],
    ['TEN-4 missing bank', { bankName: '' }, 'CONTRACT_INVALID'],
  ])('%s is %s', (_name, patch, code) => {
    const result = validateContract({ ...input, ...patch });
    expect(result.ok || result.error.code).toBe(code);
  });

  it.each<[ContractStatus, ContractEvent, ContractStatus | 'CONTRACT_TRANSITION_INVALID']>([
    ['DRAFT', 'SIGN', 'SIGNED'],
    ['SIGNED', 'START_DATE_REACHED', 'ACTIVE'],
    ['ACTIVE', 'END_DATE_REACHED', 'EXPIRED'],
    ['ACTIVE', 'TERMINATE', 'TERMINATED'],
    ['SIGNED', 'TERMINATE', 'TERMINATED'],
    ['DRAFT', 'START_DATE_REACHED', 'CONTRACT_TRANSITION_INVALID'],
    ['ACTIVE', 'SIGN', 'CONTRACT_TRANSITION_INVALID'],
    ['EXPIRED', 'TERMINATE', 'CONTRACT_TRANSITION_INVALID'],
    ['TERMINATED', 'SIGN', 'CONTRACT_TRANSITION_INVALID'],
  ])('TEN-4 %s + %s → %s', (status, event, expected) => {
    const result = contractTransition(status, event);
    expect(result.ok ? result.value : result.error.code).toBe(expected);
  });

  it('TEN-4 only an active contract shows OPEN; a tenant closes when none is active', () => {
    expect(contractOpenState('ACTIVE')).toBe('OPEN');
    expect(contractOpenState('SIGNED')).toBe('CLOSED');
    expect(noActiveContract(['EXPIRED', 'TERMINATED'])).toBe(true);
    expect(noActiveContract(['EXPIRED', 'ACTIVE'])).toBe(false);
  });

  it('TEN-4 the schedule: active from the start date, notice ahead, expired after the end date (Shanghai)', () => {
    const s = contractSchedule(input, { noticeDays: 30 });
    expect(s.activateAt).toBe(Date.UTC(2025, 11, 31, 16)); // 2026-01-01 00:00 +08:00
    expect(s.expireAt).toBe(Date.UTC(2026, 11, 31, 16)); // 2027-01-01 00:00 +08:00
    expect(s.expiryNoticeAt).toBe(s.expireAt - 30 * DAY);
  });

  it('TEN-4 the notice never falls before activation', () => {
    const s = contractSchedule({ startDate: '2026-01-01', endDate: '2026-01-05' }, { noticeDays: 30 });
    expect(s.expiryNoticeAt).toBe(s.activateAt);
  });

  it.each<[ContractStatus, number, ContractEvent[]]>([
    ['SIGNED', -1, []],
    ['SIGNED', 0, ['START_DATE_REACHED']],
    ['ACTIVE', 0, []],
    ['ACTIVE', 365 * DAY, ['END_DATE_REACHED']],
    ['SIGNED', 365 * DAY, ['END_DATE_REACHED']],
    ['EXPIRED', 400 * DAY, []],
  ])('TEN-4 a %s contract at start+%d ms has due events %j', (status, offset, events) => {
    const s = contractSchedule(input);
    expect(dueContractEvents(status, s, s.activateAt + offset)).toEqual(events);
  });

  it.each([
    [
      'TEN-3 an incomplete profile cannot get a contract',
      { enterpriseName: '' },
      {},
      'TENANT_PROFILE_INCOMPLETE',
    ],
    ['TEN-4 a contract for another tenant is refused', {}, { tenantId: 't2' }, 'CONTRACT_INVALID'],
    ['TEN-4 a complete profile and valid terms pass', {}, {}, true],
  ])('%s', (_name, profilePatch, inputPatch, expected) => {
    const profile = {
      tenantId: 't1',
      enterpriseNo: 'EN000001',
      licenceNo: 'L1',
      enterpriseName: 'Lakeside',
      address: 'Road 1',
      contactName: 'Chen',
      contactPhone: '13800000001',
      state: 'CLOSED' as const,
      ...profilePatch,
    };
    const result = prepareContract(profile, { ...input, ...inputPatch });
    expect(result.ok || result.error.code).toBe(expected);
  });
});
