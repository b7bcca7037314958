// `npm test`: every check a change must pass, in the order that fails fastest:
// lint → per-layer typecheck → vitest (unit, integration, realdata) → Playwright e2e.
// Ends with one plain line "tests: N passed, N failed, N skipped" over both runners.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);
const results = resolve(root, 'test-results');
mkdirSync(results, { recursive: true });

function step(title, cmd, args, opts = {}) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status === 0;
}

const dataDir = process.env.TICKSCOPE_DATA_DIR ?? resolve(root, '..', 'shared', 'data');
const haveData = existsSync(resolve(dataDir, 'binance-um'));
console.log(
  haveData
    ? `real-data suite: will run on the recordings at ${dataDir}`
    : `real-data suite: SKIPPED — no recordings at ${dataDir} (set TICKSCOPE_DATA_DIR to run it)`,
);

const failures = [];
if (!step('lint', bin('eslint'), ['--max-warnings', '0', 'src', 'tests', 'scripts', 'bin'])) failures.push('lint');
if (
  !step('format (prettier --check)', bin('prettier'), [
    '--check',
    'src',
    'tests',
    'scripts',
    'bin',
    '*.ts',
    'eslint.config.js',
  ])
)
  failures.push('format');
if (!step('typecheck (one tsconfig per layer)', process.execPath, ['scripts/typecheck.mjs']))
  failures.push('typecheck');

// Build once, first: the Electron security scan reads out/main, and the e2e specs load
// the built renderer and main (Playwright's global setup then skips its own build).
if (!step('build (electron-vite)', process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build']))
  failures.push('build');
process.env.TICKSCOPE_SKIP_BUILD = '1';

const vitestJson = resolve(results, 'vitest.json');
rmSync(vitestJson, { force: true });
if (
  !step('vitest: unit, integration, realdata', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
  ])
)
  failures.push('vitest');

const pwJson = resolve(results, 'playwright.json');
rmSync(pwJson, { force: true });
if (!step('playwright: browser e2e (Chromium) and Electron e2e', bin('playwright'), ['test']))
  failures.push('playwright');

let passed = 0,
  failed = 0,
  skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
}
if (existsSync(pwJson)) {
  const report = JSON.parse(readFileSync(pwJson, 'utf8'));
  const p = report.stats;
  passed += p.expected + p.flaky;
  failed += p.unexpected;
  skipped += p.skipped;
  // Say which e2e tests skipped and why (e.g. no Electron binary on this machine).
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const why = (t.annotations ?? [])
          .map((a) => a.description)
          .filter(Boolean)
          .join('; ');
        console.log(`skipped e2e: ${spec.title}${why ? ` — ${why}` : ''}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
}
if (failures.length) console.log(`\nfailed steps: ${failures.join(', ')}`);
if (!haveData) console.log('note: the real-data suite was skipped (no recordings found)');
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failures.length ? 1 : 0);
