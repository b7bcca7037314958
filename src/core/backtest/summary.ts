import type { EquityCurve } from './equity';
import type { Summary, Trade } from './types';

const MS_PER_YEAR = 365 * 86_400_000;

export interface SummaryContext {
  /** W: returns, exposure and Sharpe run over points W…L−1. */
  readonly window: number;
  readonly tfMs: number;
  readonly notional: number;
}

/** The spec's summary figures (../shared/specs/backtest.md, "Report"). */
export function summarize(
  trades: readonly Trade[],
  curve: EquityCurve,
  noCosts: EquityCurve,
  ctx: SummaryContext,
): Summary {
  let net = 0;
  let gross = 0;
  let fees = 0;
  let funding = 0;
  let wins = 0;
  let held = 0;
  let maxHeld = 0;
  for (const t of trades) {
    net += t.net;
    gross += t.gross;
    fees += t.fees;
    funding += t.funding;
    if (t.net > 0) wins++;
    held += t.barsHeld;
    maxHeld = Math.max(maxHeld, t.barsHeld);
  }
  const n = trades.length;
  const dd = maxDrawdown(curve.equity);
  return {
    netPnl: net,
    grossPnl: gross,
    returnPct: (net / ctx.notional) * 100,
    trades: n,
    winRate: n > 0 ? wins / n : null,
    avgBarsHeld: n > 0 ? held / n : null,
    maxBarsHeld: n > 0 ? maxHeld : null,
    exposure: exposure(curve.position, ctx.window),
    fees,
    funding,
    maxDrawdown: dd,
    maxDrawdownPct: (dd / ctx.notional) * 100,
    sharpe: sharpe(curve.equity, ctx),
    sharpeNoCosts: sharpe(noCosts.equity, ctx),
  };
}

/** Largest fall from the running peak of max(0, E), in USDT. */
export function maxDrawdown(equity: ArrayLike<number>): number {
  let peak = 0;
  let worst = 0;
  for (let t = 0; t < equity.length; t++) {
    const e = equity[t]!;
    if (e > peak) peak = e;
    if (peak - e > worst) worst = peak - e;
  }
  return worst;
}

/** Share of points W…L−1 that end in a position; null when there are none. */
export function exposure(position: ArrayLike<number>, window: number): number | null {
  const n = position.length - window;
  if (n <= 0) return null;
  let inPosition = 0;
  for (let t = window; t < position.length; t++) if (position[t] !== 0) inPosition++;
  return inPosition / n;
}

/**
 * mean(r)/std(r, ddof 1)·sqrt(bars per year) over r_t = (E_t − E_(t−1))/notional, t = W…L−1
 * (E is 0 before W). Null with fewer than two returns or when they never vary.
 */
export function sharpe(equity: ArrayLike<number>, ctx: SummaryContext): number | null {
  const first = ctx.window;
  const n = equity.length - first;
  if (n < 2) return null;
  let sum = 0;
  let prev = 0; // E before W is 0: the first fill is at point W at the earliest
  const r = new Float64Array(n);
  for (let t = first; t < equity.length; t++) {
    const e = equity[t]!;
    r[t - first] = (e - prev) / ctx.notional;
    sum += r[t - first]!;
    prev = e;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (r[i]! - mean) * (r[i]! - mean);
  const std = Math.sqrt(ss / (n - 1));
  if (!(std > 0)) return null;
  return (mean / std) * Math.sqrt(MS_PER_YEAR / ctx.tfMs);
}
