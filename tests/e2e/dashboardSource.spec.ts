import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CointegratedPairSim } from '../../src/core/sim/cointegratedPair';
import { tradesFromTicks } from '../support/fakeBinance';
import { openStore } from '../../src/engine/store/sqliteStore';
import { tickToFrame } from '../support/syntheticTrades';
import { startServe, type ServeInfo } from '../support/serveProcess';
import { shot } from './support/charts';
import { startDashboardRig, type DashboardRig } from './support/dashboardServe';
import type { FeedFixture } from './support/feedFixture';

/** A loopback port nothing listens on: Binance "unreachable" without leaving the machine. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

test.describe('Binance unreachable at start', () => {
  let serve: ServeInfo;
  let dir: string;
  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-offline-'));
    const port = await closedPort();
    serve = await startServe([
      '--source',
      'live',
      '--symbols',
      'BTCUSDT,ETHUSDT',
      '--ws-url',
      `ws://127.0.0.1:${port}`,
      '--rest-url',
      `http://127.0.0.1:${port}`,
      '--db',
      join(dir, 'offline.db'),
    ]);
  });
  test.afterAll(async () => {
    expect(await serve?.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  test('the banner and the empty state say why, and "Use demo" recovers', async ({ page }) => {
    await page.goto(serve.url);
    const banner = page.getByTestId('source-banner');
    await expect(banner).toContainText('live source did not start');
    await expect(page.getByTestId('first-run')).toContainText('Binance cannot be reached');
    await expect(page.getByTestId('first-run')).toContainText('tickscope import');
    await expect(page.getByTestId('source-button')).toContainText('Live · failed');
    await shot(page, 'source-offline');

    await banner.getByTestId('banner-use-demo').click();
    await expect(page.getByTestId('status-source')).toHaveText('demo');
    await expect(page.getByTestId('source-banner')).toHaveCount(0);
    await expect(page.getByTestId('first-run')).toHaveCount(0);
    // The demo pair's symbols (its own names, on its own database) are stored and drawn.
    await expect(page.getByTestId('symbol-select').locator('option', { hasText: 'DEMOBTC' })).toHaveCount(1);
    await expect(page.getByTestId('bar-count')).toHaveText(/^[1-9]\d* bars$/);
    await expect(page.getByTestId('source-button')).toContainText('Demo · simulated');
    await expect(page.getByTestId('status-db')).toContainText('demo db (temporary)');
    await shot(page, 'source-offline-demo');
    // The database serve was given holds nothing the demo made.
    const store = openStore(join(dir, 'offline.db'), { readonly: true });
    try {
      expect(store.listSymbols()).toEqual([]);
    } finally {
      store.close();
    }
  });
});

test.describe('switching source from the toolbar', () => {
  // The live market here is a simulated pair under other names; the demo's symbols
  // (DEMOBTC/DEMOETH) are new to the dashboard when the source switches, and gone again when
  // it switches back (the demo has a database of its own).
  const start = Date.UTC(2024, 6, 18, 23, 57);
  const sim = new CointegratedPairSim({ seed: 3, startMs: start, ySymbol: 'SOLUSDT', xSymbol: 'AVAXUSDT' });
  const fixture: FeedFixture = {
    origin: 'synthetic',
    trades: tradesFromTicks(sim.advance(start + 3 * 60_000)),
    symbols: sim.symbols,
  };
  let rig: DashboardRig;
  test.beforeAll(async () => {
    rig = await startDashboardRig(fixture);
    await rig.settled();
  });
  test.afterAll(async () => rig?.stop());

  test('demo from the source menu: the status bar says demo and its symbols appear', async ({ page }) => {
    await page.goto(rig.serve.url);
    await expect(page.getByTestId('status-source')).toHaveText('live');
    await expect(page.getByTestId('source-button')).toContainText('Live · SOLUSDT, AVAXUSDT');
    await expect(page.getByTestId('symbol-select').locator('option', { hasText: 'DEMOBTC' })).toHaveCount(0);

    await page.keyboard.press('o');
    await expect(page.getByTestId('source-popover')).toBeVisible();
    await expect(page.getByTestId('source-live-symbols')).toHaveValue(/SOLUSDT, AVAXUSDT|AVAXUSDT, SOLUSDT/);
    await shot(page, 'source-menu');
    await page.getByTestId('source-demo').click();
    await expect(page.getByTestId('source-popover')).toHaveCount(0);
    await expect(page.getByTestId('status-source')).toHaveText('demo');
    await expect(page.getByTestId('feed-DEMOBTC')).toBeVisible();
    await expect(page.getByTestId('symbol-select').locator('option', { hasText: 'DEMOBTC' })).toHaveCount(1);
    await expect(page.getByTestId('symbol-x-select').locator('option', { hasText: 'DEMOETH' })).toHaveCount(1);
    // The view follows the new source to its pair.
    await expect(page.getByTestId('symbol-select')).toHaveValue('DEMOBTC');
    await expect(page.getByTestId('symbol-x-select')).toHaveValue('DEMOETH');
    await expect(page.getByTestId('bar-count')).toHaveText(/^[1-9]\d* bars$/);
    // The engine stores only the demo's symbols now: the live ones stay in the real database.
    expect((await rig.api.invoke('market.listSymbols', {})).symbols).toEqual(['DEMOBTC', 'DEMOETH']);
    expect((await rig.api.invoke('system.getStatus', {})).source).toBe('demo');
    // Live from here connects the usual pair, never the demo's names.
    await page.getByTestId('source-button').click();
    await expect(page.getByTestId('source-live-symbols')).toHaveValue('BTCUSDT, ETHUSDT');
    await page.keyboard.press('Escape');

    // A browser replays only files named on the serve command line: none here, so the menu
    // says how, and the engine refuses any path a client makes up (existing or not).
    await page.getByTestId('source-button').click();
    await expect(page.getByTestId('source-replay-none')).toContainText('tickscope serve --source replay FILE');
    await expect(page.getByTestId('source-replay')).toBeDisabled();
    await expect(page.getByTestId('source-replay-pick')).toHaveCount(0);
    await shot(page, 'source-replay-browser');
    await expect(rig.api.invoke('system.setSource', { kind: 'replay', files: [rig.dbPath] })).rejects.toThrow(
      /was not granted/,
    );
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('source-popover')).toHaveCount(0);
    await expect(page.getByTestId('status-source')).toHaveText('demo');

    // Disconnect: the feeds stop, the engine is back on the real database, whose stored
    // data comes back on screen; the demo's symbols went with the demo's database.
    await page.getByTestId('source-button').click();
    await page.getByTestId('source-disconnect').click();
    await expect(page.getByTestId('status-source')).toHaveText('none');
    await expect(page.getByTestId('source-button')).toContainText('Disconnected');
    await expect(page.getByTestId('symbol-select').locator('option', { hasText: 'DEMOBTC' })).toHaveCount(0);
    await expect(page.getByTestId('symbol-select')).toHaveValue(/SOLUSDT|AVAXUSDT/);
    await expect(page.getByTestId('bar-count')).toHaveText(/^[1-9]\d* bars$/);
    expect((await rig.api.invoke('market.listSymbols', {})).symbols).toEqual(['AVAXUSDT', 'SOLUSDT']);
  });
});

test.describe('replay in a browser', () => {
  let serve: ServeInfo;
  let dir: string;
  let recording: string;
  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickscope-replay-ui-'));
    recording = join(dir, 'BTCUSDT-session.jsonl');
    const start = Date.UTC(2024, 6, 18, 23, 0);
    writeFileSync(
      recording,
      new CointegratedPairSim({ seed: 5, startMs: start })
        .advance(start + 60_000)
        .map((t) => tickToFrame(t))
        .join('\n'),
    );
    serve = await startServe(['--source', 'replay', recording, '--db', join(dir, 'replay.db')]);
  });
  test.afterAll(async () => {
    expect(await serve?.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  test('the files named on the command line are offered, ticked, and replay again', async ({ page }) => {
    await page.goto(serve.url);
    await expect(page.getByTestId('status-source')).toHaveText('replay');
    // The token left the address bar (and history) on the first load; a reload still connects.
    expect(page.url()).not.toContain('token');
    await page.reload();
    await expect(page.getByTestId('status-source')).toHaveText('replay');
    await page.getByTestId('source-button').click();
    const file = page.getByTestId('source-replay-file');
    await expect(file).toHaveCount(1);
    await expect(file).toBeChecked();
    await expect(page.getByTestId('source-replay-files')).toContainText('BTCUSDT-session.jsonl');
    await page.getByTestId('source-disconnect').click();
    await expect(page.getByTestId('status-source')).toHaveText('none');
    await page.getByTestId('source-button').click();
    await page.getByTestId('source-replay').click();
    await expect(page.getByTestId('source-popover')).toHaveCount(0);
    await expect(page.getByTestId('status-source')).toHaveText('replay');
  });
});
