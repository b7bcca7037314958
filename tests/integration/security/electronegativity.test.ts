import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/serveProcess';

// Electronegativity (Doyensec's Electron security scanner) over the main process and the
// preload, asserting no HIGH-severity finding. Main and preload are scanned as one tree:
// its global checks (navigation limits, permission handler, CSP) look across all files.

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string };
  manualReview: boolean;
}
interface ScanResult {
  atomicChecks: number;
  globalChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
}
type Run = (options: Record<string, unknown>) => Promise<ScanResult>;

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity') as Run;
const electronVersion = (require('electron/package.json') as { version: string }).version;

const scan = (input: string) =>
  run({
    input,
    isRelative: true,
    // From our devDependency; otherwise it guesses from package.json.
    electronVersionOverride: electronVersion,
    // This check downloads Electron's release list; tests stay offline. Dependency
    // freshness is `npm audit`'s job in .ci/run.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });

const high = (r: ScanResult) => r.issues.filter((i) => i.severity.name === 'HIGH');
const describeFindings = (list: Finding[]) =>
  list.map((i) => `${i.id} ${i.severity.name}/${i.confidence.name} ${i.file}:${i.location.line}`).join('\n');

const newestMtime = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }, 0);

let tree: string;
let sources: ScanResult;
beforeAll(async () => {
  tree = mkdtempSync(join(tmpdir(), 'tickscope-eneg-'));
  cpSync(join(REPO_ROOT, 'src/main'), join(tree, 'main'), { recursive: true });
  cpSync(join(REPO_ROOT, 'src/preload'), join(tree, 'preload'), { recursive: true });
  sources = await scan(tree);
});
afterAll(() => rmSync(tree, { recursive: true, force: true }));

describe('Electronegativity', () => {
  it('parses every main and preload file and runs its checks', () => {
    expect(sources.atomicChecks).toBeGreaterThan(20);
    expect(sources.errors.filter((e) => !e.tolerable)).toEqual([]);
  });

  it('finds no HIGH-severity issue in src/main and src/preload', () => {
    expect(describeFindings(high(sources))).toBe('');
  });

  it('sees the lock-downs it looks for across the tree (navigation, permissions)', () => {
    const ids = sources.issues.map((i) => i.id);
    expect(ids).not.toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
    expect(ids).not.toContain('PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK');
  });

  // The built bundle is what ships; scan it when a build exists that is newer than the
  // sources (a stale out/ would report on code that no longer exists).
  const outMain = join(REPO_ROOT, 'out/main');
  const fresh =
    existsSync(join(outMain, 'index.js')) && newestMtime(outMain) >= newestMtime(join(REPO_ROOT, 'src/main'));
  it.runIf(fresh)('finds no HIGH-severity issue in the built out/main bundle', async () => {
    expect(describeFindings(high(await scan(outMain)))).toBe('');
  });
});
