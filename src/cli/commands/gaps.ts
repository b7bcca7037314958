import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { UnfilledGap } from '../../engine/store/sqliteStore';
import { CliFailure, UsageError, type CliCommand } from '../context';
import { openStoreForCli, parseSymbols, resolveDbPath } from '../flags';

const help = `Usage: tickscope gaps [--symbol SYM] [--json] [--db PATH]

Lists the gaps in the stored trades that could not be filled: ids the feed saw missing
(an id jump in the stream) whose refill over REST failed or never ran, and which no import
has brought since. Each is a break in the data: analytics and alert rules never reach
across one (see tickscope help analyze).

  symbol             the symbol
  from, to           trade times (UTC) of the last stored trade before the missing ids
                     and of the first one after them ("?" when that trade is not stored)
  missing ids        the first and the last missing id, and how many

  --symbol SYM   only this symbol (case-insensitive)
  --json         one JSON object: {"gaps":[{"symbol","from","to","firstMissingId",
                 "lastMissingId","missing","detectedAt","reason"}]} (times in epoch ms,
                 from/to null when unknown), oldest first
  --db PATH      the SQLite database

Exit status: 0 listed (also when there are none), 1 no database or an unknown symbol,
2 bad flags.
`;

export const command: CliCommand = {
  summary: 'List the gaps in the stored trades that could not be filled',
  help,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { symbol: { type: 'string' }, json: { type: 'boolean' }, db: { type: 'string' } },
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.symbol !== undefined && values.symbol.includes(',')) throw new UsageError('--symbol takes one symbol');
    const symbol = values.symbol === undefined ? undefined : parseSymbols(values.symbol, '--symbol')[0];
    if (values.symbol !== undefined && symbol === undefined)
      throw new UsageError('--symbol needs a symbol (e.g. BTCUSDT)');
    const dbPath = resolveDbPath(values.db, ctx);
    if (!existsSync(dbPath))
      throw new CliFailure(`no database at ${dbPath} (record or import data first, or pass --db)`);
    const store = openStoreForCli(dbPath, { readonly: true });
    let gaps: UnfilledGap[];
    try {
      if (symbol !== undefined && !store.listSymbols().includes(symbol)) {
        throw new CliFailure(
          `--symbol: ${symbol} is not in ${dbPath} (it holds ${store.listSymbols().join(', ') || 'no symbols'})`,
        );
      }
      gaps = store.listUnfilledGaps(symbol);
    } finally {
      store.close();
    }
    ctx.stdout.write(values.json ? JSON.stringify({ gaps: gaps.map(gapJson) }) + '\n' : formatGaps(gaps, symbol));
    return 0;
  },
};

/** One gap as `tickscope gaps --json` prints it. */
export function gapJson(g: UnfilledGap) {
  return {
    symbol: g.symbol,
    from: g.fromTs,
    to: g.toTs,
    firstMissingId: g.fromId,
    lastMissingId: g.toId,
    missing: g.toId - g.fromId + 1,
    detectedAt: g.detectedAt,
    reason: g.reason,
  };
}

const iso = (ms: number | null): string => (ms === null ? '?' : new Date(ms).toISOString());

/** The human table: one row per gap, oldest first. */
export function formatGaps(gaps: readonly UnfilledGap[], symbol?: string): string {
  if (gaps.length === 0) return `no unfilled gaps${symbol ? ` for ${symbol}` : ''}\n`;
  const rows = gaps.map((g) => [
    g.symbol,
    iso(g.fromTs),
    iso(g.toTs),
    `${g.fromId}..${g.toId} (${g.toId - g.fromId + 1})`,
    g.reason ?? '',
  ]);
  const head = ['symbol', 'from', 'to', 'missing ids', 'reason'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}
