import type { PricedTrade } from './fills';
import type { BacktestBars } from './types';

export interface EquityCurve {
  /** E_t at the close of each point, USDT. */
  readonly equity: Float64Array;
  /** The position held at the close of each point: 1 long spread, −1 short, 0 flat. */
  readonly position: Int8Array;
}

/**
 * E_t (../shared/specs/backtest.md, "Money"): the net PnL of trades whose exit filled at or
 * before point t, plus for the position open at the close of t its mark at the closes of t
 * less its entry fees and the funding booked so far. Positions never overlap, so this is
 * O(points).
 */
export function equityCurve(trades: readonly PricedTrade[], bars: BacktestBars): EquityCurve {
  const L = bars.ts.length;
  const equity = new Float64Array(L);
  const position = new Int8Array(L);
  const realizedAt = new Float64Array(L + 1);
  for (const tr of trades) {
    if (tr.exitIndex < L) realizedAt[tr.exitIndex] += tr.net;
    const sign = tr.side === 'long' ? 1 : -1;
    const end = Math.min(tr.exitIndex, L);
    let k = 0;
    let booked = 0;
    for (let t = tr.entryIndex; t < end; t++) {
      while (k < tr.bookings.length && tr.bookings[k]!.index <= t) booked += tr.bookings[k++]!.amount;
      const mark = sign * (tr.qY * (bars.yClose[t]! - tr.entryY) - tr.qX * (bars.xClose[t]! - tr.entryX));
      equity[t] = mark - tr.entryFees - booked;
      position[t] = sign;
    }
  }
  let realized = 0;
  for (let t = 0; t < L; t++) {
    realized += realizedAt[t]!;
    equity[t] += realized;
  }
  return { equity, position };
}
