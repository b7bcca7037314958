import { describe, expect, it } from 'vitest';
import { pairAnalytics } from '../../../../src/core/analytics/pairAnalytics';
import { RollingSpread, type RollingSpreadValue } from '../../../../src/core/analytics/rollingSpread';
import {
  normalizeSpread,
  windowSpread,
  type HedgeMethod,
  type SpreadMode,
} from '../../../../src/core/analytics/spreadDefinition';
import type { BarLike } from '../../../../src/core/analytics/types';
import { P_ABS, expectClose, loadFixture, type CritJson } from './fixtures';

// Expected values: scripts/fixtures/spread_fixtures.py (statsmodels / scipy).
interface DefinitionExpected {
  mode: SpreadMode;
  hedge: HedgeMethod;
  hedgeRatio: { alpha: number; beta: number };
  ols: { alpha: number; beta: number; r2: number };
  spread: { last: number; mean: number; std: number; z: number };
  adf: { stat: number; pvalue: number; usedlag: number; nobs: number; crit: CritJson; icbest: number };
  halfLife: number | null;
  coint: { stat: number; pvalue: number; crit: CritJson } | null;
}
interface RollingExpected {
  end: number;
  alpha: number;
  beta: number;
  r2: number;
  spread: number;
  spreadStd: number;
  z: number;
  hedgeAlpha: number;
  hedgeBeta: number;
  kalmanBeta: number;
  kalmanAlpha: number;
}
interface SpreadFixture {
  window: number;
  snapshot: Record<string, Record<string, DefinitionExpected>>;
  rolling: { case: string; window: number; theilSenEvery: number; points: Record<string, RollingExpected[]> };
}
const fx = loadFixture<SpreadFixture>('spread-modes.json');
const synth = loadFixture<{ cases: Record<string, { y: number[]; x: number[] }> }>('synthetic.json');

function bars(symbol: string, closes: number[]): BarLike[] {
  return closes.map((c, i) => ({
    symbol,
    ts: 1_700_000_000_000 + i * 1000,
    open: c,
    high: c,
    low: c,
    close: c,
    volume: 1,
    quoteVolume: c,
  }));
}

function parseKey(key: string): { mode: SpreadMode; hedge: HedgeMethod } {
  const [mode, hedge] = key.split('/') as [SpreadMode, HedgeMethod];
  return { mode, hedge };
}

/** Every figure a definition changes, against statsmodels / scipy. */
export function expectDefinition(v: ReturnType<typeof valueOf>, e: DefinitionExpected, label: string): void {
  expect(v.mode, label).toBe(e.mode);
  expect(v.hedge, label).toBe(e.hedge);
  // A residual is a difference of nearly equal terms (ln prices ~10, residuals ~1e-4), and an
  // OLS residual mean is 0 up to rounding: spread levels are compared in units of their std.
  const tiny = 1e-6 * e.spread.std;
  expectClose(v.hedgeRatio?.alpha, e.hedgeRatio.alpha, `${label} hedge alpha`, 1e-6, 1e-12);
  expectClose(v.hedgeRatio?.beta, e.hedgeRatio.beta, `${label} hedge beta`);
  expectClose(v.ols?.alpha, e.ols.alpha, `${label} ols alpha`);
  expectClose(v.ols?.beta, e.ols.beta, `${label} ols beta`);
  expectClose(v.ols?.r2, e.ols.r2, `${label} ols r2`);
  expectClose(v.spread?.last, e.spread.last, `${label} spread last`, 1e-6, tiny);
  expectClose(v.spread?.mean, e.spread.mean, `${label} spread mean`, 1e-6, tiny);
  expectClose(v.spread?.std, e.spread.std, `${label} spread std`);
  expectClose(v.spread?.z, e.spread.z, `${label} z`, 1e-6, 1e-6);
  expectClose(v.adf?.stat, e.adf.stat, `${label} adf stat`);
  expectClose(v.adf?.pvalue, e.adf.pvalue, `${label} adf p`, 0, P_ABS);
  expect(v.adf?.usedlag, `${label} adf lag`).toBe(e.adf.usedlag);
  expectClose(v.halfLife, e.halfLife, `${label} half-life`);
  if (e.coint === null) expect(v.coint, label).toBeNull();
  else {
    expectClose(v.coint?.stat, e.coint.stat, `${label} coint stat`);
    expectClose(v.coint?.pvalue, e.coint.pvalue, `${label} coint p`, 0, P_ABS);
  }
}

