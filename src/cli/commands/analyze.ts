import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { snapshotFromStore } from '../../engine/analytics/snapshot';
import { openStore } from '../../engine/store/sqliteStore';
import {
  HEDGE_METHODS,
  SPREAD_MODES,
  type HedgeMethod,
  type PairAnalyticsJson,
  type SpreadMode,
} from '../../shared/contract';
import { symbolSchema, TIMEFRAMES, type Timeframe } from '../../shared/market';
import { CliFailure, UsageError, type CliCommand } from '../context';
import { parseTime, resolveDbPath } from '../flags';
import { requireStoredData } from '../storedData';

const help = `Usage: tickscope analyze --y SYM --x SYM --tf TF --window W [--to T]
       [--mode raw|log|ratio] [--hedge ols|kalman|theil-sen] [--json] [--db PATH]

Evaluates every pair analytic Tickscope shows (per-symbol stats, OLS hedge ratio, spread
and z-score, log-return correlation, ADF on the spread, Engle-Granger cointegration,
half-life, Kalman and robust hedge ratios) on the W aligned points of Y on X ending at T.
The window never reaches back across a break in the data: no bar on either leg for longer
than max(10 x tf, 5 min), or a recorded gap that could not be filled (tickscope gaps).

  --y SYM       dependent leg (e.g. BTCUSDT)
  --x SYM       independent leg (e.g. ETHUSDT)
  --tf TF       timeframe: ${TIMEFRAMES.join(', ')}
  --window W    aligned points in the window (integer, 10..100000)
  --to T        evaluation time, epoch ms or ISO 8601 (default: the latest bar)
  --mode M      the spread's prices (default raw):
                  raw    prices: spread in price units of Y
                  log    ln(prices): beta is an elasticity, spread in log points
                  ratio  ln(Y/X): beta fixed at 1, alpha at 0 (no hedge to choose)
  --hedge H     the spread's hedge ratio (default ols; not with --mode ratio):
                  ols        the window's OLS residuals
                  kalman     the Kalman filter's one-step forecast error, the filter
                             run on log prices (raw mode: Y - exp(forecast), price units)
                  theil-sen  residuals of the window's Theil-Sen line
                The spread, its z-score, ADF and half-life use this definition; OLS,
                Kalman and the robust fits are always reported; cointegration is
                Engle-Granger on the mode's prices (log prices in log and ratio modes).
  --json        print the figures as one JSON object (null = could not compute), with
                "mode", "hedge" and "hedgeRatio" (the spread's alpha and beta)
  --db PATH     the SQLite database

Exit status: 0 figures printed, 1 fewer than W aligned points since the last break before T
(or no database), 2 bad flags.
`;

export const command: CliCommand = {
  summary: 'Pair analytics (OLS, z-score, ADF, coint, Kalman, ...) on stored bars',
  help,
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        y: { type: 'string' },
        x: { type: 'string' },
        tf: { type: 'string' },
        window: { type: 'string' },
        to: { type: 'string' },
        mode: { type: 'string' },
        hedge: { type: 'string' },
        json: { type: 'boolean' },
        db: { type: 'string' },
      },
    });
    const y = symbolFlag(values.y, '--y');
    const x = symbolFlag(values.x, '--x');
    if (y === x) throw new UsageError(`--y and --x are both ${y}; a pair needs two symbols`);
    if (values.tf === undefined) throw new UsageError(`--tf is required (one of ${TIMEFRAMES.join(', ')})`);
    if (!(TIMEFRAMES as readonly string[]).includes(values.tf))
      throw new UsageError(`--tf: "${values.tf}" is not one of ${TIMEFRAMES.join(', ')}`);
    const tf = values.tf as Timeframe;
    if (values.window === undefined) throw new UsageError('--window is required (aligned points, e.g. 300)');
    const window = Number(values.window);
    if (!/^\d+$/.test(values.window) || window < 10 || window > 100_000)
      throw new UsageError(`--window: "${values.window}" must be an integer from 10 to 100000`);
    const to = parseTime(values.to, '--to');
    const { mode, hedge } = spreadFlags(values.mode, values.hedge);

    const dbPath = resolveDbPath(values.db, ctx);
    if (!existsSync(dbPath))
      throw new CliFailure(`no database at ${dbPath} (record or import data first, or pass --db)`);
    const store = openStore(dbPath, { readonly: true });
    let snap;
    try {
      for (const symbol of [y, x]) requireStoredData(store, symbol, tf, dbPath);
      snap = snapshotFromStore(store, { y, x, tf, window, mode, hedge }, to);
    } finally {
      store.close();
    }
    if (!snap.ok) throw new CliFailure(`${y} on ${x} ${tf}: ${snap.message}`);
    ctx.stdout.write(values.json ? JSON.stringify(snap.value) + '\n' : formatTable(snap.value, snap.issues));
    return 0;
  },
};

