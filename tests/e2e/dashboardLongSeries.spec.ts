import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openStore } from '../../src/engine/store/sqliteStore';
import type { Bar } from '../../src/shared/market';
import { startFakeBinance, type FakeBinance } from '../support/fakeBinance/server';
import { seedBars } from '../support/seedBars';
import { REPO_ROOT, startServe, type ServeInfo } from '../support/serveProcess';
import { readChartSeries } from './support/charts';

// Six hours of stored 1 s bars per leg (21,600): more than any screen has pixels, so the
// dashboard opens on the engine's overview and loads the detail behind it.
const SECONDS = 6 * 3600;
const END = Date.UTC(2024, 4, 1, 12);
const [Y, X] = ['BTCUSDT', 'ETHUSDT'];

let fake: FakeBinance;
let serve: ServeInfo;
let dir: string;
let stored: Bar[];

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-long-'));
  const dbPath = join(dir, 'long.db');
  seedBars(dbPath, { count: SECONDS, endMs: END });
  const store = openStore(dbPath, { readonly: true });
  stored = store.getBars({ symbol: Y, tf: '1s' });
  store.close();
  // A live source that stays quiet: the stored history is all there is to show.
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
});

test.afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Bar requests the page sends, in order, with their payloads. */
function recordRequests(page: Page): { channel: string; payload: Record<string, unknown> }[] {
  const sent: { channel: string; payload: Record<string, unknown> }[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      const frame = JSON.parse(String(f.payload)) as { channel: string; payload: Record<string, unknown> };
      sent.push(frame);
    }),
  );
  return sent;
}

test('a long history opens on the overview, then the detail follows for zooming', async ({ page }) => {
  const sent = recordRequests(page);
  await page.goto(serve.url);
  await expect(page.getByTestId('bar-count')).toHaveText(`${stored.length} bars`);
  await expect(page.getByTestId('panel-candles')).not.toContainText('loading detail');

  // The overview of each leg was asked first, folded to the plot's width; the detail only
  // after the pair's analytics were asked for (the engine answers in turn).
  const channels = sent.map((f) => `${f.channel}${f.payload.symbol ? ` ${String(f.payload.symbol)}` : ''}`);
  const at = (c: string) => channels.indexOf(c);
  expect(at(`market.getBarOverview ${Y}`)).toBeGreaterThanOrEqual(0);
  expect(at(`market.getBarOverview ${X}`)).toBeGreaterThanOrEqual(0);
  expect(at(`market.getBars ${Y}`)).toBeGreaterThan(at('analytics.getSeries'));
  expect(at(`market.getBars ${X}`)).toBeGreaterThan(at('analytics.getSeries'));
  // The pair's series likewise: thinned to the plot width first, then whole.
  const series = sent.filter((f) => f.channel === 'analytics.getSeries');
  expect(series[0]!.payload.buckets).toEqual(expect.any(Number));
  await expect
    .poll(() => sent.filter((f) => f.channel === 'analytics.getSeries' && f.payload.buckets === undefined).length)
    .toBe(1);
  const width = (await page.evaluate(`window.__tickscopeCharts.candles.getWidth()`)) as number;
  const buckets = sent.find((f) => f.channel === 'market.getBarOverview')!.payload.buckets as number;
  expect(Math.abs(buckets - (width - 86))).toBeLessThanOrEqual(1);

  // The whole view: each drawn candle folds the stored bars of its span exactly.
  const full = (await readChartSeries(page, 'candles')).series[0] as number[][];
  expect(full.length).toBeLessThanOrEqual(buckets + 2);
  expect(full.length).toBeGreaterThan(buckets / 2);
  const span = full[1]![0]! - full[0]![0]!;
  for (const [ts, open, close, low, high] of full.slice(1, -1)) {
    const group = stored.filter((b) => b.ts >= ts! && b.ts < ts! + span);
    expect([open, close, low, high]).toEqual([
      group[0]!.open,
      group.at(-1)!.close,
      Math.min(...group.map((b) => b.low)),
      Math.max(...group.map((b) => b.high)),
    ]);
  }

  // Six hours within one day: the time axis labels hours and minutes, no seconds, no date.
  await expect
    .poll(async () => (await page.getByTestId('time-axis').locator('.tick').allTextContents()).length)
    .toBeGreaterThanOrEqual(4);
  for (const label of await page.getByTestId('time-axis').locator('.tick').allTextContents())
    expect(label).toMatch(/^\d\d:\d\d$/);
  await page.screenshot({ path: resolve(REPO_ROOT, 'test-results/e2e/long-series-whole.png') });

  // Zoomed to the last ~6 minutes (six halvings), every stored bar is its own candle: the detail is in.
  const box = (await page.getByTestId('panel-candles').boundingBox())!;
  await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
  for (let i = 0; i < 6; i++) await page.keyboard.press('+');
  await expect
    .poll(async () => {
      const drawn = (await readChartSeries(page, 'candles')).series[0] as number[][];
      return drawn.length > 2 && drawn[1]![0]! - drawn[0]![0]! === 1000;
    })
    .toBe(true);
  const zoomed = (await readChartSeries(page, 'candles')).series[0] as number[][];
  const byTs = new Map(stored.map((b) => [b.ts, b]));
  for (const [ts, open, close, low, high] of zoomed) {
    const b = byTs.get(ts!)!;
    expect([open, close, low, high]).toEqual([b.open, b.close, b.low, b.high]);
  }
  await page.screenshot({ path: resolve(REPO_ROOT, 'test-results/e2e/long-series-zoomed.png') });
});
