import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/engine/import/importFiles';
import { openStore } from '../../../src/engine/store/sqliteStore';
import { runCli } from '../../support/cliRun';
import { haveRecordings, recordingsDir } from '../../support/realdataBars';
import { P_ABS, expectClose, expectCrit, loadFixture, type CritJson } from '../../unit/core/analytics/fixtures';

const dir = recordingsDir();
const present = haveRecordings(dir);
if (!present)
  console.warn(
    `analyze --mode/--hedge real-data suite skipped: no recordings at ${join(dir, 'binance-um')}; set TICKSCOPE_DATA_DIR`,
  );

// Expected values: scripts/fixtures/spread_fixtures.py (statsmodels / scipy on the recordings).
interface DefinitionExpected {
  mode: string;
  hedge: string;
  hedgeRatio: { alpha: number; beta: number };
  ols: { alpha: number; beta: number; r2: number };
  spread: { last: number; mean: number; std: number; z: number };
  adf: { stat: number; pvalue: number; usedlag: number; nobs: number; crit: CritJson };
  halfLife: number | null;
  coint: { stat: number; pvalue: number; crit: CritJson } | null;
}
interface Period {
  period: string;
  y: string;
  x: string;
  tf: string;
  window: number;
  end: number;
  definitions: Record<string, DefinitionExpected>;
}
const fx = loadFixture<{ realdata?: Period[] }>('spread-modes.json');
const periods = fx.realdata ?? [];

describe.skipIf(!present || periods.length === 0)(
  'tickscope analyze --mode --hedge on the Binance recordings (vs statsmodels)',
  () => {
    let tmp: string;
    const dbs = new Map<string, string>();

    beforeAll(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'tickscope-analyze-spread-'));
      for (const p of periods) {
        const path = join(tmp, `${p.period}.db`);
        const store = openStore(path);
        try {
          const files = [p.y, p.x].map((s) => join(dir, 'binance-um', `${s}-um-${p.period}-trades.csv`));
          const report = await importFiles(files, { store, timeframes: ['1s'] });
          expect(report.rejected).toBe(0);
        } finally {
          store.close();
        }
        dbs.set(p.period, path);
      }
    });
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    const cases = periods.flatMap((p) =>
      Object.entries(p.definitions).map(([key, e]) => [p.period, key, p, e] as const),
    );
    it.each(cases)('%s %s', async (_period, key, p, e) => {
      const r = await runCli([
        'analyze',
        '--y',
        p.y,
        '--x',
        p.x,
        '--tf',
        p.tf,
        '--window',
        String(p.window),
        '--mode',
        e.mode,
        '--hedge',
        e.hedge,
        '--json',
        '--db',
        dbs.get(p.period)!,
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const v = JSON.parse(r.stdout);
      const l = `${p.period} ${key}`;
      expect([v.mode, v.hedge, v.end]).toEqual([e.mode, e.hedge, p.end]);
      // Spread levels are residuals (differences of nearly equal terms): compared in units of their std.
      const tiny = 1e-6 * e.spread.std;
      expectClose(v.hedgeRatio?.alpha, e.hedgeRatio.alpha, `${l} hedge alpha`, 1e-6, 1e-12);
      expectClose(v.hedgeRatio?.beta, e.hedgeRatio.beta, `${l} hedge beta`);
      for (const k of ['alpha', 'beta', 'r2'] as const) expectClose(v.ols?.[k], e.ols[k], `${l} ols.${k}`);
      expectClose(v.spread?.last, e.spread.last, `${l} spread.last`, 1e-6, tiny);
      expectClose(v.spread?.mean, e.spread.mean, `${l} spread.mean`, 1e-6, tiny);
      expectClose(v.spread?.std, e.spread.std, `${l} spread.std`);
      expectClose(v.spread?.z, e.spread.z, `${l} spread.z`, 1e-6, 1e-6);
      expect(v.adf?.usedlag, `${l} adf.usedlag`).toBe(e.adf.usedlag);
      expectClose(v.adf?.stat, e.adf.stat, `${l} adf.stat`);
      expectClose(v.adf?.pvalue, e.adf.pvalue, `${l} adf.pvalue`, 0, P_ABS);
      expectCrit(v.adf.crit, e.adf.crit, `${l} adf`);
      expectClose(v.halfLife, e.halfLife, `${l} halfLife`);
      expect(v.coint === null).toBe(e.coint === null);
      if (e.coint) {
        expectClose(v.coint.stat, e.coint.stat, `${l} coint.stat`);
        expectClose(v.coint.pvalue, e.coint.pvalue, `${l} coint.pvalue`, 0, P_ABS);
      }
    });
  },
);
