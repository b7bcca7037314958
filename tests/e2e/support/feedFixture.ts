import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CointegratedPairSim } from '../../../src/core/sim/cointegratedPair';
import { mergeByEventTime, tradesFromMessages, tradesFromTicks, type FakeTrade } from '../../support/fakeBinance';
import { REPO_ROOT } from '../../support/serveProcess';

export interface FeedFixture {
  /** Where the trades came from, for the test's log. */
  origin: 'recordings' | 'synthetic';
  trades: FakeTrade[];
  symbols: string[];
}

const DATA = process.env.TICKSCOPE_DATA_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'data');
const WINDOW = '20240718T2357-20240719T0005';

/**
 * What the fake Binance server replays: the real BTCUSDT/ETHUSDT recordings when present
 * (always on CI), else our own seeded simulation in the same wire format, so the browser
 * e2e also runs on a user's fresh clone.
 */
export function loadFeedFixture(): FeedFixture {
  const files = ['BTCUSDT', 'ETHUSDT'].map((s) => resolve(DATA, `binance-um/${s}-um-${WINDOW}-trade-stream.jsonl`));
  if (files.every((f) => existsSync(f))) {
    const lists = files.map((f) => tradesFromMessages(readFileSync(f, 'utf8').split('\n')));
    return { origin: 'recordings', trades: mergeByEventTime(...lists), symbols: ['BTCUSDT', 'ETHUSDT'] };
  }
  const start = Date.UTC(2024, 6, 18, 23, 57);
  const sim = new CointegratedPairSim({ seed: 11, startMs: start });
  return { origin: 'synthetic', trades: tradesFromTicks(sim.advance(start + 8 * 60_000)), symbols: sim.symbols };
}
