import { describe, expect, it } from 'vitest';
import type { SplitStatus } from '@chargeflow/core';
import { recordStatus } from './split-records.js';

const of = (...statuses: SplitStatus[]) => recordStatus(statuses.map((status) => ({ status })));

describe('a split record’s status from its parts (SPL-1)', () => {
  it('SPL-1: REVERSING wins, then all REVERSED, then PROCESSING, then FAILED, else SUCCEEDED', () => {
    expect(of('SUCCEEDED', 'REVERSING', 'REVERSED')).toBe('REVERSING');
    expect(of('REVERSED', 'REVERSED')).toBe('REVERSED');
    expect(of('FAILED', 'PROCESSING', 'SUCCEEDED')).toBe('PROCESSING');
    expect(of('PENDING', 'SUCCEEDED')).toBe('PROCESSING');
    expect(of('SUCCEEDED', 'FAILED')).toBe('FAILED');
    expect(of('SUCCEEDED', 'SUCCEEDED')).toBe('SUCCEEDED');
  });

  it('SPL-1: a partly failed reversal (one part back to SUCCEEDED) leaves the split SUCCEEDED, reversible again', () => {
    expect(of('REVERSED', 'SUCCEEDED')).toBe('SUCCEEDED');
  });

  it('SPL-1: a split without parts (the lead merchant keeps everything) is SUCCEEDED at once', () => {
    expect(of()).toBe('SUCCEEDED');
  });
});
