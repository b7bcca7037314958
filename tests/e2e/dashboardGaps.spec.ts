import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { createWsApi, type WsApi } from '../../src/renderer/api/wsApi';
import { REPO_ROOT, startServe, type ServeInfo } from '../support/serveProcess';
import { readChartSeries, shot } from './support/charts';
import { overlaps, type Box } from './support/layout';

// Issue #13, item 1: both real recordings replayed at once lie three weeks apart. The time
// axis cuts the hole out: each recording takes a fair share of the width, a mark on the
// axis says how long the hole is, no line joins across it, and a double-click shows one
// recording whole. What is asserted is what is drawn: the charts' live option and the
// pixels ECharts maps times to, the strip's labels as laid out in the page.
const DATA = '/work/shared/data/binance-um';
const FILES = readdirSync(DATA)
  .filter((f) => f.endsWith('-trade-stream.jsonl'))
  .map((f) => join(DATA, f));
const PANELS = ['candles', 'candles-x', 'normalised', 'spread', 'zscore', 'correlation', 'hedge'];
/** The first recording ends 2024-07-19 00:05:02, the second starts 2024-08-08 23:54:16. */
const FIRST_END = Date.UTC(2024, 6, 19, 0, 6);
const SECOND_START = Date.UTC(2024, 7, 8, 23, 54);

