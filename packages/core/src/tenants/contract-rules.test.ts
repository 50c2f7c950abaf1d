import { describe, expect, it } from 'vitest';
import { amendContractDates, checkSignable, formatContractNo } from './contract-rules.js';

// 2026-06-15T12:00:00+08:00
const NOW = Date.parse('2026-06-15T04:00:00Z');
const dates = { startDate: '2026-01-01', endDate: '2026-12-31' };
const codeOf = (r: { ok: boolean; error?: { code: string; details: Record<string, unknown> } }) =>
  r.ok
    ? 'OK'
    : `${r.error?.code}${r.error?.details['reason'] ? `:${String(r.error.details['reason'])}` : ''}`;

describe('contract numbers (TEN-4)', () => {
  it('TEN-4 CT + 8 digits', () => {
    expect(formatContractNo(1)).toEqual({ ok: true, value: 'CT00000001' });
    expect(formatContractNo(12_345_678)).toEqual({ ok: true, value: 'CT12345678' });
    expect(formatContractNo(100_000_000).ok).toBe(false);
  });
});

describe('signing (TEN-4)', () => {
  it('TEN-4 a DRAFT contract whose end date is ahead may be signed, also after its start date', () => {
    expect(checkSignable('DRAFT', dates, { now: NOW }).ok).toBe(true);
  });
  it('TEN-4 only a DRAFT is signed; a contract whose last day is over is CONTRACT_ALREADY_ENDED', () => {
    expect(codeOf(checkSignable('SIGNED', dates, { now: NOW }))).toBe('CONTRACT_TRANSITION_INVALID');
    // The last day 2026-06-14 ended at 2026-06-15T00:00+08:00, before NOW.
    const ended = { startDate: '2026-01-01', endDate: '2026-06-14' };
    expect(codeOf(checkSignable('DRAFT', ended, { now: NOW }))).toBe('CONTRACT_ALREADY_ENDED');
    // Its last day is today: still signable.
    expect(checkSignable('DRAFT', { ...ended, endDate: '2026-06-15' }, { now: NOW }).ok).toBe(true);
  });
});

describe('amending dates (TEN-4)', () => {
  const clock = { now: NOW };
  it('TEN-4 DRAFT and SIGNED may move both dates; ACTIVE only the end date', () => {
    expect(amendContractDates({ status: 'DRAFT', ...dates }, { startDate: '2026-02-01' }, clock)).toEqual({
      ok: true,
      value: { startDate: '2026-02-01', endDate: '2026-12-31' },
    });
    expect(
      amendContractDates({ status: 'SIGNED', ...dates }, { endDate: '2027-06-30' }, clock),
    ).toMatchObject({ ok: true, value: { endDate: '2027-06-30' } });
    expect(
      codeOf(amendContractDates({ status: 'ACTIVE', ...dates }, { startDate: '2026-02-01' }, clock)),
    ).toBe('CONTRACT_AMEND_INVALID:START_DATE_FIXED');
    // Naming the same start date is not a change.
    expect(
      amendContractDates(
        { status: 'ACTIVE', ...dates },
        { startDate: '2026-01-01', endDate: '2027-01-31' },
        clock,
      ).ok,
    ).toBe(true);
  });
  it('TEN-4 the end date stays after the start date (CONTRACT_END_NOT_AFTER_START)', () => {
    const r = amendContractDates({ status: 'SIGNED', ...dates }, { endDate: '2026-01-01' }, clock);
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'CONTRACT_END_NOT_AFTER_START',
        details: { startDate: '2026-01-01', endDate: '2026-01-01' },
      },
    });
  });
  it('TEN-4 a signed contract cannot be amended to an end date already over (terminate instead)', () => {
    expect(codeOf(amendContractDates({ status: 'ACTIVE', ...dates }, { endDate: '2026-06-14' }, clock))).toBe(
      'CONTRACT_AMEND_INVALID:END_DATE_PASSED',
    );
    expect(amendContractDates({ status: 'DRAFT', ...dates }, { endDate: '2026-06-14' }, clock).ok).toBe(true);
  });
  it('TEN-4 terminal contracts, empty and malformed amendments are refused', () => {
    expect(
      codeOf(amendContractDates({ status: 'EXPIRED', ...dates }, { endDate: '2027-01-01' }, clock)),
    ).toBe('CONTRACT_TRANSITION_INVALID');
    expect(
      codeOf(amendContractDates({ status: 'TERMINATED', ...dates }, { endDate: '2027-01-01' }, clock)),
    ).toBe('CONTRACT_TRANSITION_INVALID');
    expect(codeOf(amendContractDates({ status: 'SIGNED', ...dates }, {}, clock))).toBe(
      'CONTRACT_AMEND_INVALID:NOTHING_TO_AMEND',
    );
    expect(codeOf(amendContractDates({ status: 'SIGNED', ...dates }, { endDate: '2026-02-30' }, clock))).toBe(
      'CONTRACT_AMEND_INVALID:DATE_INVALID',
    );
  });
});
