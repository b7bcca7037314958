import { lowerBoundBy } from '../../shared/sorted';
import type { BacktestBars, FundingEvent, PairFunding, Side } from './types';

/** Funding booked into the equity of one point: positive = paid. */
export interface FundingBooking {
  readonly index: number;
  readonly amount: number;
}

export interface FundingTradeInput {
  readonly bars: BacktestBars;
  readonly side: Side;
  readonly qY: number;
  readonly qX: number;
  readonly entryIndex: number;
  /** Entry fill time (the open of the entry point). */
  readonly entryTs: number;
  /** Exit fill time; for an `end` exit, the last close time. */
  readonly exitTs: number;
  /** Entry fill prices: the mark before the position has seen a close. */
  readonly entryY: number;
  readonly entryX: number;
}

/**
 * Funding over one position (../shared/specs/backtest.md, "Money"): at each funding time T
 * of a leg with entryTs ≤ T < exitTs, a long leg pays qty·mark·rate and a short leg
 * receives it (a negative rate reverses both). The mark is the leg's close at the last
 * point closed by T, or the entry fill price when no point has closed since the entry;
 * the payment is booked in the first point whose close is after T.
 */
export function tradeFunding(
  t: FundingTradeInput,
  funding: PairFunding,
): { total: number; bookings: FundingBooking[] } {
  const byIndex = new Map<number, number>();
  let total = 0;
  const legs = [
    { events: funding.y, qty: t.qY, long: t.side === 'long', close: t.bars.yClose, entry: t.entryY },
    { events: funding.x, qty: t.qX, long: t.side === 'short', close: t.bars.xClose, entry: t.entryX },
  ];
  for (const leg of legs) {
    for (let k = firstAtOrAfter(leg.events, t.entryTs); k < leg.events.length; k++) {
      const ev = leg.events[k]!;
      if (ev.ts >= t.exitTs) break;
      // The last point whose close time (start + tf) is ≤ T.
      const closed = lastAtOrBefore(t.bars.ts, ev.ts - t.bars.tfMs);
      const mark = closed >= t.entryIndex ? leg.close[closed]! : leg.entry;
      const payment = leg.qty * mark * ev.rate;
      const paid = leg.long ? payment : -payment;
      total += paid;
      byIndex.set(closed + 1, (byIndex.get(closed + 1) ?? 0) + paid);
    }
  }
  const bookings = [...byIndex].map(([index, amount]) => ({ index, amount })).sort((a, b) => a.index - b.index);
  return { total, bookings };
}

/** Index of the first event with ts ≥ t. */
function firstAtOrAfter(events: readonly FundingEvent[], t: number): number {
  return lowerBoundBy(events, t, (e) => e.ts);
}

/** Index of the last element ≤ v (−1 when none). */
function lastAtOrBefore(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The events of a list inside [from, to), ascending (for reports: how many fall in a range). */
export function eventsInRange(events: readonly FundingEvent[], from: number, to: number): FundingEvent[] {
  const out: FundingEvent[] = [];
  for (let k = firstAtOrAfter(events, from); k < events.length && events[k]!.ts < to; k++) out.push(events[k]!);
  return out;
}