function valueOf(r: ReturnType<typeof pairAnalytics>) {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('pairAnalytics under each spread definition (statsmodels / scipy reference)', () => {
  for (const [name, defs] of Object.entries(fx.snapshot)) {
    const y = synth.cases[name]!.y.slice(-fx.window);
    const x = synth.cases[name]!.x.slice(-fx.window);
    for (const [key, e] of Object.entries(defs)) {
      it(`${name} ${key}`, () => {
        const v = valueOf(pairAnalytics(bars('AAA', y), bars('BBB', x), fx.window, { tf: '1s', ...parseKey(key) }));
        expectDefinition(v, e, `${name} ${key}`);
      });
    }
  }

  it('defaults to raw OLS: the figures of a call that names no definition are unchanged', () => {
    const y = synth.cases.cointegrated!.y.slice(-fx.window);
    const x = synth.cases.cointegrated!.x.slice(-fx.window);
    const plain = valueOf(pairAnalytics(bars('AAA', y), bars('BBB', x), fx.window));
    const named = valueOf(pairAnalytics(bars('AAA', y), bars('BBB', x), fx.window, { mode: 'raw', hedge: 'ols' }));
    expect(plain).toEqual(named);
    expect(plain.hedgeRatio).toEqual({ alpha: plain.ols!.alpha, beta: plain.ols!.beta });
  });

  it('ratio mode fixes beta = 1, alpha = 0 and ignores the hedge method', () => {
    expect(normalizeSpread('ratio', 'kalman')).toEqual({ mode: 'ratio', hedge: 'ols' });
    const y = synth.cases.large_price!.y.slice(-fx.window);
    const x = synth.cases.large_price!.x.slice(-fx.window);
    const v = valueOf(pairAnalytics(bars('AAA', y), bars('BBB', x), fx.window, { mode: 'ratio', hedge: 'theil-sen' }));
    expect(v.hedge).toBe('ols');
    expect(v.hedgeRatio).toEqual({ alpha: 0, beta: 1 });
    expectClose(v.spread?.last, Math.log(y.at(-1)! / x.at(-1)!), 'ratio spread last');
  });

  it('a Theil–Sen hedge is computed even when live snapshots skip the robust estimates', () => {
    const y = synth.cases.cointegrated!.y.slice(-fx.window);
    const x = synth.cases.cointegrated!.x.slice(-fx.window);
    const v = valueOf(
      pairAnalytics(bars('AAA', y), bars('BBB', x), fx.window, { hedge: 'theil-sen', skipRobust: true }),
    );
    expect(v.robust.theilSen).toEqual(v.hedgeRatio);
    expect(v.robust.huber).toBeNull();
  });

  it('refuses log-price definitions on a non-positive price, saying why', () => {
    const r = windowSpread([1, 2, -3, 4], [1, 2, 3, 4], { mode: 'log', hedge: 'ols' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/> 0/);
  });
});

/** Same figures up to the rounding of a different order of O(1) updates. */
function expectSamePoint(a: RollingSpreadValue, b: RollingSpreadValue, label: string): void {
  for (const k of Object.keys(b) as (keyof RollingSpreadValue)[]) {
    const scale = k === 'spread' ? (b.spreadStd ?? 0) : 0;
    expectClose(a[k], b[k], `${label} ${k}`, 1e-9, 1e-9 * scale);
  }
}

describe('RollingSpread: the rolling series under each definition', () => {
  const { y, x } = synth.cases[fx.rolling.case]!;
  const W = fx.rolling.window;
  for (const [key, rows] of Object.entries(fx.rolling.points)) {
    it(`${key}: every checkpoint matches the batch reference`, () => {
      const { mode, hedge } = parseKey(key);
      const r = new RollingSpread(W, mode, hedge);
      const byEnd = new Map(rows.map((row) => [row.end, row]));
      let checked = 0;
      for (let i = 0; i < y.length; i++) {
        r.add(y[i]!, x[i]!);
        if (i < W - 1) expect(r.point().z).toBeNull();
        const e = byEnd.get(i);
        if (!e) continue;
        const p = r.point();
        const l = `${key} @${i}`;
        expectClose(p.alpha, e.alpha, `${l} alpha`);
        expectClose(p.beta, e.beta, `${l} beta`);
        expectClose(p.r2, e.r2, `${l} r2`);
        expectClose(p.spread, e.spread, `${l} spread`, 1e-6, 1e-6 * e.spreadStd);
        expectClose(p.spreadStd, e.spreadStd, `${l} spreadStd`);
        expectClose(p.z, e.z, `${l} z`, 1e-6, 1e-6);
        expectClose(p.hedgeAlpha, e.hedgeAlpha, `${l} hedge alpha`, 1e-6, 1e-12);
        expectClose(p.hedgeBeta, e.hedgeBeta, `${l} hedge beta`);
        expectClose(p.kalmanBeta, e.kalmanBeta, `${l} kalman beta`);
        expectClose(p.kalmanAlpha, e.kalmanAlpha, `${l} kalman alpha`);
        checked++;
      }
      expect(checked).toBe(rows.length);
    });
  }

  for (const key of Object.keys(fx.rolling.points)) {
    it(`${key}: a forming point replaced many times ends where adding it once does`, () => {
      const { mode, hedge } = parseKey(key);
      const live = new RollingSpread(W, mode, hedge);
      const batch = new RollingSpread(W, mode, hedge);
      const n = W + 2 * fx.rolling.theilSenEvery + 5;
      for (let i = 0; i < n; i++) {
        // The forming bar wanders before it closes at the recorded prices.
        live.add(y[i]! * 1.001, x[i]!);
        live.replace(y[i]!, x[i]! * 0.999);
        live.replace(y[i]!, x[i]!);
        batch.add(y[i]!, x[i]!);
        expectSamePoint(live.point(), batch.point(), `${key} @${i}`);
      }
    });
  }

  it('reset() starts the window afresh: figures are null for the first W − 1 points again', () => {
    const r = new RollingSpread(W, 'log', 'kalman');
    for (let i = 0; i < W + 10; i++) r.add(y[i]!, x[i]!);
    expect(r.point().kalmanBeta).not.toBeNull();
    r.reset();
    for (let i = 0; i < W - 1; i++) r.add(y[i]!, x[i]!);
    expect(r.point().kalmanBeta).toBeNull();
    r.add(y[W - 1]!, x[W - 1]!);
    const first = fx.rolling.points['log/kalman']![0]!;
    expectClose(r.point().kalmanBeta, first.kalmanBeta, 'kalman beta after reset');
  });

  it('rejects a non-positive price in log mode and a bad re-fit cadence', () => {
    expect(() => new RollingSpread(W, 'log', 'ols').add(-1, 2)).toThrow(/positive/);
    expect(() => new RollingSpread(W, 'raw', 'theil-sen', { theilSenEvery: 0 })).toThrow(/theilSenEvery/);
  });
});

describe('RollingSpread checkpoints: a live pair rewinds to a point without replaying the segment', () => {
  const { y, x } = synth.cases[fx.rolling.case]!;
  const W = fx.rolling.window;
  for (const key of Object.keys(fx.rolling.points)) {
    it(`${key}: restore(checkpoint, last W points and their spreads) then continuing equals never stopping`, () => {
      const { mode, hedge } = parseKey(key);
      const full = new RollingSpread(W, mode, hedge);
      const cps: ReturnType<RollingSpread['checkpoint']>[] = [];
      const spreads: (number | null)[] = [];
      for (let i = 0; i < y.length; i++) {
        full.add(y[i]!, x[i]!);
        cps.push(full.checkpoint());
        spreads.push(full.lastSpread());
        // What a live pair does once per segment: the first window's spreads exist from its W-th point.
        if (i === W - 1) spreads.splice(0, W, ...full.windowSpreads());
      }
      // Rewind points inside the warm-up, at the W-th point, just after a Theil–Sen re-fit, and later.
      for (const at of [W - 5, W - 1, W + fx.rolling.theilSenEvery, 1000]) {
        const r = new RollingSpread(W, mode, hedge);
        const lo = Math.max(0, at - W + 1);
        r.restore(cps[at]!, { y: y.slice(lo, at + 1), x: x.slice(lo, at + 1), spread: spreads.slice(lo, at + 1) });
        const again = new RollingSpread(W, mode, hedge);
        for (let i = 0; i <= at; i++) again.add(y[i]!, x[i]!);
        expectSamePoint(r.point(), again.point(), `${key} restored at ${at}`);
        for (let i = at + 1; i < at + 2 * fx.rolling.theilSenEvery + 3; i++) {
          r.add(y[i]! * 1.0005, x[i]!);
          r.replace(y[i]!, x[i]!);
          again.add(y[i]!, x[i]!);
          expectSamePoint(r.point(), again.point(), `${key} restored at ${at}, then @${i}`);
        }
      }
    });
  }
});
