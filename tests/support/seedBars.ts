import { writeFileSync } from 'node:fs';
import { CointegratedPairSim } from '../../src/core/sim/cointegratedPair';
import { openStore } from '../../src/engine/store/sqliteStore';
import type { Bar } from '../../src/shared/market';
import { aggTradeFrame, tradesFromTicks } from './fakeBinance/trades';

export interface SeedBarsOptions {
  /** Seconds of 1 s bars per leg. */
  count: number;
  /** The seeded range ends here (ms, on a whole second). */
  endMs: number;
  seed?: number;
  /** Also write the pair's next `ms` of trades, after endMs, as a recorded stream log
   * (aggTrade combined-stream JSONL) to `file`: `serve --source replay FILE --speed 1`
   * then streams them live into the seeded database. */
  continuation?: { file: string; ms: number };
}

/**
 * Stores 1 s bars of the tests' simulated pair (BTCUSDT, ETHUSDT) for `count` seconds
 * ending at `endMs`, folded here from the simulation's ticks (spec: [t, t + 1 s)). Ticks
 * are not stored: a dashboard over a long stored history is what this sets up, fast.
 */
export function seedBars(dbPath: string, opts: SeedBarsOptions): void {
  const end = opts.endMs;
  const start = end - opts.count * 1000;
  const sim = new CointegratedPairSim({ seed: opts.seed ?? 7, startMs: start });
  const store = openStore(dbPath);
  const open = new Map<string, Bar>();
  let batch: Bar[] = [];
  const close = (b: Bar) => {
    b.vwap = b.quoteVolume / b.volume;
    batch.push(b);
  };
  // An hour of ticks at a time keeps memory flat.
  for (let t = start; t < end; t = Math.min(end, t + 3_600_000)) {
    for (const tick of sim.advance(Math.min(end, t + 3_600_000))) {
      const ts = Math.floor(tick.ts / 1000) * 1000;
      let b = open.get(tick.symbol);
      if (b && b.ts !== ts) {
        close(b);
        b = undefined;
      }
      if (!b) {
        b = {
          symbol: tick.symbol,
          tf: '1s',
          ts,
          open: tick.price,
          high: tick.price,
          low: tick.price,
          close: tick.price,
          volume: 0,
          quoteVolume: 0,
          trades: 0,
          vwap: 0,
          buyVolume: 0,
        };
        open.set(tick.symbol, b);
      }
      b.high = Math.max(b.high, tick.price);
      b.low = Math.min(b.low, tick.price);
      b.close = tick.price;
      b.volume += tick.size;
      b.quoteVolume += tick.price * tick.size;
      b.trades++;
      if (!tick.isBuyerMaker) b.buyVolume += tick.size;
    }
    store.upsertBars(batch);
    batch = [];
  }
  for (const b of open.values()) close(b);
  store.upsertBars(batch);
  store.close();
  if (opts.continuation) {
    const next = tradesFromTicks(sim.advance(end + opts.continuation.ms));
    writeFileSync(opts.continuation.file, next.map((t) => aggTradeFrame(t) + '\n').join(''));
  }
}
