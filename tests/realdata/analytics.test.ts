import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignPair } from '../../src/core/analytics/align';
import { pairAnalytics } from '../../src/core/analytics/pairAnalytics';
import { theilSen } from '../../src/core/analytics/robust';
import type { PairAnalytics } from '../../src/core/analytics/pairAnalytics';
import { barsFromTradesCsv, haveRecordings, recordingsDir } from '../support/realdataBars';
import type { CsvBar } from '../support/realdataBars';
import type { RealdataPairFixture, WindowExpected } from '../unit/core/analytics/fixtures';
import { P_ABS, expectClose, expectCrit, loadFixture } from '../unit/core/analytics/fixtures';

interface RealdataFixture {
  pairs: RealdataPairFixture[];
}

const dir = recordingsDir();
const present = haveRecordings(dir);
if (!present) console.warn(`real-data suite skipped: no recordings at ${dir}; set TICKSCOPE_DATA_DIR`);

const fx = loadFixture<RealdataFixture>('realdata-expected.json');

function expectWindow(v: PairAnalytics, e: WindowExpected, label: string): void {
  expect(v.n, `${label} n`).toBe(e.n);
  expect(v.end, `${label} end`).toBe(e.end);
  for (const [sym, s] of Object.entries(e.stats)) {
    const a = v.stats[sym];
    expect(a, `${label} stats.${sym}`).toBeTruthy();
    for (const k of ['last', 'mean', 'std', 'high', 'low', 'vwap', 'return'] as const)
      expectClose(a?.[k], s[k], `${label} stats.${sym}.${k}`);
  }
  expectClose(v.ols?.alpha, e.ols.alpha, `${label} ols.alpha`);
  expectClose(v.ols?.beta, e.ols.beta, `${label} ols.beta`);
  expectClose(v.ols?.r2, e.ols.r2, `${label} ols.r2`);
  expectClose(v.spread?.last, e.spread.last, `${label} spread.last`, 1e-6, 1e-9 * e.spread.std);
  expectClose(v.spread?.mean, e.spread.mean, `${label} spread.mean`, 0, 1e-6 * e.spread.std);
  expectClose(v.spread?.std, e.spread.std, `${label} spread.std`);
  expectClose(v.spread?.z, e.spread.z, `${label} spread.z`);
  expectClose(v.correlation, e.correlation, `${label} correlation`);
  expect(v.adf?.usedlag, `${label} adf.usedlag`).toBe(e.adf.usedlag);
  expect(v.adf?.nobs, `${label} adf.nobs`).toBe(e.adf.nobs);
  expectClose(v.adf?.stat, e.adf.stat, `${label} adf.stat`);
  expectClose(v.adf?.pvalue, e.adf.pvalue, `${label} adf.pvalue`, 0, P_ABS);
  expectClose(v.adf?.icbest, e.adf.icbest, `${label} adf.icbest`);
  if (v.adf) expectCrit(v.adf.crit, e.adf.crit, `${label} adf`);
  expect(v.coint === null).toBe(e.coint === null);
  if (v.coint && e.coint) {
    expectClose(v.coint.stat, e.coint.stat, `${label} coint.stat`);
    expectClose(v.coint.pvalue, e.coint.pvalue, `${label} coint.pvalue`, 0, P_ABS);
    expectCrit(v.coint.crit, e.coint.crit, `${label} coint`);
  }
  expectClose(v.halfLife, e.halfLife, `${label} halfLife`);
  expectClose(v.kalman?.beta, e.kalman.beta, `${label} kalman.beta`);
  expectClose(v.kalman?.alpha, e.kalman.alpha, `${label} kalman.alpha`);
  expectClose(v.kalman?.error, e.kalman.error, `${label} kalman.error`);
  expectClose(v.kalman?.errorStd, e.kalman.errorStd, `${label} kalman.errorStd`);
  expectClose(v.kalman?.betaLog, e.kalman.betaLog, `${label} kalman.betaLog`);
  expectClose(v.kalman?.alphaLog, e.kalman.alphaLog, `${label} kalman.alphaLog`);
  if (e.robust.theilSen) {
    expectClose(v.robust.theilSen?.beta, e.robust.theilSen.beta, `${label} theilSen.beta`);
    expectClose(v.robust.theilSen?.alpha, e.robust.theilSen.alpha, `${label} theilSen.alpha`);
  }
  expectClose(v.robust.huber?.beta, e.robust.huber.beta, `${label} huber.beta`);
  expectClose(v.robust.huber?.alpha, e.robust.huber.alpha, `${label} huber.alpha`);
}

describe.skipIf(!present)('pair analytics on the Binance recordings (vs statsmodels on the same 1 s bars)', () => {
  describe.each(fx.pairs.map((p) => [p.period, p] as const))('%s', (_period, p) => {
    // Read lazily: the suite body is collected even when it is skipped.
    let cache: { yBars: CsvBar[]; xBars: CsvBar[] } | null = null;
    const bars = (): { yBars: CsvBar[]; xBars: CsvBar[] } =>
      (cache ??= {
        yBars: barsFromTradesCsv(join(dir, 'binance-um', p.files.y), p.y),
        xBars: barsFromTradesCsv(join(dir, 'binance-um', p.files.x), p.x),
      });

    it('builds the same bars and aligned series', () => {
      const { yBars, xBars } = bars();
      expect(yBars.length).toBe(p.bars[p.y]);
      expect(xBars.length).toBe(p.bars[p.x]);
      const a = alignPair(yBars, xBars);
      expect(a.ts.length).toBe(p.aligned.n);
      expect(a.ts[0]).toBe(p.aligned.first);
      expect(a.ts[a.ts.length - 1]).toBe(p.aligned.last);
      expectClose(
        a.y.reduce((s, v) => s + v, 0),
        p.aligned.ySum,
        'ySum',
        1e-12,
      );
      expectClose(
        a.x.reduce((s, v) => s + v, 0),
        p.aligned.xSum,
        'xSum',
        1e-12,
      );
    });

    it.each(p.windows.map((w) => [w.window, w.to ?? 'latest', w] as const))('window %i ending at %s', (_w, _to, w) => {
      const { yBars, xBars } = bars();
      const r = pairAnalytics(yBars, xBars, w.window, { tf: p.tf, ...(w.to === undefined ? {} : { to: w.to }) });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.y).toBe(p.y);
      expect(r.value.x).toBe(p.x);
      expect(r.value.window).toBe(w.window);
      expectWindow(r.value, w, `W=${w.window}`);
    });

    it('Theil–Sen large-window path agrees with scipy on tick-rounded prices (many x ties)', () => {
      const { yBars, xBars } = bars();
      const a = alignPair(yBars, xBars);
      const full = p.windows.find((w) => w.window === p.aligned.n);
      if (!full?.robust.theilSen) throw new Error('fixture has no full-series Theil–Sen');
      const t = theilSen(a.y, a.x, { exactMaxPoints: 0 });
      expect(t.ok).toBe(true);
      if (!t.ok) return;
      expectClose(t.beta, full.robust.theilSen.beta, 'beta');
      expectClose(t.alpha, full.robust.theilSen.alpha, 'alpha');
    });

    it('refuses a window longer than the aligned history, saying how many points exist', () => {
      const { yBars, xBars } = bars();
      const r = pairAnalytics(yBars, xBars, p.aligned.n + 1, { tf: p.tf });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.available).toBe(p.aligned.n);
        expect(r.message).toContain(String(p.aligned.n));
      }
    });
  });
});
