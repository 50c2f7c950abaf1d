import { describe, expect, it } from 'vitest';
import { silentLogger } from '../kafka/ports.js';
import { Closers } from './closers.js';

describe('Closers (composition roots close what they opened)', () => {
  it('closes newest first, keeps going past a failing close, and closes nothing twice', async () => {
    const closed: string[] = [];
    const logged: unknown[] = [];
    const closers = new Closers({ ...silentLogger, error: (fields: object) => logged.push(fields) });
    closers.add(async () => closed.push('database'));
    closers.add(async () => {
      throw new Error('kafka stuck');
    });
    closers.add(async () => closed.push('temporal'));

    await closers.closeAll();
    await closers.closeAll();

    expect(closed).toEqual(['temporal', 'database']);
    expect(logged).toHaveLength(1);
  });
});
