import type { Database } from 'better-sqlite3';
import { DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeTick, TICK_STREAM, tickSubject } from '../../core/bus/tickMessage';
import type { BusStatus, FeedState, SymbolStatus } from '../../shared/contract';
import type { Tick } from '../../shared/market';
import type { CommitHook } from '../ingest/ingestor';
import type { TickSink, TickSource } from '../ports';
import type { BusAddress } from './busUrl';
import type { BusState } from './publisher';
import { connectBus, describeBusError, followConnection } from './natsConnection';
import { ensureTickStream } from './tickStream';

/**
 * Where each subject's consumption stands: the stream sequence of the last message whose
 * trade is stored here. Written inside the ticks' own transaction (commit hook), so after a
 * crash the consumer resumes exactly after what the database holds; the trade-id primary
 * key is the final guard against doubles.
 */
const CURSOR_SCHEMA = `
  CREATE TABLE IF NOT EXISTS bus_cursor (
    stream  TEXT NOT NULL,
    subject TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (stream, subject)
  );`;

/** A consumer that has delivered nothing for this long is replaced (see follow()). */
const SILENT_CONSUMER_MS = 15_000;

export interface NatsSourceOptions {
  readonly address: BusAddress;
  readonly symbols: readonly string[];
  readonly db: Database;
  readonly sink: TickSink & { addCommitHook(hook: CommitHook): () => void; storedCount?(symbol: string): number };
  /** First sync of a subject with no cursor: start at this time (ms) instead of the stream's start. */
  readonly startTime?: number;
  readonly now?: () => number;
  readonly onEvent?: (message: string) => void;
}

interface SubjectState {
  readonly symbol: string;
  readonly subject: string;
  /** Highest sequence pushed to the sink; persisted with the batch that stores it. */
  pushedSeq: number;
  savedSeq: number;
  pending: number;
  lagMs: number;
  received: number;
  rejects: number;
  lastTickTs: number | null;
  lastMessageAt: number | null;
  second: number;
  countThisSecond: number;
  countLastSecond: number;
  messages: ConsumerMessages | null;
}

/**
 * A desk's tick source when recording has moved to servers: ordered JetStream consumers on
 * `ticks.binance-um.<SYMBOL>`, one per symbol (nats-server 2.9 takes one filter subject per
 * consumer), each starting after the last stored sequence, feeding the same ingest
 * pipeline as a live Binance feed. ../shared/specs/tick-bus.md.
 */
export class NatsTickSource implements TickSource {
  readonly kind = 'nats' as const;
  private nc: NatsConnection | null = null;
  private state: BusState = 'connecting';
  private lastError: string | null = null;
  private readonly subjects = new Map<string, SubjectState>();
  private removeHook: (() => void) | null = null;
  private readonly now: () => number;
  private loops: Promise<void>[] = [];
  private stopped = false;
  private readonly readCursor;
  private readonly writeCursor;

  constructor(private readonly opts: NatsSourceOptions) {
    this.now = opts.now ?? Date.now;
    opts.db.exec(CURSOR_SCHEMA);
    this.readCursor = opts.db.prepare('SELECT seq FROM bus_cursor WHERE stream = ? AND subject = ?').pluck();
    this.writeCursor = opts.db.prepare(
      'INSERT INTO bus_cursor (stream, subject, seq) VALUES (?, ?, ?) ON CONFLICT (stream, subject) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > bus_cursor.seq',
    );
    for (const symbol of opts.symbols) {
      const subject = tickSubject(symbol);
      const saved = (this.readCursor.get(TICK_STREAM, subject) as number | undefined) ?? 0;
      this.subjects.set(subject, {
        symbol,
        subject,
        pushedSeq: saved,
        savedSeq: saved,
        pending: 0,
        lagMs: 0,
        received: 0,
        rejects: 0,
        lastTickTs: null,
        lastMessageAt: null,
        second: 0,
        countThisSecond: 0,
        countLastSecond: 0,
        messages: null,
      });
    }
  }

