import { TIMEFRAMES, barStart, timeframeMs, type Bar, type Tick, type Timeframe } from '../../shared/market';
import { addTrade, newBarState, toBar, type BarState } from './barState';

/**
 * Looks up a bar the builder no longer holds in memory (an older bar touched by a late
 * trade, or the forming bar after a restart). The engine backs this with the store.
 */
export type BarStateLoader = (symbol: string, tf: Timeframe, ts: number) => BarState | null;

export interface BarBuilderOptions {
  readonly timeframes?: readonly Timeframe[];
  /**
   * Without a loader the builder keeps every bar it ever built in memory, which makes late
   * trades exact but grows without bound: fine for tests and one-off rebuilds only.
   */
  readonly load?: BarStateLoader;
}

interface SymbolBars {
  /** The newest bar per timeframe index. */
  readonly current: (BarState | undefined)[];
}

/**
 * Incremental bars for every timeframe, forming bar included. Each `apply` returns the bars
 * its ticks changed. Feed it each trade once (the store's insert tells which trades are
 * new); trades may arrive in any order and bars stay exact.
 */
export class BarBuilder {
  readonly timeframes: readonly Timeframe[];
  private readonly tfMs: number[];
  private readonly symbols = new Map<string, SymbolBars>();
  private readonly load: BarStateLoader;
  private readonly history: Map<string, BarState> | null;
  private stamp = new WeakMap<BarState, number>();
  private generation = 0;

  constructor(opts: BarBuilderOptions = {}) {
    this.timeframes = opts.timeframes ?? TIMEFRAMES;
    this.tfMs = this.timeframes.map(timeframeMs);
    if (opts.load) {
      this.load = opts.load;
      this.history = null;
    } else {
      const history = new Map<string, BarState>();
      this.history = history;
      this.load = (symbol, tf, ts) => history.get(barKey(symbol, tf, ts)) ?? null;
    }
  }

  /** Applies ticks and returns the changed bar states (with merge keys), each once. */
  applyStates(ticks: readonly Tick[]): BarState[] {
    const gen = ++this.generation;
    const changed: BarState[] = [];
    const touched = new Map<string, BarState>();
    const tfs = this.timeframes;
    const tfMs = this.tfMs;
    const n = tfs.length;
    let lastSymbol = '';
    let bars: SymbolBars | undefined;
    for (let i = 0; i < ticks.length; i++) {
      const t = ticks[i]!;
      if (t.symbol !== lastSymbol || bars === undefined) {
        lastSymbol = t.symbol;
        bars = this.symbols.get(t.symbol);
        if (bars === undefined) {
          bars = { current: new Array<BarState | undefined>(n).fill(undefined) };
          this.symbols.set(t.symbol, bars);
        }
      }
      for (let k = 0; k < n; k++) {
        const start = barStart(t.ts, tfMs[k]!);
        let s = bars.current[k];
        if (s === undefined || s.ts !== start) {
          const tf = tfs[k]!;
          const key = barKey(t.symbol, tf, start);
          const found = touched.get(key) ?? this.load(t.symbol, tf, start) ?? newBarState(t.symbol, tf, start);
          if (s === undefined || start > s.ts) bars.current[k] = found;
          s = found;
        }
        if (this.stamp.get(s) !== gen) {
          // Every bar touched in this call must be findable by key: a later tick of the
          // same call may reach it after `current` has moved on, and the store does not
          // hold this call's changes yet.
          this.stamp.set(s, gen);
          changed.push(s);
          const key = barKey(s.symbol, s.tf, s.ts);
          touched.set(key, s);
          if (this.history) this.history.set(key, s);
        }
        addTrade(s, t.ts, t.tradeId, t.price, t.size, t.isBuyerMaker);
      }
    }
    for (const s of changed) s.vwap = s.volume > 0 ? s.quoteVolume / s.volume : s.close;
    return changed;
  }

  /** Applies ticks and returns the changed bars, ascending by (symbol, timeframe, ts). */
  apply(ticks: readonly Tick[]): Bar[] {
    return sortBars(this.applyStates(ticks).map(toBar));
  }

  /** The forming (newest) bar of a symbol and timeframe, if any. */
  current(symbol: string, tf: Timeframe): Bar | null {
    const k = this.timeframes.indexOf(tf);
    const s = k < 0 ? undefined : this.symbols.get(symbol)?.current[k];
    return s ? toBar(s) : null;
  }

  /** Forgets in-memory bars (e.g. after an external rebuild rewrote the store). */
  reset(symbol?: string): void {
    if (symbol === undefined) {
      this.symbols.clear();
      this.history?.clear();
    } else {
      this.symbols.delete(symbol);
      if (this.history) for (const [k, s] of this.history) if (s.symbol === symbol) this.history.delete(k);
    }
    this.stamp = new WeakMap();
  }
}

export function barKey(symbol: string, tf: Timeframe, ts: number): string {
  return `${symbol}|${tf}|${ts}`;
}

const TF_ORDER = new Map<string, number>(TIMEFRAMES.map((tf, i) => [tf, i]));

/** Sorts bars by symbol, then timeframe (shortest first), then start time. */
export function sortBars<B extends Bar>(bars: B[]): B[] {
  return bars.sort((a, b) =>
    a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : TF_ORDER.get(a.tf)! - TF_ORDER.get(b.tf)! || a.ts - b.ts,
  );
}

/** Builds bars from scratch from a set of ticks (any order): the reference rebuild path. */
export function buildBars(ticks: Iterable<Tick>, timeframes: readonly Timeframe[] = TIMEFRAMES): Bar[] {
  const builder = new BarBuilder({ timeframes });
  const chunk: Tick[] = [];
  const all = new Map<string, BarState>();
  const flush = (): void => {
    for (const s of builder.applyStates(chunk)) all.set(barKey(s.symbol, s.tf, s.ts), s);
    chunk.length = 0;
  };
  for (const t of ticks) {
    chunk.push(t);
    if (chunk.length >= 10_000) flush();
  }
  flush();
  return sortBars([...all.values()].map(toBar));
}