let serve: ServeInfo;
let api: WsApi;
let dir: string;
test.beforeAll(async () => {
  expect(FILES).toHaveLength(4);
  dir = mkdtempSync(join(tmpdir(), 'tickscope-gaps-'));
  serve = await startServe(['--source', 'replay', ...FILES, '--db', join(dir, 'gaps.db')]);
  api = createWsApi(serve.wsUrl, WebSocket as never);
  await api.ready();
  // Every trade of the four files stored (10,701 + 13,655 + 21,313 + 14,076).
  await expect
    .poll(async () => (await api.invoke('system.getStatus', {})).symbols.reduce((n, s) => n + s.ticksStored, 0))
    .toBe(59_745);
});
test.afterAll(async () => {
  api?.close();
  expect(await serve?.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

async function openPair(page: Page, width: number, height: number) {
  await page.setViewportSize({ width, height });
  await page.goto(serve.url);
  await page.getByTestId('mode-pair').click();
  await page.getByTestId('symbol-select').selectOption('BTCUSDT');
  await page.getByTestId('symbol-x-select').selectOption('ETHUSDT');
  await page.getByTestId('tf-select').selectOption('1s');
  await page.getByTestId('window-select').selectOption('100');
  await expect(page.getByTestId('stat-beta')).toHaveText(/\d/);
  for (const id of PANELS)
    await expect.poll(async () => (await readChartSeries(page, id)).series[0].length).toBeGreaterThan(0);
  // Full detail in (no overview), and both recordings drawn.
  await expect(page.getByText('loading detail…')).toHaveCount(0);
  await expect
    .poll(async () => runsOf((await readChartSeries(page, 'candles')).series[0] as number[][]).length)
    .toBe(2);
}

/** The drawn rows' times split where the hole is: one list per recording. */
function runsOf(rows: (number | null)[][]): number[][] {
  const runs: number[][] = [[], []];
  for (const r of rows) if (r[1] !== null) runs[(r[0] as number) < FIRST_END ? 0 : 1].push(r[0] as number);
  return runs.filter((r) => r.length > 0);
}

/** Pixel x of times on a chart's x axis (as ECharts maps them, breaks and all), and its plot's width. */
async function pixels(
  page: Page,
  id: string,
  times: number[],
): Promise<{ xs: number[]; plot: { x: number; width: number } }> {
  return page.evaluate(
    ([chartId, ts]) => {
      type Chart = {
        convertToPixel(finder: { xAxisIndex: number }, v: number): number;
        getModel(): {
          getComponent(t: string, i: number): { coordinateSystem: { getRect(): { x: number; width: number } } };
        };
      };
      const chart = (window as unknown as { __tickscopeCharts: Record<string, Chart> }).__tickscopeCharts[
        chartId as string
      ];
      const rect = chart.getModel().getComponent('grid', 0).coordinateSystem.getRect();
      return {
        xs: (ts as number[]).map((t) => chart.convertToPixel({ xAxisIndex: 0 }, t)),
        plot: { x: rect.x, width: rect.width },
      };
    },
    [id, times] as const,
  );
}

async function stripBoxes(page: Page): Promise<Box[]> {
  const boxes: Box[] = [];
  const items = page.getByTestId('time-axis').locator('.tick, .break-mark');
  for (let i = 0; i < (await items.count()); i++)
    boxes.push({ ...(await items.nth(i).boundingBox())!, text: (await items.nth(i).textContent()) ?? '' });
  return boxes;
}

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test(`${width}×${height}: the two recordings side by side, the hole cut out and marked`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openPair(page, width, height);
    await page.mouse.move(0, 0);

    // Each recording takes a substantial share of the plot width.
    const rows = (await readChartSeries(page, 'candles')).series[0] as number[][];
    const [first, second] = runsOf(rows);
    const { xs, plot } = await pixels(page, 'candles', [
      first[0],
      first[first.length - 1],
      second[0],
      second[second.length - 1],
    ]);
    expect((xs[1] - xs[0]) / plot.width, 'share of the first recording').toBeGreaterThanOrEqual(0.25);
    expect((xs[3] - xs[2]) / plot.width, 'share of the second recording').toBeGreaterThanOrEqual(0.25);
    // The hole between them is a narrow band, not the width of three weeks.
    expect((xs[2] - xs[1]) / plot.width, 'share of the hole').toBeLessThan(0.1);

    // The break is on every chart's axis, and marked on the strip with its length.
    for (const id of PANELS) {
      const breaks = await page.evaluate((chartId) => {
        const chart = (
          window as unknown as {
            __tickscopeCharts: Record<
              string,
              { getOption(): { xAxis: { breaks?: { start: number; end: number }[] }[] } }
            >;
          }
        ).__tickscopeCharts[chartId];
        return chart.getOption().xAxis[0].breaks ?? [];
      }, id);
      expect(breaks, `${id} axis breaks`).toHaveLength(1);
      expect(breaks[0].start).toBeLessThan(FIRST_END);
      expect(breaks[0].end).toBeGreaterThan(SECOND_START);
    }
    const mark = page.getByTestId('break-mark');
    await expect(mark).toHaveCount(1);
    await expect(mark).toBeVisible();
    await expect(mark).toHaveText(/^20 d 23 h$/);
    await expect(mark).toHaveAttribute(
      'title',
      /No data for 20 d 23 h: 2024-07-19 00:0\d:\d\d → 2024-08-08 23:54:\d\d UTC/,
    );

    // No line of spread, correlation, β or z joins the two recordings.
    for (const id of ['spread', 'correlation', 'hedge', 'zscore', 'normalised']) {
      const { ids, series } = await readChartSeries(page, id);
      series.forEach((data, i) => {
        const pts = data as [number, number | null][];
        for (let k = 1; k < pts.length; k++) {
          const straddles = pts[k - 1][0] < FIRST_END && pts[k][0] >= SECOND_START;
          if (straddles)
            expect(pts[k - 1][1] === null || pts[k][1] === null, `${id}/${ids[i]} joins across the break`).toBe(true);
        }
        // Both recordings drawn.
        expect(runsOf(pts).length, `${id}/${ids[i]} runs`).toBe(2);
      });
    }

    // Time labels: none overlaps another or the break's mark; they say the date on each side.
    const boxes = await stripBoxes(page);
    expect(overlaps(boxes)).toEqual([]);
    const texts = boxes.map((b) => b.text);
    expect(
      texts.some((t) => /Jul 19|Jul 18/.test(t)),
      `labels ${texts.join(' | ')}`,
    ).toBe(true);
    expect(
      texts.some((t) => /Aug 8|Aug 9/.test(t)),
      `labels ${texts.join(' | ')}`,
    ).toBe(true);
    await shot(page, `gaps-${width}x${height}`);

    // The crosshair reads full date-times in each recording and no value in the hole.
    const canvas = (await page.getByTestId('panel-spread').locator('canvas').first().boundingBox())!;
    const y = canvas.y + canvas.height / 2;
    const readout = page.getByTestId('time-axis-pointer');
    await page.mouse.move(canvas.x + (xs[0] + xs[1]) / 2, y);
    await expect(readout).toHaveText(/^2024-07-(18|19) \d\d:\d\d:\d\d$/);
    await page.mouse.move(canvas.x + (xs[2] + xs[3]) / 2, y);
    await expect(readout).toHaveText(/^2024-08-0[89] \d\d:\d\d:\d\d$/);
    await expect(page.getByTestId('panel-spread').getByText(/spread -?\d/)).toHaveCount(1);
    await shot(page, `gaps-crosshair-${width}x${height}`);
    // In the hole: the strip says how long it is, the spread panel reads no value.
    await page.mouse.move(canvas.x + (xs[1] + xs[2]) / 2, y);
    await expect(readout).toHaveText('no data for 20 d 23 h');
    await expect(page.getByTestId('panel-spread').getByText(/spread -?\d/)).toHaveCount(0);

    // Double-click on the second recording: it fills the width; again: everything.
    await page.mouse.dblclick(canvas.x + (xs[2] + xs[3]) / 2, y);
    await expect
      .poll(async () => runsOf((await readChartSeries(page, 'candles')).series[0] as number[][]).length)
      .toBe(1);
    const only = runsOf((await readChartSeries(page, 'candles')).series[0] as number[][])[0];
    expect(only[0]).toBeGreaterThanOrEqual(SECOND_START);
    await expect(page.getByTestId('break-mark')).toHaveCount(0);
    expect(overlaps(await stripBoxes(page))).toEqual([]);
    await page.mouse.move(0, 0);
    await shot(page, `gaps-second-${width}x${height}`);
    await page.mouse.dblclick(canvas.x + canvas.width / 2, y);
    await expect
      .poll(async () => runsOf((await readChartSeries(page, 'candles')).series[0] as number[][]).length)
      .toBe(2);
    // Wheel-zooming in over the second recording reaches it: the time under the cursor stays put.
    await page.mouse.move(canvas.x + (xs[2] + xs[3]) / 2, y);
    const before = await readout.textContent();
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -120);
    const firstDrawn = async () => ((await readChartSeries(page, 'candles')).series[0][0] as number[])[0];
    await expect.poll(firstDrawn).toBeGreaterThanOrEqual(SECOND_START);
    await page.mouse.move(canvas.x + (xs[2] + xs[3]) / 2 + 1, y);
    await expect(readout).toHaveText(/^2024-08-0[89] /);
    expect(Math.abs(Date.parse(`${await readout.textContent()}Z`) - Date.parse(`${before}Z`))).toBeLessThan(15_000);
    expect(errors).toEqual([]);
  });
}

// The README's picture of a gapped replay: written to docs/ only with TICKSCOPE_README_SCREENSHOT=1.
test('the gapped replay, for the README', async ({ page }) => {
  await openPair(page, 1440, 900);
  await page.mouse.move(0, 0);
  const out = resolve(REPO_ROOT, 'test-results/e2e/readme-gaps.png');
  await page.screenshot({ path: out });
  if (process.env.TICKSCOPE_README_SCREENSHOT === '1')
    copyFileSync(out, resolve(REPO_ROOT, 'docs/screenshot-gaps.png'));
});
