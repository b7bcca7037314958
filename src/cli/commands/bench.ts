import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type CliCommand, type CliContext } from '../context';
import { repoRoot } from '../flags';

type Figures = Record<string, { value: number; unit: string }>;

/** Each suite runs in a child process of its own, so one suite's heap never skews another's RSS. */
const SUITES: Record<string, { about: string; run: (quick: boolean) => Promise<Figures> }> = {
  market: {
    about:
      'ingest_ticks_per_s, sqlite_insert_rows_per_s (reference), ingest_vs_sqlite, export_rows_per_s (CSV), export_parquet_rows_per_s, rss_mb_after_10m_ticks',
    run: async (quick) =>
      (await import('../../engine/bench/market')).runMarketBench(
        quick ? { ticks: 200_000, memoryTicks: 1_000_000 } : {},
      ),
  },
  analytics: {
    about: 'adf_autolag_86400_ms, coint_86400_ms, rolling_update_ns, tick_to_push_ms_p99, adf_speedup_vs_statsmodels',
    run: async (quick) => (await import('../../engine/bench/analytics')).runAnalyticsBench({ quick }),
  },
  watch: {
    about:
      'watch_pairs_50_cpu_pct (engine CPU, 50 pairs over 20 symbols at 1 s, W = 3600, live rate), watch_update_ms_p99 (bar close to every pair folded)',
    run: async (quick) => (await import('../../engine/bench/watch')).runWatchBench({ quick }),
  },
  backtest: {
    about: 'backtest_86400_ms (a day of 1 s bars, W = 3600, one parameter set), backtest_grid_5x5_86400_s',
    run: async (quick) => (await import('../../engine/bench/backtest')).runBacktestBench({ quick }),
  },
  scanner: {
    about:
      'scan_200x1440_s (200 symbols, 19,900 pairs, worker pool), scan_speedup_vs_statsmodels (a sample of pairs in statsmodels, scaled), scan_200x1440_cpu_s, scan_cpu_speedup_vs_statsmodels, scan_pairs_per_s',
    run: async (quick) => (await import('../../engine/bench/scanner')).runScannerBench({ quick }),
  },
  ui: {
    about:
      'ui_open_86400_bars_ms, ui_open_analytics_ms, ui_frame_ms_p95_pan_zoom, ui_frame_ms_p95_live, ui_heap_growth_mb_per_hour (Chromium via Playwright, needs the build)',
    run: async () => {
      throw new UsageError('the ui suite runs as its own script; use tickscope bench --only ui');
    },
  },
  bus: {
    about:
      'bus_publish_ticks_per_s, bus_consume_ticks_per_s, bus_tick_to_consumer_ms_p99 (one nats-server on loopback; needs nats-server)',
    run: async (quick) => (await import('../../engine/bench/bus')).runBusBench({ quick }),
  },
  soak: {
    about:
      'soak_rss_growth_mb, event_loop_p99_ms (10M ticks through engine + serve + client), soak_ticks_per_s, soak_rss_peak_mb',
    run: async (quick) => (await import('../../engine/bench/soak')).runSoakBench({ quick }),
  },
};

const help = `Usage: tickscope bench [--json] [--quick] [--only SUITE,...]

Runs the performance benchmarks and prints their figures. Absolute timings are noisy, so
figures that matter come with a reference measured in the same run (e.g. ingest_vs_sqlite).

  --json        one JSON object: benchmark name -> { "value", "unit" }
  --quick       smaller inputs (a smoke run, not for reporting)
  --only LIST   suites to run (default all): ${Object.keys(SUITES).join(', ')}

Suites:
${Object.entries(SUITES)
  .map(([name, s]) => `  ${name.padEnd(10)} ${s.about}`)
  .join('\n')}
`;

/**
 * The browser benchmarks drive Chromium with Playwright, a development tool, so they live
 * with the tests (tests/bench/uiBench.ts) and run from a checkout that has them.
 */
const UI_BENCH = 'tests/bench/uiBench.ts';

function childArgs(suite: string, quick: boolean): string[] | null {
  const root = repoRoot();
  if (suite === 'ui') {
    if (!existsSync(resolve(root, UI_BENCH))) return null;
    return ['--import', 'tsx', resolve(root, UI_BENCH), ...(quick ? ['--quick'] : [])];
  }
  return [resolve(root, 'bin/tickscope.mjs'), 'bench', '--child', suite, ...(quick ? ['--quick'] : [])];
}

function runChild(suite: string, quick: boolean, ctx: CliContext): Promise<Figures> {
  const args = childArgs(suite, quick);
  if (!args) {
    ctx.stderr.write(`bench: ${suite} skipped: ${UI_BENCH} is not in this installation (run from a checkout)\n`);
    return Promise.resolve({});
  }
  if (suite === 'ui' && !existsSync(resolve(repoRoot(), 'out/renderer/index.html'))) {
    ctx.stderr.write('bench: ui needs the dashboard build; run "npm run build" first\n');
    return Promise.resolve({});
  }
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--expose-gc', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: ctx.env,
      cwd: repoRoot(),
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => ctx.stderr.write(d));
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`benchmark suite "${suite}" failed (exit ${code})`));
      try {
        done(JSON.parse(out) as Figures);
      } catch {
        fail(new Error(`benchmark suite "${suite}" printed no JSON`));
      }
    });
  });
}

export const command: CliCommand = {
  summary: 'Run the performance benchmarks',
  help,
  async run(argv, ctx) {
    const { values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        quick: { type: 'boolean' },
        only: { type: 'string' },
        child: { type: 'string' },
      },
    });
    const quick = Boolean(values.quick);
    if (values.child) {
      const suite = SUITES[values.child];
      if (!suite) throw new UsageError(`--child: unknown suite "${values.child}"`);
      ctx.stdout.write(JSON.stringify(await suite.run(quick)) + '\n');
      return 0;
    }
    const names = values.only ? values.only.split(',').filter(Boolean) : Object.keys(SUITES);
    for (const n of names)
      if (!SUITES[n]) throw new UsageError(`--only: unknown suite "${n}" (have ${Object.keys(SUITES).join(', ')})`);
    const all: Figures = {};
    for (const name of names) {
      if (!values.json) ctx.stderr.write(`bench: running ${name}…\n`);
      Object.assign(all, await runChild(name, quick, ctx));
    }
    if (values.json) ctx.stdout.write(JSON.stringify(all, null, 2) + '\n');
    else {
      const width = Math.max(...Object.keys(all).map((k) => k.length));
      for (const [k, v] of Object.entries(all))
        ctx.stdout.write(`${k.padEnd(width)}  ${formatValue(v.value)} ${v.unit}\n`);
    }
    return 0;
  },
};

function formatValue(v: number): string {
  return Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toPrecision(4)));
}
