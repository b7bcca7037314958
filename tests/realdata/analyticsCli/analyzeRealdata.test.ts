import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/engine/import/importFiles';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { runCli } from '../../support/cliRun';
import { haveRecordings, recordingsDir } from '../../support/realdataBars';
import {
  P_ABS,
  expectClose,
  expectCrit,
  loadFixture,
  type RealdataPairFixture,
  type WindowExpected,
} from '../../unit/core/analytics/fixtures';

const dir = recordingsDir();
const present = haveRecordings(dir);
if (!present)
  console.warn(`analyze real-data suite skipped: no recordings at ${join(dir, 'binance-um')}; set TICKSCOPE_DATA_DIR`);
const fx = loadFixture<{ pairs: RealdataPairFixture[] }>('realdata-expected.json');

const tmp = mkdtempSync(join(tmpdir(), 'tickscope-analyze-real-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The statsmodels figures of one window against what `tickscope analyze --json` printed. */
function expectWindow(v: unknown, e: WindowExpected, label: string): void {
  const a = v as WindowExpected;
  expect(a.n, `${label} n`).toBe(e.n);
  expect(a.end, `${label} end`).toBe(e.end);
  for (const [sym, s] of Object.entries(e.stats)) {
    for (const k of ['last', 'mean', 'std', 'high', 'low', 'vwap', 'return'] as const)
      expectClose(a.stats[sym]?.[k], s[k], `${label} stats.${sym}.${k}`);
  }
  for (const k of ['alpha', 'beta', 'r2'] as const) expectClose(a.ols?.[k], e.ols[k], `${label} ols.${k}`);
  expectClose(a.spread?.z, e.spread.z, `${label} spread.z`);
  expectClose(a.spread?.std, e.spread.std, `${label} spread.std`);
  expectClose(a.correlation, e.correlation, `${label} correlation`);
  expect(a.adf?.usedlag, `${label} adf.usedlag`).toBe(e.adf.usedlag);
  expect(a.adf?.nobs, `${label} adf.nobs`).toBe(e.adf.nobs);
  expectClose(a.adf?.stat, e.adf.stat, `${label} adf.stat`);
  expectClose(a.adf?.pvalue, e.adf.pvalue, `${label} adf.pvalue`, 0, P_ABS);
  expectCrit(a.adf!.crit, e.adf.crit, `${label} adf`);
  expect(a.coint === null).toBe(e.coint === null);
  if (a.coint && e.coint) {
    expectClose(a.coint.stat, e.coint.stat, `${label} coint.stat`);
    expectClose(a.coint.pvalue, e.coint.pvalue, `${label} coint.pvalue`, 0, P_ABS);
  }
  expectClose(a.halfLife, e.halfLife, `${label} halfLife`);
  for (const k of ['beta', 'alpha', 'error', 'errorStd'] as const)
    expectClose(a.kalman?.[k], e.kalman[k], `${label} kalman.${k}`);
  if (e.robust.theilSen) expectClose(a.robust.theilSen?.beta, e.robust.theilSen.beta, `${label} theilSen.beta`);
  expectClose(a.robust.huber?.beta, e.robust.huber.beta, `${label} huber.beta`);
}

describe.skipIf(!present)('tickscope analyze on the imported Binance recordings (vs statsmodels)', () => {
  describe.each(fx.pairs.map((p) => [p.period, p] as const))('%s', (_period, p) => {
    const dbPath = join(tmp, `${p.period}.db`);
    const ensureDb = async (): Promise<void> => {
      if (existsSync(dbPath)) return;
      const store = openStore(dbPath);
      try {
        // The market-data engineer's importer: the same path `tickscope import` takes.
        const report = await importFiles([join(dir, 'binance-um', p.files.y), join(dir, 'binance-um', p.files.x)], {
          store,
          timeframes: ['1s'],
        });
        expect(report.rejected).toBe(0);
        expect(store.getBars({ symbol: p.y, tf: '1s' })).toHaveLength(p.bars[p.y]!);
        expect(store.getBars({ symbol: p.x, tf: '1s' })).toHaveLength(p.bars[p.x]!);
      } finally {
        store.close();
      }
    };

    it.each(p.windows.map((w) => [w.window, w.to ?? 'latest', w] as const))(
      'window %i ending at %s',
      async (_w, _to, w) => {
        await ensureDb();
        const args = [
          'analyze',
          '--y',
          p.y,
          '--x',
          p.x,
          '--tf',
          p.tf,
          '--window',
          String(w.window),
          '--json',
          '--db',
          dbPath,
        ];
        if (w.to !== undefined) args.push('--to', String(w.to));
        const r = await runCli(args);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const v = JSON.parse(r.stdout);
        expect([v.y, v.x, v.tf, v.window]).toEqual([p.y, p.x, p.tf, w.window]);
        expectWindow(v, w, `${p.period} W=${w.window}`);
      },
    );

    it('a window longer than the history exits 1 saying how many aligned points exist', async () => {
      await ensureDb();
      const r = await runCli([
        'analyze',
        '--y',
        p.y,
        '--x',
        p.x,
        '--tf',
        p.tf,
        '--window',
        String(p.aligned.n + 1),
        '--db',
        dbPath,
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`only ${p.aligned.n} aligned points`);
    });
  });
});
