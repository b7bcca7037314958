import type { Database } from 'better-sqlite3';
import type { FundingEvent, PairFunding } from '../../core/backtest/index';
import type { Bar, Timeframe } from '../../shared/market';
import type { BarReader } from '../analytics/barReader';
import { fundingRateStore } from '../store/fundingRates';

/** Both legs' bars with from ≤ start < to (either end open), ascending. */
export function loadPairBars(
  reader: BarReader,
  q: { y: string; x: string; tf: Timeframe; from?: number; to?: number },
): { y: Bar[]; x: Bar[] } {
  // The store's `to` is inclusive; a backtest range is [from, to).
  const to = q.to === undefined ? undefined : q.to - 1;
  return {
    y: reader.getBars({ symbol: q.y, tf: q.tf, from: q.from, to }),
    x: reader.getBars({ symbol: q.x, tf: q.tf, from: q.from, to }),
  };
}

export interface PairFundingLoad {
  /** null: no funding counted at all. */
  readonly funding: PairFunding | null;
  /** Funding events found per leg in the range. */
  readonly counts: { readonly y: number; readonly x: number };
  /** One line per leg whose funding is not counted, saying why. */
  readonly notes: string[];
}

/**
 * The stored funding events of both legs with from ≤ T < to (`--funding auto`), and a note
 * for each leg that has none there: the backtest then runs without that leg's funding and
 * says so rather than pretending it was zero.
 */
export function loadPairFunding(
  db: Database,
  legs: { y: string; x: string },
  from: number,
  to: number,
): PairFundingLoad {
  const table = fundingRateStore(db);
  const range = `${new Date(from).toISOString()} – ${new Date(to).toISOString()}`;
  if (!table) {
    return {
      funding: null,
      counts: { y: 0, x: 0 },
      notes: [
        `no funding rates in this database (it predates them): funding not counted; run tickscope fetch funding or import fundingRate files`,
      ],
    };
  }
  const notes: string[] = [];
  const leg = (symbol: string): FundingEvent[] => {
    const events = table.list(symbol, from, to).map((r) => ({ ts: r.ts, rate: r.rate }));
    if (events.length > 0) return events;
    const covered = table.latest(symbol, undefined, from) !== null && table.latest(symbol, to) !== null;
    notes.push(
      covered
        ? `no ${symbol} funding time falls in ${range} (the stored rates span it): no funding for that leg`
        : `no ${symbol} funding rates stored for ${range}: its funding is not counted (tickscope fetch funding --symbols ${symbol}, or import its fundingRate files)`,
    );
    return events;
  };
  const y = leg(legs.y);
  const x = leg(legs.x);
  return { funding: { y, x }, counts: { y: y.length, x: x.length }, notes };
}
