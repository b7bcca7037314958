import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { Bar, Tick, Timeframe } from '../../shared/market';
import { timeframeMs } from '../../shared/market';
import type { BarState } from '../../core/bars/barState';
import type { BarQuery, InsertResult, TickQuery } from '../ports';
import { MIGRATIONS } from './migrations';
import { BAR_COLUMNS, barFromRaw } from './rawBars';
import { createBarOverviewQuery, type BarOverview } from './barOverview';

export interface OpenStoreOptions {
  /** Path of a better_sqlite3.node built for the running ABI (Electron vs Node). */
  readonly nativeBinding?: string;
  readonly readonly?: boolean;
  /**
   * Run SQLite's quick_check before use (default true). Connections opened to a file this
   * process already checked (the analytics worker's, a replay's per-symbol readers) skip it.
   */
  readonly verify?: boolean;
}

/** The file is not a sound SQLite database: refused at open, before anything reads or writes it. */
export class DamagedDatabaseError extends Error {}

/** A gap in a symbol's id sequence that the feed saw; filledAt null means still missing. */
export interface GapRecord {
  id: number;
  symbol: string;
  fromId: number;
  toId: number;
  detectedAt: number;
  filledAt: number | null;
  reason: string | null;
}

/** A gap still missing, with the trade times around it: `fromTs` of the last stored trade
 * before the missing ids, `toTs` of the first one after (null when that trade is not
 * stored, e.g. removed by retention). */
export interface UnfilledGap extends GapRecord {
  fromTs: number | null;
  toTs: number | null;
}

export interface NewTicks {
  /** The ticks that were not stored before, in input order. */
  readonly inserted: Tick[];
  readonly duplicates: number;
}

/** The store the engine uses (one SQLite file): ticks, bars, gaps and what the ingest pipeline and feed need. */
export interface SqliteTickStore {
  readonly path: string;
  readonly db: Db;
  /** Idempotent on (symbol, tradeId); one transaction. */
  insertTicks(ticks: readonly Tick[]): InsertResult;
  upsertBars(bars: readonly Bar[]): void;
  getBars(query: BarQuery): Bar[];
  /** Streams ticks ascending by (ts, tradeId) without loading them all. */
  iterateTicks(query: TickQuery): IterableIterator<Tick>;
  lastTradeId(symbol: string): number | null;
  listSymbols(): string[];
  sizeBytes(): number;
  close(): void;
  /** Runs fn in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T;
  /** A symbol's interned id, created on first use: for writers beside this store (kline bars)
   * that must share its symbol cache. */
  symbolId(name: string): number;
  /** Like insertTicks, but says which ticks were new so only they reach the bar builder. */
  insertNewTicks(ticks: readonly Tick[]): NewTicks;
  upsertBarStates(states: readonly BarState[]): void;
  loadBarState(symbol: string, tf: Timeframe, ts: number): BarState | null;
  deleteBars(symbol: string, tf: Timeframe, from: number, to: number): number;
  /** The bars of a query folded into about `buckets` bars, for a first look at a long range. */
  getBarOverview(query: BarQuery & { buckets: number }): BarOverview;
  /** Streams bars ascending by start (for exports; flat memory). */
  iterateBars(query: BarQuery): IterableIterator<Bar>;
  countTicks(query: TickQuery): number;
  lastTick(symbol: string): Tick | null;
  firstTick(symbol: string): Tick | null;
  recordGap(gap: { symbol: string; fromId: number; toId: number; detectedAt: number; reason?: string }): number;
  markGapFilled(id: number, filledAt: number): void;
  listGaps(symbol?: string): GapRecord[];
  /** Gaps not marked filled whose ids are still not all stored (an import may have brought
   * them), oldest first: the breaks analytics must not span and `tickscope gaps` lists. */
  listUnfilledGaps(symbol?: string): UnfilledGap[];
  /** Deletes ticks with ts < cutoffMs (bars are kept); returns the number deleted. */
  deleteTicksBefore(cutoffMs: number): number;
  /** Retention in days relative to nowMs. */
  applyRetention(days: number, nowMs: number): number;
  integrityCheck(): string;
  checkpoint(): void;
}

