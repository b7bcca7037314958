import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pairIndices } from '../../core/scanner/pairs';
import { syntheticUniverse } from '../../core/scanner/syntheticUniverse';
import { DEFAULT_SCAN_OPTIONS, type SymbolSeries } from '../../core/scanner/types';
import type { Bar } from '../../shared/market';
import { scanStore } from '../scanner/scanStore';
import { openStore } from '../store/sqliteStore';

export type BenchFigures = Record<string, { value: number; unit: string }>;

export interface ScannerBenchOptions {
  /** 40 symbols instead of 200 and a smaller statsmodels sample (a smoke run). */
  quick?: boolean;
  /** Interpreter with statsmodels for the reference figure (default /usr/bin/python3). */
  python?: string;
}

const BARS = 1440;
const START = 1_722_470_400_000;

/**
 * The scanner figures of `tickscope bench`: the whole scan of a 200-symbol universe of a
 * day of 1m bars (19,900 pairs, Engle–Granger both ways), from the database through the
 * worker pool to the ranked result, and statsmodels doing the same work per pair on a
 * sample of the same pairs in the same run, scaled to the whole scan.
 */
export async function runScannerBench(opts: ScannerBenchOptions = {}): Promise<BenchFigures> {
  const symbols = opts.quick ? 40 : 200;
  const u = syntheticUniverse({
    seed: 2024,
    symbols,
    bars: BARS,
    tfMs: 60_000,
    start: START,
    planted: 10,
    missing: 0.01,
  });
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-bench-scan-'));
  const out: BenchFigures = {};
  try {
    const store = openStore(join(dir, 'scan.db'));
    try {
      store.upsertBars(asBars(u.series));
      // CPU time of the whole process (main thread and every worker): on a shared machine
      // wall time depends on the other load, CPU time much less.
      const cpu0 = process.cpuUsage();
      const report = await scanStore(store, { symbols: 'all', tf: '1m', bars: BARS, options: DEFAULT_SCAN_OPTIONS });
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const pairs = report.tested + report.excluded.length;
      const seconds = report.elapsedMs / 1000;
      out[`scan_${symbols}x${BARS}_s`] = { value: seconds, unit: 's' };
      out[`scan_${symbols}x${BARS}_cpu_s`] = { value: cpuSeconds, unit: 's (all threads)' };
      out.scan_pairs_per_s = { value: pairs / seconds, unit: 'pairs/s' };
      const sm = statsmodelsPerPair(u.series, opts.quick ? 6 : 24, opts.python ?? '/usr/bin/python3');
      if (sm !== null) {
        const smSeconds = (sm.wallMs * pairs) / 1000;
        out[`statsmodels_scan_${symbols}x${BARS}_s`] = { value: smSeconds, unit: 's (scaled from a sample)' };
        out.scan_speedup_vs_statsmodels = { value: smSeconds / seconds, unit: 'x' };
        out.scan_cpu_speedup_vs_statsmodels = { value: (sm.cpuMs * pairs) / 1000 / cpuSeconds, unit: 'x (CPU time)' };
      }
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

function asBars(series: readonly SymbolSeries[]): Bar[] {
  const bars: Bar[] = [];
  for (const s of series) {
    for (let i = 0; i < s.ts.length; i++) {
      const c = s.close[i]!;
      bars.push({
        symbol: s.symbol,
        tf: '1m',
        ts: s.ts[i]!,
        open: c,
        high: c,
        low: c,
        close: c,
        volume: 1,
        quoteVolume: c,
        trades: 1,
        vwap: c,
        buyVolume: 0.5,
      });
    }
  }
  return bars;
}

// One pair's work as ../shared/specs/scanner.md defines it, with pandas and statsmodels:
// align (union, ffill, dropna) on ln close, coverage, log-return correlation, coint both
// ways, OLS in the better direction, half-life, z of the last point, mean crossings.
const PAIR_SCRIPT = String.raw`
import sys, json, time, math, warnings
import numpy as np, pandas as pd
from statsmodels.tsa.stattools import coint
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant
warnings.simplefilter('ignore')
data = json.load(open(sys.argv[1]))
ln = {s['symbol']: pd.Series(np.log(np.asarray(s['close'], dtype=float)), index=np.asarray(s['ts'], dtype=np.int64)) for s in data['series']}
def pair(a, b):
    sa, sb = ln[a], ln[b]
    df = pd.concat({'a': sa, 'b': sb}, axis=1).sort_index().ffill().dropna()
    n = len(df)
    t0 = df.index[0]
    if min((sa.index >= t0).sum(), (sb.index >= t0).sum()) / n < 0.9 or n < 200:
        return
    la, lb = df['a'].to_numpy(), df['b'].to_numpy()
    r = df.diff()
    r['a'].corr(r['b'])
    _, pab, _ = coint(la, lb, trend='c', method='aeg', autolag='aic')
    _, pba, _ = coint(lb, la, trend='c', method='aeg', autolag='aic')
    ly, lx = (la, lb) if pab <= pba else (lb, la)
    s = np.asarray(OLS(ly, add_constant(lx, has_constant='add')).fit().resid)
    OLS(np.diff(s), add_constant(s[:-1], has_constant='add')).fit()
    (s[-1] - s.mean()) / s.std(ddof=1)
    sg = np.sign(s - s.mean()); sg = sg[sg != 0]; int((sg[1:] != sg[:-1]).sum())
pair(*data['pairs'][0])
t, c = time.perf_counter(), time.process_time()
for a, b in data['pairs']:
    pair(a, b)
k = len(data['pairs'])
print(json.dumps({'wallMs': (time.perf_counter() - t) * 1000 / k, 'cpuMs': (time.process_time() - c) * 1000 / k}))
`;

/** statsmodels' wall and CPU milliseconds per pair on `sample` pairs spread evenly over the
 * scan's pairs; null when the interpreter or statsmodels is missing. */
function statsmodelsPerPair(
  series: readonly SymbolSeries[],
  sample: number,
  python: string,
): { wallMs: number; cpuMs: number } | null {
  if (spawnSync(python, ['-c', 'import statsmodels, pandas'], { stdio: 'ignore' }).status !== 0) return null;
  const sorted = [...series].sort((p, q) => (p.symbol < q.symbol ? -1 : 1));
  const idx = pairIndices(sorted.length);
  const total = idx.length / 2;
  const pairs: [string, string][] = [];
  for (let k = 0; k < sample; k++) {
    const p = Math.floor(((k + 0.5) * total) / sample);
    pairs.push([sorted[idx[2 * p]!]!.symbol, sorted[idx[2 * p + 1]!]!.symbol]);
  }
  const used = new Set(pairs.flat());
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-bench-sm-scan-'));
  try {
    const file = join(dir, 'pairs.json');
    const data = {
      pairs,
      series: sorted
        .filter((s) => used.has(s.symbol))
        .map((s) => ({ symbol: s.symbol, ts: Array.from(s.ts), close: Array.from(s.close) })),
    };
    writeFileSync(file, JSON.stringify(data));
    const r = spawnSync(python, ['-c', PAIR_SCRIPT, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) return null;
    const v = JSON.parse(r.stdout.trim()) as { wallMs: number; cpuMs: number };
    return Number.isFinite(v.wallMs) && Number.isFinite(v.cpuMs) ? v : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
