import { existsSync } from 'node:fs';
import { parseStreamMessage } from '../../core/binance/parseStream';
import { splitLogLine } from '../../core/binance/parseLog';
import type { SymbolStatus } from '../../shared/contract';
import type { Tick } from '../../shared/market';
import { openLineSource } from '../import/lineSources';
import type { TickSink, TickSource } from '../ports';
import { storedTicks } from './storedTicks';

export interface FileReplayOptions {
  /** Recorded stream logs (JSONL of combined-stream messages, optional ns prefix, optional .gz),
   * or Tickscope databases (.db) whose stored history is replayed. */
  files: string[];
  sink: TickSink;
  /** 1 = real time, 10 = ten times faster, 0 or omitted = as fast as possible. */
  speed?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Wall clock for pacing (tests pass a fake one that their `sleep` advances). */
  now?: () => number;
}

/**
 * Replays recorded stream logs through the same parse → store → bars path as a live feed,
 * so analytics and alerts can be exercised offline. Files play one after another; within a
 * file, pacing follows trade time divided by `speed`.
 */
export class FileReplaySource implements TickSource {
  readonly kind = 'replay' as const;
  private stopped = false;
  private done: Promise<void> | null = null;
  private readonly perSymbol = new Map<string, SymbolStatus>();

  constructor(private readonly opts: FileReplayOptions) {}

  async start(): Promise<void> {
    // Say so at once (the engine shows it as the source's error) rather than replay nothing.
    const missing = this.opts.files.filter((f) => !existsSync(f));
    if (missing.length > 0) throw new Error(`replay file not found: ${missing.join(', ')}`);
    this.done = this.run().catch((err) => {
      this.opts.sink.reject(null, `replay failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** Resolves when every file has been played (or the replay was stopped). */
  finished(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  dataTime(): number {
    let t = 0;
    for (const s of this.perSymbol.values()) if (s.lastTickTs !== null && s.lastTickTs > t) t = s.lastTickTs;
    return t;
  }

  status(): SymbolStatus[] {
    return [...this.perSymbol.values()].map((s) => ({ ...s }));
  }

  private entry(symbol: string): SymbolStatus {
    let s = this.perSymbol.get(symbol);
    if (!s) {
      s = {
        symbol,
        state: 'live',
        messagesPerSec: 0,
        ticksStored: 0,
        lastTickTs: null,
        gapsFound: 0,
        gapsFilled: 0,
        rejects: 0,
      };
      this.perSymbol.set(symbol, s);
    }
    return s;
  }

  /** Ticks of one file in recorded order; rejects are counted on the way. */
  private async *ticksOf(file: string): AsyncGenerator<Tick> {
    if (/\.(db|sqlite3?)$/.test(file)) {
      yield* storedTicks(file);
      return;
    }
    // The import's line reader: a line past its bound (a 1 GiB line packed in a small .gz)
    // ends this file with a reason instead of growing one string until the process dies;
    // what was read before it is played, and the next file follows.
    try {
      const { lines } = await openLineSource(file);
      for await (const line of lines) {
        const split = splitLogLine(line);
        if (!split) continue;
        const parsed = parseStreamMessage(split.json);
        if (parsed.kind === 'reject') {
          this.opts.sink.reject(parsed.symbol, parsed.reason);
          if (parsed.symbol) this.entry(parsed.symbol).rejects++;
        } else if (parsed.kind === 'tick') yield parsed.tick;
      }
    } catch (err) {
      this.opts.sink.reject(null, `replay failed: ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async run(): Promise<void> {
    const speed = this.opts.speed ?? 0;
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const batch: Tick[] = [];
    let firstTs: number | null = null;
    const now = this.opts.now ?? Date.now;
    let startWall = now();
    for (const file of this.opts.files) {
      for await (const tick of this.ticksOf(file)) {
        if (this.stopped) break;
        const s = this.entry(tick.symbol);
        s.ticksStored++;
        s.lastTickTs = tick.ts;
        batch.push(tick);
        if (speed > 0) {
          if (firstTs === null) {
            firstTs = tick.ts;
            startWall = now();
          }
          const due = startWall + (tick.ts - firstTs) / speed;
          const wait = due - now();
          if (wait > 5) {
            this.opts.sink.push(batch.splice(0));
            await sleep(wait);
          }
        } else if (batch.length >= 5000) {
          this.opts.sink.push(batch.splice(0));
          await new Promise<void>((r) => setImmediate(r));
        }
      }
      if (batch.length) this.opts.sink.push(batch.splice(0));
    }
    // Played to the end, the replay is finished; stopped only if stop() cut it short.
    for (const s of this.perSymbol.values()) s.state = this.stopped ? 'stopped' : 'finished';
  }
}
