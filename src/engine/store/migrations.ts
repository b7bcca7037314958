/**
 * Schema migrations, applied in order; PRAGMA user_version holds how many have run.
 * Append only: a shipped migration is never edited, so every database converges.
 *
 * Symbols are interned to small integers: ticks are the bulk of the file and a 1-byte key
 * beats repeating "BTCUSDT" in every row and index entry.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE symbols (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  );
  CREATE TABLE ticks (
    sym            INTEGER NOT NULL,
    trade_id       INTEGER NOT NULL,
    ts             INTEGER NOT NULL,
    price          REAL    NOT NULL,
    size           REAL    NOT NULL,
    is_buyer_maker INTEGER NOT NULL,
    PRIMARY KEY (sym, trade_id)
  ) WITHOUT ROWID;
  CREATE INDEX ticks_by_time ON ticks (sym, ts, trade_id);
  CREATE TABLE bars (
    sym          INTEGER NOT NULL,
    tf           TEXT    NOT NULL,
    ts           INTEGER NOT NULL,
    open         REAL    NOT NULL,
    high         REAL    NOT NULL,
    low          REAL    NOT NULL,
    close        REAL    NOT NULL,
    volume       REAL    NOT NULL,
    quote_volume REAL    NOT NULL,
    trades       INTEGER NOT NULL,
    buy_volume   REAL    NOT NULL,
    -- (time, id) of the open and close trades, so late trades merge exactly (core/bars).
    open_ts      INTEGER,
    open_id      INTEGER,
    close_ts     INTEGER,
    close_id     INTEGER,
    PRIMARY KEY (sym, tf, ts)
  ) WITHOUT ROWID;
  CREATE TABLE gaps (
    id          INTEGER PRIMARY KEY,
    sym         INTEGER NOT NULL,
    from_id     INTEGER NOT NULL,
    to_id       INTEGER NOT NULL,
    detected_at INTEGER NOT NULL,
    filled_at   INTEGER,
    reason      TEXT
  );
  CREATE INDEX gaps_by_symbol ON gaps (sym, from_id);
  `,
  // 2: funding rates for the backtest (../shared/specs/backtest.md), from data.binance.vision
  // fundingRate files or GET /fapi/v1/fundingRate. Keyed by the symbol's name rather than
  // the symbols table, which lists the symbols that have market data: importing a year of
  // funding must not make a symbol appear as recorded.
  `
  CREATE TABLE funding_rates (
    symbol         TEXT    NOT NULL,
    ts             INTEGER NOT NULL,
    rate           REAL    NOT NULL,
    interval_hours REAL,
    mark_price     REAL,
    PRIMARY KEY (symbol, ts)
  ) WITHOUT ROWID;
  `,
  // 3: where a bar came from: 0 = built from stored trades, 1 = taken from an exchange kline
  // (imported file or REST fetch; ../shared/specs/scanner.md). Reads see both; trades win:
  // a trade bar is never replaced by a kline, and the bar builder starts afresh over a kline
  // bar instead of merging trades into it.
  `
  ALTER TABLE bars ADD COLUMN source INTEGER NOT NULL DEFAULT 0;
  `,
];
