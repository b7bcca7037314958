import type { Database } from 'better-sqlite3';
import { jetstream, jetstreamManager, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { encodeTick, tickMsgId, tickSubject } from '../../core/bus/tickMessage';
import type { Tick } from '../../shared/market';
import type { BusAddress } from './busUrl';
import { connectBus, describeBusError } from './natsConnection';
import { ensureTickStream } from './tickStream';

/**
 * Trades waiting for JetStream's acknowledgement, written in the same transaction as the
 * ticks themselves (Ingestor.addCommitHook). A stored trade is therefore published sooner
 * or later even across a crash or a long outage; a row leaves only when the server has
 * acknowledged it. The bus owns its tables; nothing else in the store knows about them.
 */
const OUTBOX_SCHEMA = `
  CREATE TABLE IF NOT EXISTS bus_outbox (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    subject TEXT NOT NULL,
    msg_id  TEXT NOT NULL,
    body    TEXT NOT NULL
  );`;

export type BusState = 'connecting' | 'connected' | 'reconnecting' | 'error' | 'stopped';

export interface PublisherStatus {
  readonly url: string;
  readonly state: BusState;
  /** Trades acknowledged by JetStream since start (duplicates included: they are stored). */
  readonly published: number;
  /** Acknowledged as already stored (another recorder got there first). */
  readonly duplicates: number;
  /** Trades stored here and not yet acknowledged. */
  readonly pending: number;
  readonly lastError: string | null;
}

export interface PublisherOptions {
  readonly address: BusAddress;
  readonly db: Database;
  /** Publishes in flight at once (default 2048): bounds memory and the retry set. */
  readonly window?: number;
  readonly replicas?: number;
  readonly maxAgeDays?: number;
  /** How long one publish waits for its acknowledgement (default 5000 ms). */
  readonly ackTimeoutMs?: number;
  readonly onEvent?: (message: string) => void;
}

interface OutboxRow {
  seq: number;
  subject: string;
  msg_id: string;
  body: string;
}

export class TickPublisher {
  private nc: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private state: BusState = 'connecting';
  private published = 0;
  private duplicates = 0;
  private lastError: string | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly insert;
  private readonly select;
  private readonly remove;
  private readonly count;

  constructor(private readonly opts: PublisherOptions) {
    opts.db.exec(OUTBOX_SCHEMA);
    this.insert = opts.db.prepare('INSERT INTO bus_outbox (subject, msg_id, body) VALUES (?, ?, ?)');
    this.select = opts.db.prepare('SELECT seq, subject, msg_id, body FROM bus_outbox ORDER BY seq LIMIT ?');
    this.remove = opts.db.prepare('DELETE FROM bus_outbox WHERE seq = ?');
    this.count = opts.db.prepare('SELECT count(*) FROM bus_outbox').pluck();
  }

  /** The commit hook: queue the batch's new trades inside its transaction. */
  readonly enqueue = (inserted: readonly Tick[]): void => {
    for (const t of inserted) this.insert.run(tickSubject(t.symbol), tickMsgId(t.symbol, t.tradeId), encodeTick(t));
    if (inserted.length) queueMicrotask(() => this.kick());
  };

  /** Connects (waiting for the server if it is not up yet), checks the stream, starts draining. */
  async start(): Promise<void> {
    this.state = 'connecting';
    this.nc = await connectBus(this.opts.address, { name: 'tickscope-recorder', waitOnFirstConnect: true });
    this.state = 'connected';
    void this.watchStatus(this.nc);
    const jsm = await jetstreamManager(this.nc);
    await ensureTickStream(jsm, { create: true, replicas: this.opts.replicas, maxAgeDays: this.opts.maxAgeDays });
    this.js = jetstream(this.nc, { timeout: this.opts.ackTimeoutMs ?? 5000 });
    this.loop = this.drainLoop();
  }

  status(): PublisherStatus {
    return {
      url: this.opts.address.redacted,
      state: this.state,
      published: this.published,
      duplicates: this.duplicates,
      pending: this.count.get() as number,
      lastError: this.lastError,
    };
  }

  /**
   * Waits until every stored trade is acknowledged or `graceMs` passes, then closes. What is
   * left stays in the outbox and goes out on the next start.
   */
  async stop(graceMs = 10_000): Promise<{ pending: number }> {
    const deadline = Date.now() + graceMs;
    while (this.nc && this.state !== 'error' && (this.count.get() as number) > 0 && Date.now() < deadline) {
      this.kick();
      await new Promise((r) => setTimeout(r, 50));
    }
    this.stopping = true;
    this.kick();
    await this.loop?.catch(() => undefined);
    await this.nc?.close().catch(() => undefined);
    this.state = 'stopped';
    return { pending: this.count.get() as number };
  }

  private kick(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        this.state = 'reconnecting';
        this.opts.onEvent?.(`bus: disconnected from ${this.opts.address.redacted}; reconnecting`);
      } else if (s.type === 'reconnect') {
        this.state = 'connected';
        this.opts.onEvent?.(`bus: reconnected to ${this.opts.address.redacted}`);
        this.kick();
      }
    }
  }

  /**
   * Oldest first, up to `window` publishes in flight; each acknowledged row is deleted.
   * A failed publish (timeout, disconnect) leaves its row; the loop pauses and retries the
   * outbox from its oldest row, so unacknowledged trades go out again in their order.
   */
  private async drainLoop(): Promise<void> {
    const window = this.opts.window ?? 2048;
    let failures = 0;
    while (!this.stopping) {
      const rows = this.select.all(window) as OutboxRow[];
      if (rows.length === 0) {
        await new Promise<void>((r) => (this.wake = r));
        continue;
      }
      const results = await Promise.allSettled(rows.map((row) => this.js!.publish(row.subject, row.body, { msgID: row.msg_id })));
      let failed: unknown = null;
      this.opts.db.transaction(() => {
        results.forEach((r, i) => {
          if (r.status === 'fulfilled') {
            this.remove.run(rows[i]!.seq);
            this.published++;
            if ((r.value as PubAck).duplicate) this.duplicates++;
          } else failed ??= r.reason;
        });
      })();
      if (failed === null) {
        failures = 0;
        this.lastError = null;
        continue;
      }
      failures++;
      this.lastError = describeBusError(failed);
      if (failures === 1 || failures % 10 === 0) this.opts.onEvent?.(`bus: publishing paused (${this.lastError}); ${this.count.get() as number} trades wait for acknowledgement`);
      // Back off (capped) unless a reconnect wakes us first.
      const wait = Math.min(5000, 200 * 2 ** Math.min(failures, 5));
      await new Promise<void>((r) => {
        const t = setTimeout(r, wait);
        this.wake = () => {
          clearTimeout(t);
          r();
        };
      });
    }
  }
}
