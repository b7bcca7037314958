import type { Tick } from '../../src/shared/market';

/** The project's one seeded PRNG (mulberry32), so synthetic data is the same on every run. */
import { mulberry32 as seededRandom } from '../../src/core/sim/prng';

export { seededRandom };

export interface SyntheticOptions {
  symbol?: string;
  count: number;
  seed?: number;
  firstId?: number;
  startMs?: number;
  /** Mean milliseconds between trades (exponential-ish gaps, several trades may share a ms). */
  meanGapMs?: number;
  startPrice?: number;
}

/** A random-walk trade stream with consecutive ids and non-decreasing trade times. */
export function syntheticTicks(opts: SyntheticOptions): Tick[] {
  const rnd = seededRandom(opts.seed ?? 1);
  const symbol = opts.symbol ?? 'BTCUSDT';
  const meanGap = opts.meanGapMs ?? 50;
  let ts = opts.startMs ?? 1_723_161_256_000;
  let price = opts.startPrice ?? 60_000;
  const out: Tick[] = [];
  for (let i = 0; i < opts.count; i++) {
    ts += Math.floor(-Math.log(1 - rnd()) * meanGap);
    price = Math.max(1, price + (rnd() - 0.5) * price * 0.0004);
    out.push({
      symbol,
      tradeId: (opts.firstId ?? 1_000_000) + i,
      ts,
      price: Math.round(price * 10) / 10,
      size: Math.round((0.001 + rnd() * rnd() * 2) * 1000) / 1000,
      isBuyerMaker: rnd() < 0.5,
    });
  }
  return out;
}

/** The exact combined-stream frame Binance sends for a tick. */
export function tickToFrame(t: Tick, stream: 'aggTrade' | 'trade' = 'aggTrade'): string {
  const lower = t.symbol.toLowerCase();
  if (stream === 'trade') {
    return JSON.stringify({
      stream: `${lower}@trade`,
      data: {
        e: 'trade',
        E: t.ts + 1,
        T: t.ts,
        s: t.symbol,
        t: t.tradeId,
        p: t.price.toFixed(2),
        q: t.size.toFixed(3),
        X: 'MARKET',
        m: t.isBuyerMaker,
      },
    });
  }
  return JSON.stringify({
    stream: `${lower}@aggTrade`,
    data: {
      e: 'aggTrade',
      E: t.ts + 1,
      a: t.tradeId,
      s: t.symbol,
      p: t.price.toFixed(2),
      q: t.size.toFixed(3),
      nq: t.size.toFixed(3),
      f: t.tradeId * 2,
      l: t.tradeId * 2 + 1,
      T: t.ts,
      m: t.isBuyerMaker,
    },
  });
}

/** Merges several symbols' ticks into arrival order (by time, then symbol). */
export function interleave(...streams: Tick[][]): Tick[] {
  return streams
    .flat()
    .sort((a, b) => a.ts - b.ts || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.tradeId - b.tradeId));
}

/** Independent bar reference: group by start, sort by (ts, id), fold. Deliberately naive. */
export function naiveBars(
  ticks: readonly Tick[],
  tfMs: number,
): Map<
  number,
  {
    open: number;
    high: number;
    low: number;
    close: number;
    volume: number;
    quoteVolume: number;
    trades: number;
    buyVolume: number;
  }
> {
  const groups = new Map<number, Tick[]>();
  for (const t of ticks) {
    const k = t.ts - (t.ts % tfMs);
    const g = groups.get(k) ?? [];
    g.push(t);
    groups.set(k, g);
  }
  const out = new Map<
    number,
    {
      open: number;
      high: number;
      low: number;
      close: number;
      volume: number;
      quoteVolume: number;
      trades: number;
      buyVolume: number;
    }
  >();
  for (const [k, g] of [...groups].sort((a, b) => a[0] - b[0])) {
    g.sort((a, b) => a.ts - b.ts || a.tradeId - b.tradeId);
    out.set(k, {
      open: g[0]!.price,
      close: g[g.length - 1]!.price,
      high: Math.max(...g.map((t) => t.price)),
      low: Math.min(...g.map((t) => t.price)),
      volume: g.reduce((s, t) => s + t.size, 0),
      quoteVolume: g.reduce((s, t) => s + t.price * t.size, 0),
      trades: g.length,
      buyVolume: g.reduce((s, t) => s + (t.isBuyerMaker ? 0 : t.size), 0),
    });
  }
  return out;
}
