import { gaussian, mulberry32 } from './prng';
import { adfuller } from './adf';
import type { AdfFit } from './adf';
import { coint } from './coint';
import type { CointFit } from './coint';
import { RollingPair } from './rolling';
import type { Result } from './types';
import { theilSen } from './robust';
import type { LineFit } from './robust';

/**
 * Inputs and workloads for `tickscope bench` (the timing harness lives outside this pure
 * layer, which has no clock). The series look like 1 s BTC/ETH closes: ETH a random walk
 * around 3000, BTC ≈ 20·ETH plus a mean-reverting spread, around 60000.
 */
export interface BenchPair {
  readonly y: Float64Array;
  readonly x: Float64Array;
}

export function makeBenchPair(n = 86_400, seed = 42): BenchPair {
  const g = gaussian(mulberry32(seed));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let px = 3000;
  let u = 0;
  for (let i = 0; i < n; i++) {
    px += 0.3 * g();
    u = 0.98 * u + 2 * g();
    x[i] = px;
    y[i] = 20 * px + u;
  }
  return { y, x };
}

/** ADF with AIC lag search on the BTC-like leg (86,400 points by default). */
export function benchAdf(pair: BenchPair): Result<AdfFit> {
  return adfuller(pair.y, { regression: 'c' });
}

/** Engle–Granger on the pair. */
export function benchCoint(pair: BenchPair): Result<CointFit> {
  return coint(pair.y, pair.x);
}

/** Feeds every point of the pair through a RollingPair of the given window, reading the
 * result after each update as the live engine does; returns the updates performed. */
export function benchRolling(pair: BenchPair, window = 3600): number {
  const r = new RollingPair(window);
  let sink = 0;
  for (let i = 0; i < pair.y.length; i++) {
    r.add(pair.y[i], pair.x[i]);
    const v = r.getResult();
    if (v.ok) sink += v.z;
  }
  return sink === sink ? pair.y.length : 0;
}

/** Theil–Sen on the pair (86,400 points takes the bisection path). */
export function benchTheilSen(pair: BenchPair): Result<LineFit> {
  return theilSen(pair.y, pair.x);
}