interface UnfilledGapRow {
  id: number;
  symbol: string;
  from_id: number;
  to_id: number;
  detected_at: number;
  reason: string | null;
  from_ts: number | null;
  to_ts: number | null;
  present: number;
}

interface TickRow {
  trade_id: number;
  ts: number;
  price: number;
  size: number;
  is_buyer_maker: number;
}

interface BarRow {
  tf: string;
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quote_volume: number;
  trades: number;
  buy_volume: number;
  open_ts: number | null;
  open_id: number | null;
  close_ts: number | null;
  close_id: number | null;
}

/** Opens (creating if needed) the SQLite database at `path` and migrates it. */
export function openStore(path: string, opts: OpenStoreOptions = {}): SqliteTickStore {
  if (path !== ':memory:' && !opts.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, {
    nativeBinding: opts.nativeBinding,
    readonly: opts.readonly ?? false,
  });
  try {
    if (opts.verify !== false && path !== ':memory:') verify(db, path);
    if (!opts.readonly) {
      // WAL + NORMAL: a process crash never loses a committed batch or corrupts the file;
      // only an OS crash may drop the last few commits, which the feed refills anyway.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    }
    return createSqliteStore(db, path);
  } catch (err) {
    db.close();
    throw isCorruption(err) && !(err instanceof DamagedDatabaseError) ? damaged(path, (err as Error).message) : err;
  }
}

/**
 * A file damaged mid-way opens fine and fails later, on whichever query first touches the bad
 * page (or worse, answers from it). quick_check reads every page once (O(file size), about a
 * second per GB) and catches it before the engine builds on it.
 */
function verify(db: Db, path: string): void {
  const problems = (db.pragma('quick_check(3)') as { quick_check: string }[]).map((r) => r.quick_check);
  if (problems.length !== 1 || problems[0] !== 'ok') throw damaged(path, problems.join('; '));
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (
    code === 'SQLITE_CORRUPT' ||
    code === 'SQLITE_NOTADB' ||
    (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT_'))
  );
}

function damaged(path: string, detail: string): DamagedDatabaseError {
  const shown = detail.length > 200 ? `${detail.slice(0, 200)}…` : detail;
  return new DamagedDatabaseError(
    `${path} is damaged (SQLite: ${shown}); it was not opened: restore a backup or move the file aside`,
  );
}

function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${version} is newer than this Tickscope (${MIGRATIONS.length}); upgrade the app`,
    );
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

function createSqliteStore(db: Db, path: string): SqliteTickStore {
  const symbolIds = new Map<string, number>();
  for (const row of db.prepare('SELECT id, name FROM symbols').all() as { id: number; name: string }[]) {
    symbolIds.set(row.name, row.id);
  }
  const insertSymbol = db.prepare('INSERT INTO symbols (name) VALUES (?)');
  const symbolId = (name: string): number => {
    let id = symbolIds.get(name);
    if (id === undefined) {
      id = Number(insertSymbol.run(name).lastInsertRowid);
      symbolIds.set(name, id);
    }
    return id;
  };

  const insertTick = db.prepare(
    'INSERT OR IGNORE INTO ticks (sym, trade_id, ts, price, size, is_buyer_maker) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // Writers only, and naming the `source` column: prepared on first use, so a read-only
  // connection to a database not yet migrated to it can still read bars.
  let upsertBarStmt: Statement | null = null;
  const upsertBar = (): Statement =>
    (upsertBarStmt ??= db.prepare(`
    INSERT INTO bars (sym, tf, ts, open, high, low, close, volume, quote_volume, trades, buy_volume,
                      open_ts, open_id, close_ts, close_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (sym, tf, ts) DO UPDATE SET
      open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
      volume = excluded.volume, quote_volume = excluded.quote_volume, trades = excluded.trades,
      buy_volume = excluded.buy_volume, open_ts = excluded.open_ts, open_id = excluded.open_id,
      close_ts = excluded.close_ts, close_id = excluded.close_id, source = 0`));
  // A bar taken from a kline is not a state to merge trades into: trades win (migration 2).
  let selectBarStmt: Statement | null = null;
  const selectBar = (): Statement =>
    (selectBarStmt ??= db.prepare('SELECT * FROM bars WHERE sym = ? AND tf = ? AND ts = ? AND source = 0'));
  const lastId = db.prepare('SELECT max(trade_id) AS id FROM ticks WHERE sym = ?').pluck();
  const lastTickStmt = db.prepare('SELECT * FROM ticks WHERE sym = ? ORDER BY trade_id DESC LIMIT 1');
  const firstTickStmt = db.prepare('SELECT * FROM ticks WHERE sym = ? ORDER BY trade_id ASC LIMIT 1');
  const ticksRange = db.prepare(
    'SELECT trade_id, ts, price, size, is_buyer_maker FROM ticks WHERE sym = ? AND ts >= ? AND ts <= ? ORDER BY ts, trade_id',
  );
  const countRange = db.prepare('SELECT count(*) FROM ticks WHERE sym = ? AND ts >= ? AND ts <= ?').pluck();
  const barsRange = db.prepare('SELECT * FROM bars WHERE sym = ? AND tf = ? AND ts >= ? AND ts <= ? ORDER BY ts');
  const barsRangeRaw = db
    .prepare(`SELECT ${BAR_COLUMNS} FROM bars WHERE sym = ? AND tf = ? AND ts >= ? AND ts <= ? ORDER BY ts`)
    .raw();
  const barsLatestRaw = db
    .prepare(
      `SELECT * FROM (SELECT ${BAR_COLUMNS} FROM bars WHERE sym = ? AND tf = ? AND ts >= ? AND ts <= ? ORDER BY ts DESC LIMIT ?) ORDER BY ts`,
    )
    .raw();
  const overview = createBarOverviewQuery(db);
  const deleteBarsStmt = db.prepare('DELETE FROM bars WHERE sym = ? AND tf = ? AND ts >= ? AND ts <= ?');
  const insertGap = db.prepare('INSERT INTO gaps (sym, from_id, to_id, detected_at, reason) VALUES (?, ?, ?, ?, ?)');
  const fillGap = db.prepare('UPDATE gaps SET filled_at = ? WHERE id = ?');
  const deleteOld = db.prepare('DELETE FROM ticks WHERE ts < ?');
  // Each subquery is one probe of the (sym, trade_id) primary key. Prepared on first use:
  // the analytics worker asks on every live batch, most other users never.
  const unfilledGapsSql = (where: string): string =>
    `SELECT g.id, s.name AS symbol, g.from_id, g.to_id, g.detected_at, g.reason,
       (SELECT t.ts FROM ticks t WHERE t.sym = g.sym AND t.trade_id < g.from_id ORDER BY t.trade_id DESC LIMIT 1) AS from_ts,
       (SELECT t.ts FROM ticks t WHERE t.sym = g.sym AND t.trade_id > g.to_id ORDER BY t.trade_id LIMIT 1) AS to_ts,
       (SELECT count(*) FROM ticks t WHERE t.sym = g.sym AND t.trade_id BETWEEN g.from_id AND g.to_id) AS present
     FROM gaps g JOIN symbols s ON s.id = g.sym
     WHERE g.filled_at IS NULL ${where} ORDER BY g.id`;
  let allGapsStmt: Statement | null = null;
  let symbolGapsStmt: Statement | null = null;
  const unfilledGapsAll = (): Statement => (allGapsStmt ??= db.prepare(unfilledGapsSql('')));
  const unfilledGapsOf = (): Statement => (symbolGapsStmt ??= db.prepare(unfilledGapsSql('AND s.name = ?')));
  const listSymbolsStmt = db.prepare('SELECT name FROM symbols ORDER BY name').pluck();

  const toTick = (symbol: string, r: TickRow): Tick => ({
    symbol,
    tradeId: r.trade_id,
    ts: r.ts,
    price: r.price,
    size: r.size,
    isBuyerMaker: r.is_buyer_maker !== 0,
  });
  const toBar = (symbol: string, r: BarRow): Bar => ({
    symbol,
    tf: r.tf as Timeframe,
    ts: r.ts,
    open: r.open,
    high: r.high,
    low: r.low,
    close: r.close,
    volume: r.volume,
    quoteVolume: r.quote_volume,
    trades: r.trades,
    vwap: r.volume > 0 ? r.quote_volume / r.volume : r.close,
    buyVolume: r.buy_volume,
  });
  const toBarState = (symbol: string, r: BarRow): BarState => ({
    ...toBar(symbol, r),
    // Bars written without merge keys keep their open/close against late trades.
    openTs: r.open_ts ?? -Infinity,
    openId: r.open_id ?? -Infinity,
    closeTs: r.close_ts ?? Infinity,
    closeId: r.close_id ?? Infinity,
  });
  const finiteOrNull = (n: number | undefined): number | null => (n !== undefined && Number.isFinite(n) ? n : null);
  const writeBar = (b: Bar | BarState): void => {
    const s = b as Partial<BarState>;
    upsertBar().run(
      symbolId(b.symbol),
      b.tf,
      b.ts,
      b.open,
      b.high,
      b.low,
      b.close,
      b.volume,
      b.quoteVolume,
      b.trades,
      b.buyVolume,
      finiteOrNull(s.openTs),
      finiteOrNull(s.openId),
      finiteOrNull(s.closeTs),
      finiteOrNull(s.closeId),
    );
  };

  let depth = 0;
  const transaction = <T>(fn: () => T): T => {
    if (depth > 0 || db.inTransaction) return fn();
    depth++;
    try {
      return db.transaction(fn).immediate();
    } catch (err) {
      // Rolled back: the cached highest ids may name rows that are no longer there.
      maxIds.clear();
      throw err;
    } finally {
      depth--;
    }
  };

  // Highest stored trade id per symbol id. With one writer (the engine owns its database;
  // bars are built in its memory too), a chunk whose ids all exceed these, increasing per
  // symbol, cannot hold a duplicate, so it takes the plain INSERT.
  const maxIds = new Map<number, number>();
  const maxIdStmt = db.prepare('SELECT max(trade_id) AS m FROM ticks WHERE sym = ?').pluck();
  const maxIdOf = (sym: number): number => {
    let m = maxIds.get(sym);
    if (m === undefined) {
      m = (maxIdStmt.get(sym) as number | null) ?? -1;
      maxIds.set(sym, m);
    }
    return m;
  };

  // Multi-row INSERTs are much faster than one statement per row. A chunk that may hold
  // duplicates (a refill, a replay) runs with RETURNING, whose keys say exactly which rows
  // were new; a chunk of fresh ids (the live case) skips RETURNING, which costs ~0.8 µs a row.
  const CHUNK = 64;
  const chunkValues = Array(CHUNK).fill('(?, ?, ?, ?, ?, ?)').join(', ');
  const insertChunkPlain = db.prepare(
    `INSERT OR IGNORE INTO ticks (sym, trade_id, ts, price, size, is_buyer_maker) VALUES ${chunkValues}`,
  );
  const insertChunk = db
    .prepare(
      `INSERT OR IGNORE INTO ticks (sym, trade_id, ts, price, size, is_buyer_maker) VALUES ${chunkValues} RETURNING sym, trade_id`,
    )
    .raw();
  const chunkArgs: unknown[] = new Array(CHUNK * 6);
  const insertNewTicks = (ticks: readonly Tick[]): NewTicks =>
    transaction(() => {
      const inserted: Tick[] = [];
      let lastSymbol = '';
      let sym = 0;
      const symOf = (t: Tick): number => {
        if (t.symbol !== lastSymbol) {
          lastSymbol = t.symbol;
          sym = symbolId(t.symbol);
        }
        return sym;
      };
      const n = ticks.length;
      let i = 0;
      for (; i + CHUNK <= n; i += CHUNK) {
        let fresh = true;
        for (let k = 0; k < CHUNK; k++) {
          const t = ticks[i + k]!;
          const o = k * 6;
          const sym = symOf(t);
          if (fresh) {
            if (t.tradeId > maxIdOf(sym)) maxIds.set(sym, t.tradeId);
            else fresh = false;
          }
          chunkArgs[o] = sym;
          chunkArgs[o + 1] = t.tradeId;
          chunkArgs[o + 2] = t.ts;
          chunkArgs[o + 3] = t.price;
          chunkArgs[o + 4] = t.size;
          chunkArgs[o + 5] = t.isBuyerMaker ? 1 : 0;
        }
        if (fresh) {
          insertChunkPlain.run(chunkArgs);
          for (let k = 0; k < CHUNK; k++) inserted.push(ticks[i + k]!);
          continue;
        }
        const rows = insertChunk.all(chunkArgs) as [number, number][];
        for (const [sym, id] of rows) if (id > maxIdOf(sym)) maxIds.set(sym, id);
        if (rows.length === CHUNK) {
          for (let k = 0; k < CHUNK; k++) inserted.push(ticks[i + k]!);
        } else if (rows.length > 0) {
          // Keep each new key once, even if the chunk itself repeated a tick.
          const newKeys = new Set(rows.map((r) => `${r[0]}:${r[1]}`));
          for (let k = 0; k < CHUNK; k++) {
            const t = ticks[i + k]!;
            const key = `${symOf(t)}:${t.tradeId}`;
            if (newKeys.delete(key)) inserted.push(t);
          }
        }
      }
      for (; i < n; i++) {
        const t = ticks[i]!;
        const sym = symOf(t);
        if (insertTick.run(sym, t.tradeId, t.ts, t.price, t.size, t.isBuyerMaker ? 1 : 0).changes > 0) {
          inserted.push(t);
          if (t.tradeId > maxIdOf(sym)) maxIds.set(sym, t.tradeId);
        }
      }
      return { inserted, duplicates: n - inserted.length };
    });

  const range = (q: { from?: number; to?: number }): [number, number] => [
    q.from ?? Number.MIN_SAFE_INTEGER,
    q.to ?? Number.MAX_SAFE_INTEGER,
  ];

  let closed = false;
  return {
    path,
    db,
    transaction,
    symbolId,
    insertNewTicks,
    insertTicks(ticks: readonly Tick[]): InsertResult {
      const r = insertNewTicks(ticks);
      return { inserted: r.inserted.length, duplicates: r.duplicates };
    },
    upsertBars(bars: readonly Bar[]): void {
      transaction(() => {
        for (const b of bars) writeBar(b);
      });
    },
    upsertBarStates(states: readonly BarState[]): void {
      transaction(() => {
        for (const s of states) writeBar(s);
      });
    },
    loadBarState(symbol: string, tf: Timeframe, ts: number): BarState | null {
      const sym = symbolIds.get(symbol);
      if (sym === undefined) return null;
      const row = selectBar().get(sym, tf, ts) as BarRow | undefined;
      return row ? toBarState(symbol, row) : null;
    },
    deleteBars(symbol: string, tf: Timeframe, from: number, to: number): number {
      const sym = symbolIds.get(symbol);
      return sym === undefined ? 0 : deleteBarsStmt.run(sym, tf, from, to).changes;
    },
    getBars(q: BarQuery): Bar[] {
      const sym = symbolIds.get(q.symbol);
      if (sym === undefined) return [];
      const [from, to] = range(q);
      const rows = (
        q.limit !== undefined ? barsLatestRaw.all(sym, q.tf, from, to, q.limit) : barsRangeRaw.all(sym, q.tf, from, to)
      ) as number[][];
      const out: Bar[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = barFromRaw(q.symbol, q.tf, rows[i]!);
      return out;
    },
    getBarOverview(q: BarQuery & { buckets: number }): BarOverview {
      const sym = symbolIds.get(q.symbol);
      if (sym === undefined) return { bars: [], spanMs: timeframeMs(q.tf), count: 0 };
      const [from, to] = range(q);
      return overview(sym, q.symbol, { tf: q.tf, from, to, limit: q.limit, buckets: q.buckets });
    },
    *iterateBars(q: BarQuery): IterableIterator<Bar> {
      const sym = symbolIds.get(q.symbol);
      if (sym === undefined) return;
      const [from, to] = range(q);
      for (const r of barsRange.iterate(sym, q.tf, from, to) as IterableIterator<BarRow>) yield toBar(q.symbol, r);
    },
    *iterateTicks(q: TickQuery): IterableIterator<Tick> {
      const sym = symbolIds.get(q.symbol);
      if (sym === undefined) return;
      const [from, to] = range(q);
      for (const r of ticksRange.iterate(sym, from, to) as IterableIterator<TickRow>) yield toTick(q.symbol, r);
    },
    countTicks(q: TickQuery): number {
      const sym = symbolIds.get(q.symbol);
      if (sym === undefined) return 0;
      const [from, to] = range(q);
      return countRange.get(sym, from, to) as number;
    },
    lastTradeId(symbol: string): number | null {
      const sym = symbolIds.get(symbol);
      if (sym === undefined) return null;
      return (lastId.get(sym) as number | null) ?? null;
    },
    lastTick(symbol: string): Tick | null {
      const sym = symbolIds.get(symbol);
      const row = sym === undefined ? undefined : (lastTickStmt.get(sym) as TickRow | undefined);
      return row ? toTick(symbol, row) : null;
    },
    firstTick(symbol: string): Tick | null {
      const sym = symbolIds.get(symbol);
      const row = sym === undefined ? undefined : (firstTickStmt.get(sym) as TickRow | undefined);
      return row ? toTick(symbol, row) : null;
    },
    listSymbols(): string[] {
      return listSymbolsStmt.all() as string[];
    },
    recordGap(g): number {
      return Number(
        insertGap.run(symbolId(g.symbol), g.fromId, g.toId, g.detectedAt, g.reason ?? null).lastInsertRowid,
      );
    },
    markGapFilled(id: number, filledAt: number): void {
      fillGap.run(filledAt, id);
    },
    listGaps(symbol?: string): GapRecord[] {
      const rows = db
        .prepare(
          `SELECT g.id, s.name AS symbol, g.from_id, g.to_id, g.detected_at, g.filled_at, g.reason
           FROM gaps g JOIN symbols s ON s.id = g.sym ${symbol ? 'WHERE s.name = ?' : ''} ORDER BY g.id`,
        )
        .all(...(symbol ? [symbol] : [])) as {
        id: number;
        symbol: string;
        from_id: number;
        to_id: number;
        detected_at: number;
        filled_at: number | null;
        reason: string | null;
      }[];
      return rows.map((r) => ({
        id: r.id,
        symbol: r.symbol,
        fromId: r.from_id,
        toId: r.to_id,
        detectedAt: r.detected_at,
        filledAt: r.filled_at,
        reason: r.reason,
      }));
    },
    listUnfilledGaps(symbol?: string): UnfilledGap[] {
      const rows = (symbol === undefined ? unfilledGapsAll().all() : unfilledGapsOf().all(symbol)) as UnfilledGapRow[];
      return rows
        .filter((r) => r.present < r.to_id - r.from_id + 1)
        .map((r) => ({
          id: r.id,
          symbol: r.symbol,
          fromId: r.from_id,
          toId: r.to_id,
          detectedAt: r.detected_at,
          filledAt: null,
          reason: r.reason,
          fromTs: r.from_ts,
          toTs: r.to_ts,
        }));
    },
    deleteTicksBefore(cutoffMs: number): number {
      return deleteOld.run(cutoffMs).changes;
    },
    applyRetention(days: number, nowMs: number): number {
      return deleteOld.run(nowMs - days * 86_400_000).changes;
    },
    integrityCheck(): string {
      return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    },
    checkpoint(): void {
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    sizeBytes(): number {
      if (path === ':memory:') return 0;
      let total = 0;
      for (const f of [path, `${path}-wal`]) {
        try {
          total += statSync(f).size;
        } catch {
          // the WAL may not exist yet
        }
      }
      return total;
    },
    close(): void {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/** Bar-start range covering [fromMs, toMs] for a timeframe (used by rebuilds). */
export function barRange(tf: Timeframe, fromMs: number, toMs: number): [number, number] {
  const ms = timeframeMs(tf);
  return [Math.floor(fromMs / ms) * ms, Math.floor(toMs / ms) * ms];
}
