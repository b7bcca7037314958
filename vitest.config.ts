import { defineConfig } from 'vitest/config';

// Three suites: unit (pure, self-contained), integration (fake Binance on loopback, SQLite
// files, child processes; self-contained), realdata (reads the Binance recordings from
// TICKSCOPE_DATA_DIR or ../shared/data, and says it skipped when they are absent).
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'realdata', include: ['tests/realdata/**/*.test.ts'] } },
    ],
  },
});
