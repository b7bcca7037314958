import type { Database } from 'better-sqlite3';
import { jetstreamManager } from '@nats-io/jetstream';
import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { encodeTick, tickMsgId, tickSubject } from '../../core/bus/tickMessage';
import type { BusStatus } from '../../shared/contract';
import type { Tick } from '../../shared/market';
import type { BusAddress } from './busUrl';
import { realTimers } from '../lifecycle';
import { connectBus, describeBusError, followConnection } from './natsConnection';
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

export type BusState = BusStatus['state'];

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
  /** Publishes in flight at once (default 4096): bounds memory and the retry set. */
  readonly window?: number;
  readonly replicas?: number;
  readonly maxAgeDays?: number;
  /** How long one publish waits for its acknowledgement (default 5000 ms). */
  readonly ackTimeoutMs?: number;
  readonly onEvent?: (message: string) => void;
}

/** What JetStream answers a publish: `{stream, seq, duplicate?}` or `{error: {code, description}}`. */
type Ack = { ok: true; duplicate: boolean } | { ok: false; error: string };

interface OutboxRow {
  seq: number;
  subject: string;
  msg_id: string;
  body: string;
}

export class TickPublisher {
  private nc: NatsConnection | null = null;
  /** Acknowledgements come back on one inbox, `<inbox>.<outbox seq>`: see publishWindow. */
  private inbox = '';
  private acks: Subscription | null = null;
  private readonly waiting = new Map<string, (ack: Ack) => void>();
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

  /**
   * Connects, checks the stream and starts draining. A server that is not up yet is waited
   * for (retried with backoff, each failure reported once per change), because a recorder
   * must not lose the trades it stores meanwhile: they wait in the outbox. A stream with
   * other settings is final: the returned promise rejects with it.
   */
  async start(): Promise<void> {
    this.state = 'connecting';
    let attempt = 0;
    let lastReported = '';
    while (!this.stopping) {
      try {
        this.nc = await connectBus(this.opts.address, { name: 'tickscope-recorder' });
        break;
      } catch (err) {
        attempt++;
        this.lastError = err instanceof Error ? err.message : String(err);
        const wait = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
        if (this.lastError !== lastReported || attempt % 10 === 0)
          this.opts.onEvent?.(`bus: ${this.lastError}; retrying in ${(wait / 1000).toFixed(1)} s`);
        lastReported = this.lastError;
        await this.nap(wait);
      }
    }
    if (!this.nc) return;
    this.state = 'connected';
    this.lastError = null;
    void this.watchStatus(this.nc);
    try {
      const jsm = await jetstreamManager(this.nc);
      await ensureTickStream(jsm, { create: true, replicas: this.opts.replicas, maxAgeDays: this.opts.maxAgeDays });
    } catch (err) {
      this.state = 'error';
      this.lastError = err instanceof Error ? err.message : String(err);
      throw err;
    }
    this.inbox = createInbox();
    this.acks = this.nc.subscribe(`${this.inbox}.*`, { callback: (err, msg) => this.onAck(err, msg) });
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
    while (this.loop && this.state !== 'error' && (this.count.get() as number) > 0 && Date.now() < deadline) {
      this.kick();
      await new Promise((r) => setTimeout(r, 50));
    }
    this.stopping = true;
    this.kick();
    await this.loop?.catch(() => undefined);
    this.acks?.unsubscribe();
    await this.nc?.close().catch(() => undefined);
    this.state = 'stopped';
    return { pending: this.count.get() as number };
  }

  /** The status bar's view of this recorder's publishing. */
  busStatus(): BusStatus {
    const s = this.status();
    return {
      role: 'publish',
      url: s.url,
      state: s.state,
      lagMessages: s.pending,
      lagSeconds: 0,
      lastError: s.lastError,
    };
  }

