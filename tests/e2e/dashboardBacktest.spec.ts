import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { backtestPair, DEFAULT_PARAMS } from '../../src/core/backtest/index';
import { openStore } from '../../src/engine/store/sqliteStore';
import { createWsApi, type WsApi } from '../../src/renderer/api/wsApi';
import { costShare } from '../../src/renderer/lib/backtest/costShare';
import { usdt } from '../../src/renderer/lib/backtest/money';
import type { BacktestFinish, BacktestProgress } from '../../src/shared/contract';
import type { Bar } from '../../src/shared/market';
import { unpackRows } from '../../src/shared/wirePacking';
import { startFakeBinance, type FakeBinance } from '../support/fakeBinance/server';
import { seedBars } from '../support/seedBars';
import { startServe, type ServeInfo } from '../support/serveProcess';
import { shot } from './support/charts';

// Four hours of stored 1 s bars of the seeded pair, served by `tickscope serve` with a live
// source that stays quiet: the backtest reads exactly these bars.
const SECONDS = 4 * 3600;
const END = Date.UTC(2024, 4, 1, 12);
const [Y, X] = ['BTCUSDT', 'ETHUSDT'];

let fake: FakeBinance;
let serve: ServeInfo;
let api: WsApi;
let dir: string;
let legs: { y: Bar[]; x: Bar[] };

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-backtest-e2e-'));
  const dbPath = join(dir, 'bt.db');
  seedBars(dbPath, { count: SECONDS, endMs: END });
  const store = openStore(dbPath, { readonly: true });
  legs = { y: store.getBars({ symbol: Y, tf: '1s' }), x: store.getBars({ symbol: X, tf: '1s' }) };
  store.close();
  fake = await startFakeBinance({ trades: [], symbols: [Y, X] });
  serve = await startServe([
    '--source',
    'live',
    '--symbols',
    `${Y},${X}`,
    '--ws-url',
    fake.wsUrl,
    '--rest-url',
    fake.restUrl,
    '--db',
    dbPath,
  ]);
  api = createWsApi(serve.wsUrl, WebSocket as never);
  await api.ready();
});

test.afterAll(async () => {
  api?.close();
  expect(await serve?.stop()).toBe(0);
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The backtest pushes the page receives, in order (as the engine sent them). */
function recordBacktestPushes(page: Page): { progress: BacktestProgress[]; finishes: BacktestFinish[] } {
  const seen = { progress: [] as BacktestProgress[], finishes: [] as BacktestFinish[] };
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const frame = JSON.parse(String(f.payload)) as { event?: string; payload?: unknown };
      if (frame.event === 'backtest.onDidProgress') seen.progress.push(unpackRows(frame.payload) as BacktestProgress);
      if (frame.event === 'backtest.onDidFinish') seen.finishes.push(unpackRows(frame.payload) as BacktestFinish);
    }),
  );
  return seen;
}

/** The markers a chart draws on its first line (ECharts markPoint), as [ts, z] pairs. */
async function markerCoords(page: Page, chart: string): Promise<number[][]> {
  return page.evaluate((id) => {
    const c = (window as unknown as { __tickscopeCharts: Record<string, { getOption(): unknown }> }).__tickscopeCharts[
      id
    ]!;
    const opt = c.getOption() as { series: { markPoint?: { data: { coord: number[] }[] } }[] };
    return (opt.series[0]!.markPoint?.data ?? []).map((d) => d.coord);
  }, chart);
}

