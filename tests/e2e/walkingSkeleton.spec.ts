import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { openStore } from '../../src/engine/store/sqliteStore';
import { createWsApi } from '../../src/renderer/api/wsApi';
import { startFakeBinance, type FakeBinance } from '../support/fakeBinance';
import { REPO_ROOT, startServe, type ServeInfo } from '../support/serveProcess';
import { loadFeedFixture } from './support/feedFixture';
import { readChartSeries } from './support/charts';

let fake: FakeBinance;
let serve: ServeInfo;
let dir: string;
const fixture = loadFeedFixture();

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-e2e-'));
  fake = await startFakeBinance({ trades: fixture.trades });
  serve = await startServe([
    '--source',
    'live',
    '--symbols',
    fixture.symbols.join(','),
    '--ws-url',
    fake.wsUrl,
    '--rest-url',
    fake.restUrl,
    '--db',
    join(dir, 'e2e.db'),
  ]);
});

test.afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

test(`a trade travels from the (fake) Binance socket to a candle on screen [${fixture.origin}]`, async ({ page }) => {
  // Every published trade is stored before we look at the screen.
  const api = createWsApi(serve.wsUrl, WebSocket as never);
  await api.ready();
  await fake.finished;
  await expect
    .poll(async () => (await api.invoke('system.getStatus', {})).symbols.reduce((n, s) => n + s.ticksStored, 0))
    .toBe(fixture.trades.length);
  api.close();

  await page.goto(serve.url);
  await page.getByTestId('symbol-select').selectOption('BTCUSDT');
  await page.getByTestId('tf-select').selectOption('1s');

  // The drawn candles are exactly the stored 1s bars (read straight from the SQLite file).
  const store = openStore(join(dir, 'e2e.db'), { readonly: true });
  const stored = store.getBars({ symbol: 'BTCUSDT', tf: '1s' });
  store.close();
  expect(stored.length).toBeGreaterThan(100);
  await expect(page.getByTestId('bar-count')).toHaveText(`${stored.length} bars`);
  // Fewer bars than pixels: the chart draws them as stored ([ts, open, close, low, high]).
  await expect.poll(async () => (await readChartSeries(page, 'candles')).series[0].length).toBe(stored.length);
  const drawn = await readChartSeries(page, 'candles');
  expect(drawn.series[0]).toEqual(stored.map((b) => [b.ts, b.open, b.close, b.low, b.high]));
  // Volume is drawn as two series, rising and falling candles: together, every bar's volume.
  expect(drawn.ids).toEqual(['candles', 'volume-up', 'volume-down']);
  const volumes = new Map(
    [...drawn.series[1]!, ...drawn.series[2]!].map((v) => [(v as number[])[0], (v as number[])[1]]),
  );
  expect(stored.map((b) => volumes.get(b.ts))).toEqual(stored.map((b) => b.volume));
  for (const [i, dir] of [
    [1, 1],
    [2, -1],
  ] as const) {
    for (const v of drawn.series[i]!) expect((v as number[])[2]).toBe(dir);
  }

  await expect(page.getByTestId('status-bar')).toContainText('BTCUSDT');
  await page.screenshot({ path: resolve(REPO_ROOT, 'test-results/e2e/walking-skeleton.png') });
});