  private kick(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private watchStatus(nc: NatsConnection): Promise<void> {
    return followConnection(nc, this.opts.address, {
      state: (st) => {
        this.state = st;
        // Back online: send what queued up meanwhile.
        if (st === 'connected') this.kick();
      },
      event: this.opts.onEvent,
    });
  }

  private onAck(err: Error | null, msg: Msg): void {
    const key = msg.subject.slice(this.inbox.length + 1);
    const done = this.waiting.get(key);
    if (!done) return; // an answer to a window that already timed out
    this.waiting.delete(key);
    if (err) return done({ ok: false, error: describeBusError(err) });
    try {
      const body = msg.json<{ error?: { code?: number; description?: string }; duplicate?: boolean }>();
      done(
        body.error
          ? { ok: false, error: `JetStream refused: ${body.error.description ?? body.error.code}` }
          : { ok: true, duplicate: body.duplicate === true },
      );
    } catch {
      done({ ok: false, error: 'unreadable acknowledgement' });
    }
  }

  /**
   * Publishes a window of rows at once and waits for their acknowledgements (or the ack
   * timeout). This is JetStream's "async publish": plain publishes whose reply subject is
   * our inbox, instead of one request (with its own subscription and timer) per trade, so
   * thousands are in flight on one connection.
   */
  private async publishWindow(rows: readonly OutboxRow[]): Promise<Ack[]> {
    const results = rows.map(
      (row) =>
        new Promise<Ack>((resolve) => {
          const key = String(row.seq);
          this.waiting.set(key, resolve);
          const h = headers();
          h.set('Nats-Msg-Id', row.msg_id);
          try {
            this.nc!.publish(row.subject, row.body, { reply: `${this.inbox}.${key}`, headers: h });
          } catch (err) {
            this.waiting.delete(key);
            resolve({ ok: false, error: describeBusError(err) });
          }
        }),
    );
    const timeout = setTimeout(() => {
      for (const row of rows) {
        const done = this.waiting.get(String(row.seq));
        this.waiting.delete(String(row.seq));
        done?.({ ok: false, error: `no acknowledgement within ${this.opts.ackTimeoutMs ?? 5000} ms` });
      }
    }, this.opts.ackTimeoutMs ?? 5000);
    const acks = await Promise.all(results);
    clearTimeout(timeout);
    return acks;
  }

  /**
   * Oldest first, up to `window` publishes in flight; each acknowledged row is deleted.
   * A failed publish (timeout, disconnect) leaves its row; the loop pauses and retries the
   * outbox from its oldest row, so unacknowledged trades go out again in their order.
   */
  private async drainLoop(): Promise<void> {
    const window = this.opts.window ?? 4096;
    let failures = 0;
    while (!this.stopping) {
      const rows = this.select.all(window) as OutboxRow[];
      if (rows.length === 0) {
        await new Promise<void>((r) => (this.wake = r));
        continue;
      }
      const acks = await this.publishWindow(rows);
      let failed: string | null = null;
      this.opts.db.transaction(() => {
        acks.forEach((a, i) => {
          if (a.ok) {
            this.remove.run(rows[i]!.seq);
            this.published++;
            if (a.duplicate) this.duplicates++;
          } else failed ??= a.error;
        });
      })();
      if (failed === null) {
        failures = 0;
        this.lastError = null;
        continue;
      }
      failures++;
      this.lastError = failed;
      if (failures === 1 || failures % 10 === 0)
        this.opts.onEvent?.(
          `bus: publishing paused (${this.lastError}); ${this.count.get() as number} trades wait for acknowledgement`,
        );
      // Back off (capped) unless a reconnect wakes us first.
      const wait = Math.min(5000, 200 * 2 ** Math.min(failures, 5));
      await this.nap(wait);
    }
  }

  /** Waits `ms`, or less when kick() wakes it (stop(), new trades, a reconnect). */
  private nap(ms: number): Promise<void> {
    return new Promise<void>((r) => {
      const handle = realTimers.setTimeout(r, ms);
      this.wake = () => {
        realTimers.clearTimeout(handle);
        r();
      };
    });
  }
}
