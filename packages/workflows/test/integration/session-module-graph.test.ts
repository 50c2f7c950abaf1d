// Every cached workflow instantiates its own copy of the bundle modules it loads (the SDK's reused
// V8 context keeps a module cache per workflow), except the modules preloaded once for the whole
// worker (./src/shared-modules.ts, decision 0017), so what a session's module graph holds outside the
// preload is memory per open session (decisions 0016, 0017). This walks the real bundle's static
// requires from the entry and from the preload.
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../support/harness.js';

const ENTRY = './packages/workflows/src/workflows.ts';
const SHARED = './packages/workflows/src/shared-modules.ts';
const MODULE = /^\/\*\*\*\/ "([^"]+)"$/gm;
const REQUIRE = /__webpack_require__\(\/\*! [^*]* \*\/ "([^"]+)"\)/g;
const LAZY = /import\(\) eager \*\/\)\.then\(\(\) => \(__webpack_require__\(\/\*! [^*]* \*\/ "([^"]+)"\)/g;

/** Module id → the ids it requires when it is evaluated (an eager `import()` is not followed). */
function staticRequires(code: string): Map<string, Set<string>> {
  const starts = [...code.matchAll(MODULE)].map((m) => ({ id: m[1]!, at: m.index }));
  const graph = new Map<string, Set<string>>();
  starts.forEach(({ id, at }, i) => {
    const body = code.slice(at, starts[i + 1]?.at ?? code.length);
    const lazy = new Set([...body.matchAll(LAZY)].map((m) => m[1]!));
    graph.set(id, new Set([...body.matchAll(REQUIRE)].map((m) => m[1]!).filter((r) => !lazy.has(r))));
  });
  return graph;
}

function reachable(graph: Map<string, Set<string>>, from: string): Set<string> {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const next of graph.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

describe('the session workflows’ module graph (decision 0016, §14: memory per open session)', () => {
  let graph: Map<string, Set<string>>;
  let loaded: Set<string>;
  beforeAll(async () => {
    graph = staticRequires((await bundleWorkflows()).code);
    loaded = reachable(graph, ENTRY);
  }, 120_000);

  it('§14 TAR-2 a workflow loads neither zod nor luxon (tariff parsed and UTC offsets computed by the caller)', () => {
    expect(loaded.has('./packages/workflows/src/charging/workflows.ts')).toBe(true);
    expect(loaded.has('./packages/workflows/src/ebike/workflow.ts')).toBe(true);
    expect([...loaded].filter((id) => /node_modules\/(zod|luxon)\//.test(id))).toEqual([]);
  });

  it('§14 every module a workflow loads when it starts is preloaded once for the worker, zod and luxon too (decision 0017)', () => {
    const shared = reachable(graph, SHARED);
    expect(shared.has('./packages/core/src/index.ts')).toBe(true);
    expect([...shared].some((id) => id.includes('node_modules/zod/'))).toBe(true);
    expect([...shared].some((id) => id.includes('node_modules/luxon/'))).toBe(true);
    const perWorkflow = [...loaded].filter((id) => !shared.has(id));
    expect(perWorkflow).toEqual([]);
  });

  it('§14 the contract workflow (luxon, zod) is in the bundle but loaded only when a contract runs', () => {
    expect(graph.has('./packages/workflows/src/contracts/workflow.ts')).toBe(true);
    expect(loaded.has('./packages/workflows/src/contracts/workflow.ts')).toBe(false);
    const contract = reachable(graph, './packages/workflows/src/contracts/workflow.ts');
    expect([...contract].some((id) => id.includes('node_modules/luxon/'))).toBe(true);
  });
});
