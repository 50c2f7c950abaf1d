import { describe, expect, it } from 'vitest';
import doc from '../../../../docs/domain/lifecycles.md?raw';
import { LIFECYCLES, mermaidBlock } from './catalog.js';
import { edgesOf, toMermaid } from './table.js';

describe('lifecycle docs match the transition tables', () => {
  it.each(LIFECYCLES.map((l) => [l.rules, l.spec.name, l.spec] as const))(
    '%s: the %s diagram in docs/domain/lifecycles.md is generated from its table',
    (_rules, _name, spec) => {
      expect(doc).toContain(mermaidBlock(spec));
    },
  );

  it('ORD-7 toMermaid draws every allowed edge and no ignored one', () => {
    const car = LIFECYCLES[0]?.spec;
    if (car === undefined) throw new Error('no car lifecycle');
    const text = toMermaid(car);
    for (const { from, to, event } of edgesOf(car))
      expect(text).toMatch(new RegExp(`${from} --> ${to}: [^\\n]*${event}`));
    expect(text).not.toMatch(/COMPLETED --> \w+:/);
  });
});
