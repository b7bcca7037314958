import type { BacktestParams, BacktestResult, GridRow, Summary, Trade } from '../../core/backtest/index';

/** The report's columns, in the spec's order (../shared/specs/backtest.md, "Report"). */
export const TRADE_FIELDS: readonly (keyof Trade)[] = [
  'entryTs',
  'exitTs',
  'side',
  'reason',
  'betaE',
  'qY',
  'qX',
  'entryY',
  'entryX',
  'exitY',
  'exitX',
  'gross',
  'fees',
  'funding',
  'net',
  'barsHeld',
];

// One wording for the CLI and the dashboard's in-sample / out-of-sample comparison.
export { IN_SAMPLE_WARNING } from '../../shared/contract/backtest';

/** The swept parameters of a row, as JSON shows them. */
export function rowParams(p: BacktestParams): { window: number; entry: number; exit: number; stop: number | null } {
  return { window: p.window, entry: p.entry, exit: p.exit, stop: p.stop };
}

/** [[ts, equity], …] over every aligned point (ts = the point's start; E at its close). */
export function equityPairs(r: BacktestResult): [number, number][] {
  const out: [number, number][] = new Array(r.ts.length);
  for (let i = 0; i < r.ts.length; i++) out[i] = [r.ts[i]!, r.equity[i]!];
  return out;
}

export function tradesCsv(trades: readonly Trade[]): string {
  const lines = [TRADE_FIELDS.join(',')];
  for (const t of trades) lines.push(TRADE_FIELDS.map((k) => String(t[k])).join(','));
  return lines.join('\n') + '\n';
}

export function equityCsv(r: BacktestResult): string {
  const lines = ['ts,equity,position'];
  for (let i = 0; i < r.ts.length; i++) lines.push(`${r.ts[i]},${r.equity[i]},${r.position[i]}`);
  return lines.join('\n') + '\n';
}

/** Readable numbers: money to cents, ratios to 3 decimals, '-' for none. */
function money(v: number | null): string {
  return v === null ? '-' : v.toFixed(2);
}
function ratio(v: number | null, digits = 3): string {
  return v === null ? '-' : v.toFixed(digits);
}
function pct(v: number | null): string {
  return v === null ? '-' : `${(v * 100).toFixed(1)}%`;
}
function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The parameters a grid does not sweep. */
export function costsLine(p: BacktestParams, funding: string): string {
  return `${p.mode}  max hold ${p.maxHold ?? '-'}  notional ${p.notional} USDT  fee ${p.feeBps} bps  slippage ${p.slippageBps} bps  funding ${funding}`;
}

export function paramsLine(p: BacktestParams, funding: string): string {
  return `window ${p.window}  entry ${p.entry}  exit ${p.exit}  stop ${p.stop ?? '-'}  ${costsLine(p, funding)}`;
}

export function summaryLines(s: Summary, notional: number): string[] {
  return [
    `  trades        ${s.trades}${s.trades ? ` (won ${pct(s.winRate)}, held ${ratio(s.avgBarsHeld, 1)} bars on average, ${s.maxBarsHeld} at most)` : ''}`,
    `  net PnL       ${money(s.netPnl)} USDT (${s.returnPct.toFixed(3)}% of ${notional})   gross ${money(s.grossPnl)}   fees ${money(s.fees)}   funding ${money(s.funding)}`,
    `  drawdown      ${money(s.maxDrawdown)} USDT (${s.maxDrawdownPct.toFixed(3)}%)   exposure ${pct(s.exposure)}`,
    `  Sharpe        ${ratio(s.sharpe)} after costs, ${ratio(s.sharpeNoCosts)} without`,
  ];
}

export function rangeLine(y: string, x: string, tf: string, tfMs: number, ts: readonly number[]): string {
  if (ts.length === 0) return `${y} on ${x}  tf ${tf}  (no points)`;
  return `${y} on ${x}  tf ${tf}  ${iso(ts[0]!)} – ${iso(ts.at(-1)! + tfMs)}  (${ts.length} points)`;
}

/** At most `max` trades as a table, then how many more there are. */
export function tradeTable(trades: readonly Trade[], max = 20): string[] {
  if (trades.length === 0) return [];
  const head = `  ${'entry'.padEnd(21)}${'exit'.padEnd(21)}${'side'.padEnd(7)}${'reason'.padEnd(9)}${'bars'.padStart(6)}${'betaE'.padStart(12)}${'net'.padStart(12)}`;
  const rows = trades
    .slice(0, max)
    .map(
      (t) =>
        `  ${iso(t.entryTs).padEnd(21)}${iso(t.exitTs).padEnd(21)}${t.side.padEnd(7)}${t.reason.padEnd(9)}${String(t.barsHeld).padStart(6)}${t.betaE.toPrecision(6).padStart(12)}${money(t.net).padStart(12)}`,
    );
  if (trades.length > max) rows.push(`  … ${trades.length - max} more (--trades FILE or --json lists them all)`);
  return [head, ...rows];
}

export function gridTable(rows: readonly GridRow[], best: GridRow | null): string[] {
  const head = `  ${'window'.padStart(7)}${'entry'.padStart(7)}${'exit'.padStart(7)}${'stop'.padStart(6)}${'trades'.padStart(8)}${'net'.padStart(12)}${'sharpe'.padStart(10)}${'no costs'.padStart(10)}${'max dd'.padStart(10)}${'exposure'.padStart(10)}`;
  const lines = rows.map((r) => {
    const p = r.params;
    const s = r.summary;
    return (
      `${r === best ? '*' : ' '} ${String(p.window).padStart(7)}${String(p.entry).padStart(7)}${String(p.exit).padStart(7)}${String(p.stop ?? '-').padStart(6)}` +
      `${String(s.trades).padStart(8)}${money(s.netPnl).padStart(12)}${ratio(s.sharpe).padStart(10)}${ratio(s.sharpeNoCosts).padStart(10)}${money(s.maxDrawdown).padStart(10)}${pct(s.exposure).padStart(10)}`
    );
  });
  return [head, ...lines];
}

/** Two summaries side by side (in-sample best | out-of-sample). */
export function sideBySide(a: Summary, b: Summary): string[] {
  const rows: [string, (s: Summary) => string][] = [
    ['trades', (s) => String(s.trades)],
    ['net PnL (USDT)', (s) => money(s.netPnl)],
    ['return', (s) => `${s.returnPct.toFixed(3)}%`],
    ['win rate', (s) => pct(s.winRate)],
    ['fees', (s) => money(s.fees)],
    ['funding', (s) => money(s.funding)],
    ['max drawdown', (s) => money(s.maxDrawdown)],
    ['exposure', (s) => pct(s.exposure)],
    ['Sharpe', (s) => ratio(s.sharpe)],
    ['Sharpe no costs', (s) => ratio(s.sharpeNoCosts)],
  ];
  return [
    `  ${''.padEnd(18)}${'in-sample'.padStart(14)}${'out-of-sample'.padStart(16)}`,
    ...rows.map(([k, f]) => `  ${k.padEnd(18)}${f(a).padStart(14)}${f(b).padStart(16)}`),
  ];
}
