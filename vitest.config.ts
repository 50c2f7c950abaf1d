import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources, so tests never need a build first.
const src = (dir: string): string => fileURLToPath(new URL(`./${dir}/src/index.ts`, import.meta.url));
const alias = {
  '@chargeflow/core': src('packages/core'),
  '@chargeflow/workflows': src('packages/workflows'),
  '@chargeflow/adapters': src('packages/adapters'),
  '@chargeflow/api': src('apps/api'),
  '@chargeflow/worker': src('apps/worker'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['packages/*/test/integration/**/*.test.ts', 'apps/*/test/integration/**/*.test.ts'],
          environment: 'node',
          // The production workflow bundle, built once per run for every file (not once per file).
          globalSetup: ['packages/workflows/test/support/global-bundle.ts'],
          // Services are shared; files run one at a time so timings and ports stay predictable.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // Long runs on the real services, not part of `npm test` (`npm run test:on-demand`).
          name: 'on-demand',
          include: ['packages/*/test/on-demand/**/*.test.ts', 'apps/*/test/on-demand/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 900_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
