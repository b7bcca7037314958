import { defineConfig } from '@playwright/test';

// Browser e2e runs the real renderer in Debian's Chromium against `tickscope serve`
// (the Electron binary cannot be downloaded on these machines). The Electron spec runs
// the same flow under `_electron.launch` where an Electron binary exists, and reports a
// skip with the reason where it does not.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  globalSetup: './tests/e2e/support/globalSetup.ts',
  use: {
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
