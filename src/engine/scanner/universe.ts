import { sortedSymbols } from '../../core/scanner/pairs';
import { timeframeMs, type Timeframe } from '../../shared/market';
import type { SqliteTickStore } from '../store/sqliteStore';
import type { ScanLegData } from './messages';

/** What to scan: symbols (or every symbol with bars), a timeframe and a range. */
export interface UniverseRequest {
  readonly symbols: readonly string[] | 'all';
  readonly tf: Timeframe;
  /** Bar starts in [from, to); both or neither. */
  readonly from?: number;
  readonly to?: number;
  /** Without from/to: the last `bars` intervals ending at the latest stored bar (default 1440). */
  readonly bars?: number;
}

export interface Universe {
  readonly symbols: string[];
  readonly tf: Timeframe;
  readonly from: number;
  readonly to: number;
  /** Each symbol's bars in [from, to), sorted by symbol name. */
  readonly legs: ScanLegData[];
}

/** The request cannot be scanned (unknown symbol, no data, one symbol): one clear line. */
export class ScanInputError extends Error {}

export const DEFAULT_SCAN_BARS = 1440;

/** Most bars (all symbols together) one scan loads: every worker holds a copy of every leg
 * (times and closes as received, times and ln closes prepared: 32 bytes a bar), so a day of
 * 1s bars for 200 symbols (17 M bars) would not fit in two workers and the main thread. */
export const MAX_SCAN_POINTS = 10_000_000;

const fmt = (ms: number): string => new Date(ms).toISOString();

/**
 * Resolves a scan request against the store (../shared/specs/scanner.md, Input): the range,
 * the universe, and each symbol's closes in the range, read once here and then shipped to
 * every worker. Fails with ScanInputError rather than scanning something the user did not ask.
 */
export function loadUniverse(store: SqliteTickStore, req: UniverseRequest, maxPoints = MAX_SCAN_POINTS): Universe {
  const tfMs = timeframeMs(req.tf);
  const stored = new Set(store.listSymbols());
  if (req.symbols !== 'all') {
    const unknown = req.symbols.filter((s) => !stored.has(s));
    if (unknown.length > 0)
      throw new ScanInputError(
        `unknown symbol${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: nothing stored for ${unknown.length > 1 ? 'them' : 'it'} in ${store.path}`,
      );
  }
  const candidates = req.symbols === 'all' ? [...stored] : sortedSymbols(req.symbols);
  const lastBar = store.db
    .prepare('SELECT max(b.ts) FROM bars b JOIN symbols s ON s.id = b.sym WHERE s.name = ? AND b.tf = ?')
    .pluck();
  let from: number;
  let to: number;
  if (req.from !== undefined && req.to !== undefined) {
    from = req.from;
    to = req.to;
  } else {
    let latest = -Infinity;
    for (const s of candidates) {
      const t = lastBar.get(s, req.tf) as number | null;
      if (t !== null && t > latest) latest = t;
    }
    if (latest === -Infinity)
      throw new ScanInputError(
        `no ${req.tf} bars stored for ${req.symbols === 'all' ? 'any symbol' : candidates.join(', ')}`,
      );
    to = latest + tfMs;
    from = to - (req.bars ?? DEFAULT_SCAN_BARS) * tfMs;
  }
  const legs: ScanLegData[] = [];
  const empty: string[] = [];
  const countBars = store.db
    .prepare(
      'SELECT count(*) FROM bars b JOIN symbols s ON s.id = b.sym WHERE s.name = ? AND b.tf = ? AND b.ts >= ? AND b.ts < ?',
    )
    .pluck();
  const counts = candidates.map((s) => countBars.get(s, req.tf, from, to) as number);
  const points = counts.reduce((sum, n) => sum + n, 0);
  if (points > maxPoints) {
    throw new ScanInputError(
      `too much to scan at once: ${points.toLocaleString('en-US')} ${req.tf} bars over ${counts.filter((n) => n > 0).length} symbols (at most ${maxPoints.toLocaleString('en-US')}); ` +
        'use a shorter range, a longer timeframe or fewer symbols',
    );
  }
  for (const symbol of sortedSymbols(candidates)) {
    const bars = store.getBars({ symbol, tf: req.tf, from, to: to - 1 });
    if (bars.length === 0) {
      empty.push(symbol);
      continue;
    }
    const ts = new Float64Array(bars.length);
    const close = new Float64Array(bars.length);
    for (let i = 0; i < bars.length; i++) {
      ts[i] = bars[i]!.ts;
      close[i] = bars[i]!.close;
    }
    legs.push({ symbol, ts, close });
  }
  const range = `[${fmt(from)}, ${fmt(to)})`;
  if (req.symbols !== 'all' && empty.length > 0)
    throw new ScanInputError(`no ${req.tf} bars of ${empty.join(', ')} in ${range}`);
  if (legs.length === 0) throw new ScanInputError(`no ${req.tf} bars of any symbol in ${range}`);
  if (legs.length === 1)
    throw new ScanInputError(
      `a scan needs at least two symbols; only ${legs[0]!.symbol} has ${req.tf} bars in ${range}`,
    );
  return { symbols: legs.map((l) => l.symbol), tf: req.tf, from, to, legs };
}