  /** The cursor rides in every ingest transaction: saved exactly when the ticks are. */
  private readonly saveCursors: CommitHook = () => {
    for (const s of this.subjects.values()) {
      if (s.pushedSeq > s.savedSeq) {
        this.writeCursor.run(TICK_STREAM, s.subject, s.pushedSeq);
        s.savedSeq = s.pushedSeq;
      }
    }
  };

  async start(): Promise<void> {
    this.stopped = false;
    this.removeHook = this.opts.sink.addCommitHook(this.saveCursors);
    try {
      this.nc = await connectBus(this.opts.address, { name: 'tickscope-desk' });
      const jsm = await jetstreamManager(this.nc);
      await ensureTickStream(jsm, { create: false });
    } catch (err) {
      this.state = 'error';
      this.lastError = err instanceof Error ? err.message : String(err);
      await this.nc?.close().catch(() => undefined);
      this.nc = null;
      throw err;
    }
    this.state = 'connected';
    void this.watchStatus(this.nc);
    for (const s of this.subjects.values()) this.loops.push(this.follow(s));
  }

  /**
   * One subject, for as long as the source runs: an ordered consumer from after the last
   * sequence pushed; when it ends (its server died, heartbeats stopped, the stream moved to
   * a new leader) a new one starts from the same place, after a short pause.
   */
  private async follow(s: SubjectState): Promise<void> {
    const js = jetstream(this.nc!);
    let failures = 0;
    while (!this.stopped) {
      const start =
        s.pushedSeq > 0
          ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: s.pushedSeq + 1 }
          : this.opts.startTime !== undefined
            ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(this.opts.startTime).toISOString() }
            : { deliver_policy: DeliverPolicy.All };
      try {
        const consumer = await js.consumers.get(TICK_STREAM, { filter_subjects: s.subject, ...start });
        // Pulls expire every 10 s, so the server's idle heartbeats come every 5 s and a
        // consumer whose node died is noticed in seconds rather than a minute.
        s.messages = await consumer.consume({ max_messages: 4096, expires: 10_000 });
        if (this.stopped) break;
        failures = 0;
        void this.watchConsumer(s.messages);
        // Whatever nats.js does about a consumer whose node died, a consumer silent this long
        // is replaced: a fresh one from the last handed-over sequence costs one request, and a
        // quiet symbol simply gets a new one now and then.
        const messages = s.messages;
        const started = this.now();
        const watchdog = setInterval(() => {
          if (this.now() - Math.max(started, s.lastMessageAt ?? 0) > SILENT_CONSUMER_MS)
            void messages.close().catch(() => undefined);
        }, 1000);
        try {
          await this.consumeLoop(s, messages);
        } finally {
          clearInterval(watchdog);
        }
      } catch (err) {
        if (this.stopped) break;
        failures++;
        this.lastError = describeBusError(err);
        if (failures === 1 || failures % 10 === 0)
          this.opts.onEvent?.(`bus: consuming ${s.subject} failed (${this.lastError}); retrying`);
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** Math.min(failures, 4))));
    }
  }

  /**
   * Ends a consumer that has stopped hearing from the server (two heartbeats missed, or the
   * consumer or stream gone): its message loop then ends and follow() starts a new one from
   * the last sequence handed over, on whichever node now leads the stream.
   */
  private async watchConsumer(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const n of messages.status()) {
        const gone = n.type === 'consumer_not_found' || n.type === 'stream_not_found' || n.type === 'consumer_deleted';
        if (gone || (n.type === 'heartbeats_missed' && n.count >= 2)) {
          await messages.close().catch(() => undefined);
          return;
        }
      }
    } catch {
      // The status stream ends with the consumer.
    }
  }

  /**
   * Pushes every message of one consumer to the sink until the consumer ends. The cursor
   * (pushedSeq) moves only when a slice is handed to the sink, never for messages still in
   * the local slice: the ingestor may commit (and save the cursor) between two messages, and
   * a cursor ahead of what it stored would skip those trades after a crash.
   */
  private async consumeLoop(s: SubjectState, messages: ConsumerMessages): Promise<void> {
    const decoder = new TextDecoder();
    let batch: Tick[] = [];
    let batchSeq = s.pushedSeq;
    const handOver = (): void => {
      if (batch.length) this.opts.sink.push(batch);
      batch = [];
      s.pushedSeq = batchSeq;
    };
    try {
      for await (const m of messages) {
        // A message at or below what is stored (a restarted consumer's overlap) is skipped.
        if (m.seq <= batchSeq) continue;
        const now = this.now();
        this.countMessage(s, now);
        const r = decodeTick(decoder.decode(m.data), m.subject);
        if (r.kind === 'tick') {
          batch.push(r.tick);
          s.lastTickTs = r.tick.ts;
        } else if (r.kind === 'reject') {
          s.rejects++;
          this.opts.sink.reject(s.symbol, r.reason);
        }
        batchSeq = m.seq;
        s.pending = m.info.pending;
        s.lagMs = m.info.pending === 0 ? 0 : Math.max(0, now - Math.floor(m.info.timestampNanos / 1e6));
        // Hand over in slices: the ingestor batches anyway, and a backlog of millions must
        // not sit in one array.
        if (batch.length >= 1024 || m.info.pending === 0) handOver();
      }
    } finally {
      handOver();
    }
  }

  private countMessage(s: SubjectState, now: number): void {
    const second = Math.floor(now / 1000);
    if (second !== s.second) {
      s.countLastSecond = second === s.second + 1 ? s.countThisSecond : 0;
      s.countThisSecond = 0;
      s.second = second;
    }
    s.countThisSecond++;
    s.received++;
    s.lastMessageAt = now;
  }

  private watchStatus(nc: NatsConnection): Promise<void> {
    return followConnection(nc, this.opts.address, { state: (st) => (this.state = st), event: this.opts.onEvent });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const s of this.subjects.values()) await s.messages?.close().catch(() => undefined);
    await Promise.allSettled(this.loops);
    this.loops = [];
    await this.nc?.close().catch(() => undefined);
    this.nc = null;
    this.state = 'stopped';
    // The cursor hook stays until the last pushed ticks are committed by the engine's flush.
  }

  /** Detaches the cursor hook (after the engine has flushed what this source pushed). */
  dispose(): void {
    this.removeHook?.();
    this.removeHook = null;
  }

  status(): SymbolStatus[] {
    const now = this.now();
    return [...this.subjects.values()].map((s) => {
      const second = Math.floor(now / 1000);
      const perSec = second === s.second ? s.countLastSecond : second === s.second + 1 ? s.countThisSecond : 0;
      const state: FeedState =
        this.state === 'connected'
          ? s.pending > 0
            ? 'backfilling'
            : 'live'
          : this.state === 'reconnecting'
            ? 'reconnecting'
            : this.state === 'connecting'
              ? 'connecting'
              : 'stopped';
      return {
        symbol: s.symbol,
        state,
        messagesPerSec: perSec,
        ticksStored: this.opts.sink.storedCount?.(s.symbol) ?? s.received,
        lastTickTs: s.lastTickTs,
        gapsFound: 0,
        gapsFilled: 0,
        rejects: s.rejects,
      };
    });
  }

  busStatus(): BusStatus {
    let lagMessages = 0;
    let lagMs = 0;
    for (const s of this.subjects.values()) {
      lagMessages += s.pending;
      lagMs = Math.max(lagMs, s.lagMs);
    }
    return {
      role: 'consume',
      url: this.opts.address.redacted,
      state: this.state,
      lagMessages,
      lagSeconds: lagMs / 1000,
      lastError: this.lastError,
    };
  }

  /** Highest stream sequence stored per subject (tests, `record --source` summary). */
  cursors(): Record<string, number> {
    return Object.fromEntries([...this.subjects.values()].map((s) => [s.subject, s.savedSeq]));
  }
}
