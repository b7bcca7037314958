import { parseArgs } from 'node:util';
import {
  DEFAULT_PARAMS,
  paramsProblem,
  type BacktestParams,
  type GridAxes,
  type PriceMode,
} from '../../core/backtest/index';
import { symbolSchema, TIMEFRAMES, type Timeframe } from '../../shared/market';
import { UsageError } from '../context';
import { parseTime } from '../flags';
import { joinNegativeNumbers } from '../numberFlags';

/** Everything `tickscope backtest` was asked, checked. */
export interface BacktestRequest {
  readonly y: string;
  readonly x: string;
  readonly tf: Timeframe;
  readonly from?: number;
  readonly to?: number;
  /** Base parameters (the first value of each swept flag). */
  readonly base: BacktestParams;
  readonly axes: GridAxes;
  /** More than one combination. */
  readonly isGrid: boolean;
  readonly split?: number;
  readonly funding: 'auto' | 'none';
  readonly json: boolean;
  readonly tradesFile?: string;
  readonly equityFile?: string;
  readonly db?: string;
}

const NUMBER_FLAGS = [
  '--entry',
  '--exit',
  '--stop',
  '--max-hold',
  '--notional',
  '--fee-bps',
  '--slippage-bps',
  '--split',
  '--window',
];

/** Parses and checks the flags; every problem is a UsageError naming the flag. */
export function parseBacktestFlags(argv: readonly string[]): BacktestRequest {
  const { values, positionals } = parseArgs({
    args: joinNegativeNumbers(argv, NUMBER_FLAGS),
    allowPositionals: true,
    options: {
      y: { type: 'string' },
      x: { type: 'string' },
      tf: { type: 'string' },
      window: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      mode: { type: 'string' },
      entry: { type: 'string' },
      exit: { type: 'string' },
      stop: { type: 'string' },
      'max-hold': { type: 'string' },
      notional: { type: 'string' },
      'fee-bps': { type: 'string' },
      'slippage-bps': { type: 'string' },
      funding: { type: 'string' },
      split: { type: 'string' },
      json: { type: 'boolean' },
      trades: { type: 'string' },
      equity: { type: 'string' },
      db: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const y = symbolFlag(values.y, '--y');
  const x = symbolFlag(values.x, '--x');
  if (y === x) throw new UsageError(`--y and --x are both ${y}; a pair needs two symbols`);
  if (values.tf === undefined) throw new UsageError(`--tf is required (one of ${TIMEFRAMES.join(', ')})`);
  if (!(TIMEFRAMES as readonly string[]).includes(values.tf))
    throw new UsageError(`--tf: "${values.tf}" is not one of ${TIMEFRAMES.join(', ')}`);
  if (values.window === undefined)
    throw new UsageError('--window is required (aligned points, e.g. 300, or a list 300,900)');
  const windows = list(
    values.window,
    '--window',
    (v) => Number.isInteger(v) && v >= 10 && v <= 100_000,
    'an integer from 10 to 100000',
  );
  const from = parseTime(values.from, '--from');
  const to = parseTime(values.to, '--to');
  if (from !== undefined && to !== undefined && to <= from)
    throw new UsageError(`--to (${values.to}) must be after --from (${values.from})`);
  const mode = (values.mode ?? 'raw') as PriceMode;
  if (mode !== 'raw' && mode !== 'log') throw new UsageError(`--mode: "${values.mode}" is not raw or log`);
  const entry =
    values.entry === undefined ? [DEFAULT_PARAMS.entry] : list(values.entry, '--entry', (v) => v > 0, 'a positive z');
  const exit = values.exit === undefined ? [DEFAULT_PARAMS.exit] : list(values.exit, '--exit', () => true, 'a z');
  const stop = values.stop === undefined ? [null] : list(values.stop, '--stop', (v) => v > 0, 'a positive z');
  const maxHold =
    values['max-hold'] === undefined
      ? null
      : single(values['max-hold'], '--max-hold', (v) => Number.isInteger(v) && v >= 1, 'a whole number of bars ≥ 1');
  const notional =
    values.notional === undefined
      ? DEFAULT_PARAMS.notional
      : single(values.notional, '--notional', (v) => v > 0, 'a positive amount of USDT');
  const feeBps =
    values['fee-bps'] === undefined
      ? DEFAULT_PARAMS.feeBps
      : single(values['fee-bps'], '--fee-bps', (v) => v >= 0, 'a fee of 0 bps or more');
  const slippageBps =
    values['slippage-bps'] === undefined
      ? DEFAULT_PARAMS.slippageBps
      : single(values['slippage-bps'], '--slippage-bps', (v) => v >= 0 && v < 10_000, 'from 0 to below 10000 bps');
  const funding = values.funding ?? 'auto';
  if (funding !== 'auto' && funding !== 'none') throw new UsageError(`--funding: "${funding}" is not auto or none`);
  const split =
    values.split === undefined
      ? undefined
      : single(values.split, '--split', (v) => v > 0 && v < 1, 'a fraction between 0 and 1 (e.g. 0.7)');

  const base: BacktestParams = {
    window: windows[0]!,
    mode,
    entry: entry[0]!,
    exit: exit[0]!,
    stop: stop[0]!,
    maxHold,
    notional,
    feeBps,
    slippageBps,
  };
  const axes: GridAxes = { window: windows, entry, exit, stop };
  // Every combination must make sense on its own: name the first that does not.
  for (const e of entry) {
    for (const xz of exit) {
      for (const s of stop) {
        const problem = paramsProblem({ ...base, entry: e, exit: xz, stop: s });
        if (problem) throw new UsageError(`--entry ${e} --exit ${xz}${s === null ? '' : ` --stop ${s}`}: ${problem}`);
      }
    }
  }
  return {
    y,
    x,
    tf: values.tf as Timeframe,
    from,
    to,
    base,
    axes,
    isGrid: windows.length * entry.length * exit.length * stop.length > 1,
    split,
    funding,
    json: values.json ?? false,
    tradesFile: values.trades,
    equityFile: values.equity,
    db: values.db,
  };
}

function symbolFlag(raw: string | undefined, name: string): string {
  if (raw === undefined) throw new UsageError(`${name} is required (a symbol, e.g. BTCUSDT)`);
  const parsed = symbolSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${name}: "${raw}" is not a symbol (e.g. BTCUSDT)`);
  return parsed.data;
}

function num(raw: string, name: string, ok: (v: number) => boolean, what: string): number {
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v) || !ok(v)) throw new UsageError(`${name}: "${raw}" is not ${what}`);
  return v;
}

function single(raw: string, name: string, ok: (v: number) => boolean, what: string): number {
  if (raw.includes(',')) throw new UsageError(`${name} takes one value, not a list`);
  return num(raw, name, ok, what);
}

/** A comma list of numbers (one value is a list of one), duplicates dropped. */
function list(raw: string, name: string, ok: (v: number) => boolean, what: string): number[] {
  const values = raw.split(',').map((s) => num(s, name, ok, what));
  return [...new Set(values)];
}
