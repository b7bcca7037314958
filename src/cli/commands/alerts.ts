import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseRulesFile } from '../../shared/contract/alerts';
import type { Timeframe } from '../../shared/market';
import { pairLabel, replayAlerts, type AlertFire } from '../../core/alerts';
import { gapSpanOf } from '../../core/analytics/breaks';
import { openStore } from '../../engine/store/sqliteStore';
import { CliFailure, UsageError, type CliCommand } from '../context';
import { parseTime, resolveDbPath } from '../flags';

const help = `Usage: tickscope alerts test --rules FILE [--from T] [--to T] [--db PATH]

Replays stored history through the alert engine with the rules in FILE and prints each
alert that would have fired as one JSON line:
  {"ruleId","ts","symbol"|"pair","value","threshold","message"}
("pair" is "Y/X"; ts is the bar start, or the moment a data-health rule tripped).

FILE is the JSON the app saves: an array of rules or {"rules": [...]} (what the
alerts.listRules call returns). Every rule is replayed, enabled or not, as if it had been
created at --from: earlier bars only warm up lookbacks and rolling windows. A file with any
invalid rule is refused whole, each problem named by its field (rules[2].level: ...).
Nothing is compared across a break in the data (no bar for longer than max(10 x tf, 5 min),
or an unfilled gap): windows and %-change lookbacks restart after it, and so do the rules.

  --rules FILE   the rules (required)
  --from T       start (epoch ms or ISO 8601; default: the first stored bar)
  --to T         end, inclusive (default: the last stored bar)
  --db PATH      the SQLite database
`;

/** One output line; field order is the spec's. */
export function fireToJson(f: AlertFire): string {
  const where = f.pair ? { pair: pairLabel(f.pair) } : { symbol: f.symbol };
  return JSON.stringify({ ruleId: f.rule.id, ts: f.ts, ...where, value: f.value, threshold: f.threshold, message: f.message });
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
    if (sub !== 'test') throw new UsageError(sub ? `unknown alerts subcommand "${sub}"; the one there is: test` : 'missing subcommand: tickscope alerts test --rules FILE');
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { rules: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.rules) throw new UsageError('--rules FILE is required');
    const from = parseTime(values.from, '--from');
    const to = parseTime(values.to, '--to');
    if (from !== undefined && to !== undefined && from > to) throw new UsageError('--from is after --to');
    const rules = readRules(values.rules);
    const dbPath = resolveDbPath(values.db, ctx);
    if (!existsSync(dbPath)) throw new CliFailure(`no database at ${dbPath} (record or import data first, or pass --db)`);

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
