import { gaussian, mulberry32 } from '../analytics/prng';
import type { SymbolSeries } from './types';

export interface SyntheticUniverseOptions {
  readonly seed: number;
  /** Symbols in total (planted pairs, sparse and late symbols included). */
  readonly symbols: number;
  /** Bar intervals in the range. */
  readonly bars: number;
  readonly tfMs: number;
  /** Start of the first interval, ms. */
  readonly start: number;
  /** Cointegrated pairs to plant (two symbols each). */
  readonly planted: number;
  /** Probability that a symbol has no bar in an interval (no trade that minute). */
  readonly missing: number;
  /** Symbols with a bar in only ~70% of the intervals (fail a 0.9 coverage filter). */
  readonly sparse?: number;
  /** Symbols that start trading `lateBars` intervals before the end (fail the size filter). */
  readonly late?: number;
  readonly lateBars?: number;
}

export interface SyntheticUniverse {
  readonly series: SymbolSeries[];
  /** The planted pairs as [y, x]: ln y = c + β·ln x + an AR(1) spread. */
  readonly planted: [string, string][];
}

/** `S000USDT`, `S001USDT`, …: valid Binance-style names that sort in index order. */
export function syntheticSymbol(i: number): string {
  return `S${String(i).padStart(3, '0')}USDT`;
}

/**
 * A seeded universe of 1-minute-like closes for the scanner's fixtures and benchmark:
 * independent log random walks, a few planted cointegrated pairs (ln y = c + β ln x + u,
 * u AR(1) with φ = 0.8), and optionally symbols that trade too rarely or start too late to
 * be tested. Missing intervals are left out (a bar exists only where there was a trade).
 * Closes are rounded to 8 significant digits, as prices on an exchange are.
 */
export function syntheticUniverse(opts: SyntheticUniverseOptions): SyntheticUniverse {
  const rnd = mulberry32(opts.seed);
  const g = gaussian(rnd);
  const n = opts.bars;
  const sparse = opts.sparse ?? 0;
  const late = opts.late ?? 0;
  const lateBars = opts.lateBars ?? Math.floor(n / 4);
  if (opts.planted * 2 + sparse + late > opts.symbols) throw new RangeError('more special symbols than symbols');
  const lnPaths: Float64Array[] = [];
  const walk = (): Float64Array => {
    const p = new Float64Array(n);
    let v = Math.log(1 + 999 * rnd());
    for (let t = 0; t < n; t++) {
      v += 0.001 * g();
      p[t] = v;
    }
    return p;
  };
  const planted: [string, string][] = [];
  for (let k = 0; k < opts.planted; k++) {
    const x = walk();
    const beta = 0.5 + rnd();
    const c = 2 * rnd() - 1;
    const y = new Float64Array(n);
    let u = 0;
    for (let t = 0; t < n; t++) {
      u = 0.8 * u + 0.0005 * g();
      y[t] = c + beta * x[t]! + u;
    }
    lnPaths.push(y, x);
    planted.push([syntheticSymbol(2 * k), syntheticSymbol(2 * k + 1)]);
  }
  while (lnPaths.length < opts.symbols) lnPaths.push(walk());

  const series: SymbolSeries[] = lnPaths.map((p, i) => {
    const isSparse = i >= opts.symbols - sparse - late && i < opts.symbols - late;
    const isLate = i >= opts.symbols - late;
    const miss = isSparse ? 0.3 : opts.missing;
    const ts: number[] = [];
    const close: number[] = [];
    for (let t = isLate ? n - lateBars : 0; t < n; t++) {
      if (rnd() < miss) continue;
      ts.push(opts.start + t * opts.tfMs);
      close.push(Number(Math.exp(p[t]!).toPrecision(8)));
    }
    return { symbol: syntheticSymbol(i), ts, close };
  });
  return { series, planted };
}
