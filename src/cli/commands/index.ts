import type { CliCommand } from '../context';

/**
 * Every command, loaded lazily so `tickscope help` stays instant. Each module exports
 * `command: CliCommand` (or the older `run` + `help` pair).
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  record: { summary: 'Record live Binance USD-M trades into the database', load: () => adapt(import('./record')) },
  import: {
    summary: 'Import data.binance.vision CSV/zip files and recorded stream logs',
    load: () => adapt(import('./import')),
  },
  export: {
    summary: 'Export ticks (csv/json/jsonl/parquet) or bars (csv/json/parquet)',
    load: () => adapt(import('./export')),
  },
  analyze: {
    summary: 'Pair analytics (OLS, z-score, ADF, coint, Kalman, ...) on stored bars',
    load: () => adapt(import('./analyze')),
  },
  fetch: {
    summary: 'Backfill over REST: klines of a universe as bars, funding-rate history',
    load: () => adapt(import('./fetch')),
  },
  scan: {
    summary: 'Screen every pair of a universe for cointegration (ranked, FDR-controlled)',
    load: () => adapt(import('./scan')),
  },
  bench: { summary: 'Run the performance benchmarks', load: () => adapt(import('./bench')) },
  alerts: { summary: 'Replay stored history through alert rules (alerts test)', load: () => adapt(import('./alerts')) },
  gaps: { summary: 'List the gaps in the stored trades that could not be filled', load: () => adapt(import('./gaps')) },
  serve: {
    summary: 'Run the engine headless and serve the dashboard and its API',
    load: () => adapt(import('./serve')),
  },
  backtest: {
    summary: 'Backtest a pair z-score mean-reversion strategy on stored bars',
    load: () => adapt(import('./backtest')),
  },
};

type CommandModule = { command?: CliCommand; run?: CliCommand['run']; help?: string; summary?: string };

async function adapt(mod: Promise<CommandModule>): Promise<CliCommand> {
  const m = await mod;
  if (m.command) return m.command;
  if (!m.run) throw new Error('command module exports neither `command` nor `run`');
  return { summary: m.summary ?? '', help: m.help ?? '', run: m.run };
}
