import type { CointegratedPairSim } from '../../core/sim/cointegratedPair';
import { demoPairSim } from '../../core/sim/demoPair';
import type { SymbolStatus } from '../../shared/contract';
import type { TickSink, TickSource } from '../ports';

export interface DemoFeedOptions {
  sink: TickSink;
  seed?: number;
  /** History generated at start so charts and analytics have a window at once. */
  historyMs?: number;
  /** How often the simulation catches up with the wall clock. */
  tickEveryMs?: number;
  now?: () => number;
}

/**
 * The offline demo: a seeded cointegrated pair (DEMOBTC on DEMOETH, see core/sim/demoPair)
 * streamed in real time, so `npm start` shows a working workstation with no network. The
 * engine gives it a throwaway database of its own: it never writes beside real trades.
 */
export class DemoFeed implements TickSource {
  readonly kind = 'demo' as const;
  private readonly sim: CointegratedPairSim;
  private timer: NodeJS.Timeout | null = null;
  private readonly counts = new Map<string, { stored: number; last: number | null; recent: number }>();
  private readonly now: () => number;
  private rateWindowStart: number;

  constructor(private readonly opts: DemoFeedOptions) {
    this.now = opts.now ?? Date.now;
    const start = this.now() - (opts.historyMs ?? 30 * 60_000);
    this.sim = demoPairSim({ seed: opts.seed, startMs: start });
    for (const s of this.sim.symbols) this.counts.set(s, { stored: 0, last: null, recent: 0 });
    this.rateWindowStart = this.now();
  }

  get symbols(): string[] {
    return this.sim.symbols;
  }

  async start(): Promise<void> {
    this.step();
    // The history generated at start is not a message rate: count from now on.
    for (const c of this.counts.values()) c.recent = 0;
    this.rateWindowStart = this.now();
    this.timer = setInterval(() => this.step(), this.opts.tickEveryMs ?? 200);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private step(): void {
    const ticks = this.sim.advance(this.now());
    if (ticks.length === 0) return;
    for (const t of ticks) {
      const c = this.counts.get(t.symbol);
      if (c) {
        c.stored++;
        c.recent++;
        c.last = t.ts;
      }
    }
    this.opts.sink.push(ticks);
  }

  status(): SymbolStatus[] {
    const elapsed = Math.max(1, (this.now() - this.rateWindowStart) / 1000);
    const out = [...this.counts].map(([symbol, c]) => ({
      symbol,
      state: this.timer ? ('live' as const) : ('stopped' as const),
      messagesPerSec: c.recent / elapsed,
      ticksStored: c.stored,
      lastTickTs: c.last,
      gapsFound: 0,
      gapsFilled: 0,
      rejects: 0,
    }));
    if (elapsed > 5) {
      this.rateWindowStart = this.now();
      for (const c of this.counts.values()) c.recent = 0;
    }
    return out;
  }
}
