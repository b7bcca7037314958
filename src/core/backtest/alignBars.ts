import { alignPair } from '../analytics/align';
import type { BarLike } from '../analytics/types';
import type { BacktestBars } from './types';

/**
 * The pair's aligned points (alignPair: union of bar starts, closes carried forward,
 * leading points where a leg has no value dropped) plus each leg's open at every point and
 * whether the leg has a bar of its own there. A carried-forward leg opens at its carried
 * close: that is the price a fill at that point gets (../shared/specs/backtest.md).
 *
 * Both legs' bars must be ascending by `ts`; a repeated start keeps the later bar, as
 * alignPair does.
 */
export function alignBacktestBars(yBars: readonly BarLike[], xBars: readonly BarLike[], tfMs: number): BacktestBars {
  const pair = alignPair(yBars, xBars);
  const y = legOpens(pair.ts, pair.y, yBars);
  const x = legOpens(pair.ts, pair.x, xBars);
  return {
    tfMs,
    ts: pair.ts,
    yOpen: y.open,
    yClose: pair.y,
    xOpen: x.open,
    xClose: pair.x,
    yHasBar: y.has,
    xHasBar: x.has,
  };
}

function legOpens(
  ts: readonly number[],
  close: readonly number[],
  bars: readonly BarLike[],
): { open: number[]; has: boolean[] } {
  const open = new Array<number>(ts.length);
  const has = new Array<boolean>(ts.length);
  let i = 0;
  for (let k = 0; k < ts.length; k++) {
    const t = ts[k]!;
    while (i < bars.length && bars[i]!.ts < t) i++;
    let own: BarLike | undefined;
    while (i < bars.length && bars[i]!.ts === t) own = bars[i++];
    has[k] = own !== undefined;
    open[k] = own !== undefined ? own.open : close[k]!;
  }
  return { open, has };
}

/** The points with index in [from, to) as their own BacktestBars (shares nothing mutable). */
export function slicePoints(bars: BacktestBars, from: number, to: number): BacktestBars {
  return {
    tfMs: bars.tfMs,
    ts: bars.ts.slice(from, to),
    yOpen: bars.yOpen.slice(from, to),
    yClose: bars.yClose.slice(from, to),
    xOpen: bars.xOpen.slice(from, to),
    xClose: bars.xClose.slice(from, to),
    yHasBar: bars.yHasBar.slice(from, to),
    xHasBar: bars.xHasBar.slice(from, to),
  };
}
