import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseRulesFile } from '../../shared/contract/alerts';
import type { Timeframe } from '../../shared/market';
import { pairLabel, replayAlerts, type AlertFire } from '../../core/alerts';
import { gapSpanOf } from '../../core/analytics/breaks';
import { openStore } from '../../engine/store/sqliteStore';
import { CliFailure, UsageError, type CliCommand } from '../context';
import { parseTimeRange, resolveDbPath } from '../flags';

/** The example rules file printed by `tickscope help alerts`; a test replays it as is. */
export const EXAMPLE_RULES_FILE = `{ "rules": [
  { "id": "btc-60k", "name": "BTC crosses 60k", "kind": "price", "symbol": "BTCUSDT",
    "tf": "1m", "op": "crosses", "level": 60000, "hysteresis": 50, "cooldownMs": 300000 },
  { "id": "eth-drop", "name": "ETH -1% in 5 min", "kind": "change", "symbol": "ETHUSDT",
    "tf": "1m", "lookback": 5, "op": "below", "level": -1 },
  { "id": "pair-z", "name": "BTC/ETH |z| > 2", "kind": "zscore",
    "pair": { "y": "BTCUSDT", "x": "ETHUSDT", "tf": "1m", "window": 300 }, "op": "crosses", "k": 2 },
  { "id": "pair-corr", "name": "BTC/ETH decouple", "kind": "correlation",
    "pair": { "y": "BTCUSDT", "x": "ETHUSDT", "tf": "1m", "window": 300 }, "level": 0.5 },
  { "id": "btc-stale", "name": "BTC feed stale", "kind": "stale", "symbol": "BTCUSDT", "seconds": 30 }
] }`;

const help = `Usage: tickscope alerts test --rules FILE [--from T] [--to T] [--db PATH]

Replays stored history through the alert engine with the rules in FILE and prints each
alert that would have fired as one JSON line:
  {"ruleId","ts","symbol"|"pair","value","threshold","message"}
("pair" is "Y/X"; ts is the bar start, or the moment a data-health rule tripped).

Every rule is replayed, enabled or not, as if it had been created at --from: earlier bars
only warm up lookbacks and rolling windows. A file with any invalid rule is refused whole,
each problem named by its field (rules[2].level: ...).
Nothing is compared across a break in the data (no bar for longer than max(10 x tf, 5 min),
or an unfilled gap): windows and %-change lookbacks restart after it, and so do the rules.

  --rules FILE   the rules (required)
  --from T       start (epoch ms or ISO 8601; default: the first stored bar)
  --to T         end, inclusive (default: the last stored bar)
  --db PATH      the SQLite database

The rules file
  JSON: an array of rules, or {"rules": [...]}: the form the app keeps its rules in, so a
  rule made in the app can be replayed here as it is.
  Every rule has: id (1-64 letters, digits, . _ -), name, kind, and optionally
  enabled (true), hysteresis (0: re-arm only once the value is back past the level by this
  margin), cooldownMs (0: firings within this many ms of data time are swallowed).
  op is one of "above", "below", "crosses" (an observed crossing either way).

  kind         fields                           fires when
  price        symbol tf op level               a bar's close is above/below/crosses level
  change       symbol tf lookback op level      % change of the close over lookback bars
  zscore       pair op k                        the pair's z-score passes +k / -k
  spread       pair op level                    the pair's latest OLS spread vs level
  correlation  pair level [op = "below"]        rolling log-return correlation vs level
  adf          pair op level                    the spread's ADF p-value vs level (0..1)
  stale        symbol seconds                   no trade for that many seconds
  gap          symbol [seconds = 0]             a trade-id gap stays unfilled that long

  pair is {"y": SYM, "x": SYM, "tf": TF, "window": W}: Y on X, W aligned bars (10..100000).
  tf is one of 1s 5s 15s 1m 5m 15m 1h 4h 1d; symbols are Binance names (BTCUSDT).

Example (a valid file):
${EXAMPLE_RULES_FILE}
`;

/** One output line; field order is the spec's. */
export function fireToJson(f: AlertFire): string {
  const where = f.pair ? { pair: pairLabel(f.pair) } : { symbol: f.symbol };
  return JSON.stringify({
    ruleId: f.rule.id,
    ts: f.ts,
    ...where,
    value: f.value,
    threshold: f.threshold,
    message: f.message,
  });
}

function readRules(path: string) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliFailure(`${path}: cannot read the rules file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliFailure(`${path}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = parseRulesFile(json);
  if (!parsed.ok) throw new CliFailure(`${path}: ${parsed.errors.join('; ')}`);
  return parsed.rules;
}

export const command: CliCommand = {
  summary: 'Replay stored history through alert rules (alerts test)',
  help,
  async run(argv, ctx) {
    const [sub, ...rest] = argv;
    if (sub !== 'test')
      throw new UsageError(
        sub
          ? `unknown alerts subcommand "${sub}"; the one there is: test`
          : 'missing subcommand: tickscope alerts test --rules FILE',
      );
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        rules: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        db: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.rules) throw new UsageError('--rules FILE is required');
    const { from, to } = parseTimeRange(values);
    const rules = readRules(values.rules);
    const dbPath = resolveDbPath(values.db, ctx);
    if (!existsSync(dbPath))
      throw new CliFailure(`no database at ${dbPath} (record or import data first, or pass --db)`);

    const store = openStore(dbPath, { readonly: true });
    try {
      // Everything up to --to: earlier bars warm up lookbacks and windows.
      const cache = new Map<string, ReturnType<typeof store.getBars>>();
      const fires = replayAlerts(
        rules,
        {
          bars: (symbol: string, tf: Timeframe) => {
            const key = `${symbol}|${tf}`;
            let bars = cache.get(key);
            if (!bars) cache.set(key, (bars = store.getBars({ symbol, tf, to })));
            return bars;
          },
          tickTimes: function* (symbol: string) {
            for (const t of store.iterateTicks({ symbol, to })) yield t.ts;
          },
          gaps: (symbol: string) => store.listGaps(symbol),
          unfilledGaps: (symbol: string) => store.listUnfilledGaps(symbol).map(gapSpanOf),
        },
        { from, to },
      );
      for (const f of fires) ctx.stdout.write(fireToJson(f) + '\n');
      return 0;
    } finally {
      store.close();
    }
  },
};