test('the backtest view: a 2×2 grid with progress, its heatmap cells, a cell run in full, its trades and markers, "Use as alert"', async ({
  page,
}) => {
  const pushes = recordBacktestPushes(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(serve.url);
  await expect(page.getByTestId('bar-count')).toHaveText(`${legs.y.length} bars`);
  await expect(page.getByTestId('symbol-x-select')).toHaveValue(X);

  // b opens the view: the parameters in the sidebar, the results in the charts' place.
  await page.keyboard.press('b');
  const form = page.getByTestId('backtest-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('backtest-view')).toBeVisible();
  await expect(form).toContainText(`${Y} on ${X} · 1s`);

  // The form says what the engine would refuse, under the field, and will not run it.
  await form.getByTestId('bt-windows').fill('100, 5');
  await expect(form).toContainText('a window is at least 10 points');
  await expect(form.getByTestId('bt-run')).toBeDisabled();
  await form.getByTestId('bt-windows').fill('100, 200');
  await form.getByTestId('bt-entry').fill('1.5, 2');
  await form.getByTestId('bt-exit').fill('1.5');
  await expect(form).toContainText('entry (1.5) must be greater than exit (1.5)');
  await form.getByTestId('bt-exit').fill('0');
  await expect(form.getByTestId('bt-run')).toHaveText('Run grid (4)');

  await form.getByTestId('bt-run').click();
  // Progress: the engine reported each step up to its total, and the form says it is done.
  await expect(form.getByTestId('bt-done')).toContainText('4 combinations and the best in full');
  const grid = pushes.finishes.at(-1)!;
  if (grid.status !== 'done') throw new Error(`grid ${grid.status}`);
  expect(pushes.progress.length).toBeGreaterThan(0);
  expect(pushes.progress.at(-1)).toEqual({ id: grid.id, done: 5, total: 5 });
  expect(pushes.progress.map((p) => p.done)).toEqual([...pushes.progress.map((p) => p.done)].sort((a, b) => a - b));

  // The heatmap: one cell per combination, coloured by Sharpe after costs, the best starred.
  const cells = page.getByTestId('bt-heatmap').locator('button.bt-cell');
  await expect(cells).toHaveCount(4);
  for (const row of grid.result.rows) {
    const cell = page.getByTestId(`bt-cell-${row.params.window}-${row.params.entry}`);
    await expect(cell).toHaveAttribute('data-sharpe', String(row.summary.sharpe ?? ''));
  }
  const best = grid.result.rows[grid.result.best]!.params;
  await expect(page.getByTestId(`bt-cell-${best.window}-${best.entry}`)).toHaveClass(/best/);
  await expect(page.getByTestId(`bt-cell-${best.window}-${best.entry}`)).toHaveClass(/shown/);
  await shot(page, 'backtest-grid-1280x720');

  // A cell runs that combination in full.
  const other = grid.result.rows.find((r) => r.params.window !== best.window || r.params.entry !== best.entry)!.params;
  const before = pushes.finishes.length;
  await page.getByTestId(`bt-cell-${other.window}-${other.entry}`).click();
  await expect(page.getByTestId(`bt-cell-${other.window}-${other.entry}`)).toHaveClass(/shown/);
  await expect(page.getByTestId('bt-exposure')).toContainText(`W ${other.window} · entry ${other.entry} · exit 0`);
  const cellRun = pushes.finishes[before]!;
  if (cellRun.status !== 'done') throw new Error(`cell run ${cellRun.status}`);
  expect(cellRun.result.rows).toHaveLength(1);
  // The heatmap stays, with all four cells.
  await expect(cells).toHaveCount(4);

  // The trade table lists exactly the engine's trades, and they are the core backtest's.
  const run = cellRun.result.runs[0]!;
  const ref = backtestPair(legs.y, legs.x, 1000, { ...DEFAULT_PARAMS, window: other.window, entry: other.entry });
  expect(run.trades).toEqual(ref.trades);
  expect(run.trades.length).toBeGreaterThan(3);
  const rows = page.getByTestId('bt-trades').locator('tbody tr');
  await expect(rows).toHaveCount(run.trades.length);
  const shown = await rows.evaluateAll((trs) =>
    trs.map((tr) => [
      Number(tr.getAttribute('data-entry-ts')),
      Number(tr.getAttribute('data-exit-ts')),
      Number(tr.getAttribute('data-net')),
    ]),
  );
  expect(shown).toEqual(run.trades.map((t) => [t.entryTs, t.exitTs, t.net]));
  await expect(rows.first()).toContainText(run.trades[0]!.net.toFixed(2));
  // Sorting by net puts the best trade first.
  await page.getByTestId('bt-sort-net').click();
  await expect(rows.first()).toHaveAttribute('data-net', String(Math.max(...run.trades.map((t) => t.net))));
  // The cards: net PnL and what the costs took of the gross.
  await expect(page.getByTestId('bt-net')).toContainText(usdt(ref.summary.netPnl));
  const costs = costShare(ref.summary);
  await expect(page.getByTestId('bt-cost-share')).toHaveText(
    costs.share === null
      ? `on a gross loss of ${usdt(-ref.summary.grossPnl)}`
      : `${(costs.share * 100).toFixed(0)}% of gross PnL ${usdt(ref.summary.grossPnl)}`,
  );

  // Each trade's entry and exit sit on the z panel, at the signal point, on the z it traded.
  const withZ = run.marks.filter((m) => m.z !== null);
  await page.keyboard.press('0');
  await expect.poll(() => markerCoords(page, 'backtest-z').then((c) => c.length)).toBe(withZ.length);
  expect(await markerCoords(page, 'backtest-z')).toEqual(withZ.map((m) => [m.ts, m.z]));

  // "Use as alert": two rules on the pair, with the run's window, entry and exit.
  await page.getByTestId('bt-use-alert').click();
  await expect(page.getByTestId('bt-alert-message')).toContainText('Created 2 alert rules');
  const { rules } = await api.invoke('alerts.listRules', {});
  const pair = { y: Y, x: X, tf: '1s', window: other.window };
  expect(rules).toEqual([
    expect.objectContaining({ kind: 'zscore', pair, op: 'crosses', k: other.entry, hysteresis: other.entry }),
    expect.objectContaining({ kind: 'spread', pair, op: 'crosses', level: 0 }),
  ]);
  await shot(page, 'backtest-cell-1280x720');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(page.getByTestId('bt-trades')).toBeVisible();
  await shot(page, 'backtest-cell-1920x1080');

  // Back on the charts (b), the dashboard's own z panel carries the same marks.
  await page.keyboard.press('b');
  await expect(page.getByTestId('panel-zscore')).toBeVisible();
  await expect.poll(() => markerCoords(page, 'zscore').then((c) => c.length)).toBe(withZ.length);
  await shot(page, 'backtest-markers-charts-1920x1080');
});

test('a split shows in-sample against out-of-sample with the warning; a long grid can be cancelled', async ({
  page,
}) => {
  const pushes = recordBacktestPushes(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(serve.url);
  await expect(page.getByTestId('bar-count')).toHaveText(`${legs.y.length} bars`);
  await page.getByTestId('tab-backtest').click();
  const form = page.getByTestId('backtest-form');
  await form.getByTestId('bt-windows').fill('100, 200');
  await form.getByTestId('bt-entry').fill('1.5, 2');
  await form.getByTestId('bt-split-on').check();
  await form.getByTestId('bt-split').fill('0.7');
  await form.getByTestId('bt-run').click();
  await expect(page.getByTestId('bt-split-warning')).toContainText('In-sample figures are the best of the grid');
  const done = pushes.finishes.at(-1)!;
  if (done.status !== 'done') throw new Error(`split ${done.status}`);
  const [inRun, outRun] = done.result.runs;
  const table = page.getByTestId('bt-split');
  await expect(table.locator('tr', { hasText: 'trades' }).first()).toContainText(
    `${inRun!.summary.trades}${outRun!.summary.trades}`,
  );
  await expect(page.getByTestId('bt-net')).toContainText('out-of-sample');
  await expect(page.getByTestId('bt-trades').locator('tbody tr')).toHaveCount(
    inRun!.trades.length + outRun!.trades.length,
  );
  await shot(page, 'backtest-split-1920x1080');
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot(page, 'backtest-split-1280x720');

  // The largest grid the dashboard takes (500 combinations, seconds of work): cancelled as
  // soon as it reports progress.
  await form.getByTestId('bt-split-on').uncheck();
  await form.getByTestId('bt-windows').fill(Array.from({ length: 20 }, (_, i) => 100 + 20 * i).join(','));
  await form.getByTestId('bt-entry').fill(Array.from({ length: 25 }, (_, i) => (1 + 0.1 * i).toFixed(1)).join(','));
  await expect(form.getByTestId('bt-run')).toHaveText('Run grid (500)');
  const finishes = pushes.finishes.length;
  await form.getByTestId('bt-run').click();
  await expect(form.getByTestId('bt-progress-text')).toHaveText(/^[1-9]\d* \/ 501 backtests$/);
  await form.getByTestId('bt-cancel').click();
  await expect(form.getByTestId('bt-message')).toHaveText(
    /^Cancelled after [1-9]\d* of 501 backtests: nothing of that run is shown\.$/,
  );
  await expect.poll(() => pushes.finishes.length).toBe(finishes + 1);
  expect(pushes.finishes.at(-1)).toMatchObject({ status: 'cancelled' });
  // The split's result is still the one shown: nothing of the cancelled grid replaced it.
  await expect(page.getByTestId('bt-split-warning')).toBeVisible();
  await shot(page, 'backtest-cancelled-1280x720');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await shot(page, 'backtest-split-light-1920x1080');
});