/** --mode and --hedge, checked against the contract's lists (../shared/specs/cli.md). */
export function spreadFlags(
  rawMode: string | undefined,
  rawHedge: string | undefined,
): { mode: SpreadMode; hedge: HedgeMethod } {
  const mode = rawMode ?? 'raw';
  if (!(SPREAD_MODES as readonly string[]).includes(mode))
    throw new UsageError(`--mode: "${mode}" is not one of ${SPREAD_MODES.join(', ')}`);
  const hedge = rawHedge ?? 'ols';
  if (!(HEDGE_METHODS as readonly string[]).includes(hedge))
    throw new UsageError(`--hedge: "${hedge}" is not one of ${HEDGE_METHODS.join(', ')}`);
  if (mode === 'ratio' && hedge !== 'ols') {
    throw new UsageError(`--hedge ${hedge} does not apply to --mode ratio: the ratio spread ln(Y/X) fixes beta at 1`);
  }
  return { mode: mode as SpreadMode, hedge: hedge as HedgeMethod };
}

function symbolFlag(raw: string | undefined, name: string): string {
  if (raw === undefined) throw new UsageError(`${name} is required (a symbol, e.g. BTCUSDT)`);
  const parsed = symbolSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${name}: "${raw}" is not a symbol (e.g. BTCUSDT)`);
  return parsed.data;
}

/** Significant digits without exponent noise for typical price-scale figures. */
function fmt(v: number | null | undefined, digits = 6): string {
  if (v === null || v === undefined) return '-';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e9) ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
}

/** The human-readable report: one line per figure group, a reason where it is missing. */
export function formatTable(v: PairAnalyticsJson, issues: Record<string, { reason: string; message: string }>): string {
  const why = (key: string): string => `n/a (${issues[key]?.message ?? 'not computed'})`;
  const crit = (c: { '1%': number; '5%': number; '10%': number }): string =>
    `crit 1% ${fmt(c['1%'])}  5% ${fmt(c['5%'])}  10% ${fmt(c['10%'])}`;
  const rows: [string, string][] = [];
  const head = `${v.y} on ${v.x}  tf ${v.tf}  window ${v.window}  n ${v.n}  end ${new Date(v.end).toISOString()} (${v.end})
spread ${v.mode} mode, ${v.hedge} hedge`;
  const cols = ['last', 'mean', 'std', 'high', 'low', 'vwap', 'return'] as const;
  const statLines = [`${'symbol'.padEnd(12)}${cols.map((c) => c.padStart(14)).join('')}`];
  for (const [sym, s] of Object.entries(v.stats)) {
    statLines.push(
      s
        ? `${sym.padEnd(12)}${cols.map((c) => fmt(s[c], c === 'return' ? 6 : 10).padStart(14)).join('')}`
        : `${sym.padEnd(12)}${why(`stats.${sym}`)}`,
    );
  }
  rows.push([
    'OLS',
    v.ols ? `alpha ${fmt(v.ols.alpha, 10)}  beta ${fmt(v.ols.beta, 10)}  r2 ${fmt(v.ols.r2)}` : why('ols'),
  ]);
  rows.push([
    'Hedge',
    v.hedgeRatio
      ? `${v.hedge}  alpha ${fmt(v.hedgeRatio.alpha, 10)}  beta ${fmt(v.hedgeRatio.beta, 10)}`
      : why('hedgeRatio'),
  ]);
  rows.push([
    'Spread',
    v.spread
      ? `last ${fmt(v.spread.last)}  mean ${fmt(v.spread.mean)}  std ${fmt(v.spread.std)}  z ${fmt(v.spread.z)}`
      : why('spread'),
  ]);
  rows.push(['Correlation', v.correlation !== null ? fmt(v.correlation) : why('correlation')]);
  rows.push([
    'ADF (spread)',
    v.adf
      ? `stat ${fmt(v.adf.stat)}  p ${fmt(v.adf.pvalue, 4)}  lag ${v.adf.usedlag}  nobs ${v.adf.nobs}  ${crit(v.adf.crit)}  icbest ${fmt(v.adf.icbest)}`
      : why('adf'),
  ]);
  rows.push([
    'Cointegration',
    v.coint ? `stat ${fmt(v.coint.stat)}  p ${fmt(v.coint.pvalue, 4)}  ${crit(v.coint.crit)}` : why('coint'),
  ]);
  rows.push(['Half-life', v.halfLife !== null ? `${fmt(v.halfLife)} bars` : why('halfLife')]);
  rows.push([
    'Kalman',
    v.kalman
      ? `beta ${fmt(v.kalman.beta, 10)}  alpha ${fmt(v.kalman.alpha)}  error ${fmt(v.kalman.error)}  errorStd ${fmt(v.kalman.errorStd)}`
      : why('kalman'),
  ]);
  rows.push([
    'Theil-Sen',
    v.robust.theilSen
      ? `alpha ${fmt(v.robust.theilSen.alpha, 10)}  beta ${fmt(v.robust.theilSen.beta, 10)}`
      : why('robust.theilSen'),
  ]);
  rows.push([
    'Huber',
    v.robust.huber
      ? `alpha ${fmt(v.robust.huber.alpha, 10)}  beta ${fmt(v.robust.huber.beta, 10)}`
      : why('robust.huber'),
  ]);
  return [head, '', ...statLines, '', ...rows.map(([k, s]) => `${k.padEnd(14)}${s}`), ''].join('\n');
}
