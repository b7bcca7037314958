import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { syntheticUniverse } from '../../src/core/scanner';
import { openStore } from '../../src/engine/store/sqliteStore';
import type { ScanFinish, ScanProgress } from '../../src/shared/contract';
import { unpackRows } from '../../src/shared/wirePacking';
import { startServe, type ServeInfo } from '../support/serveProcess';
import { writeUniverseBars } from '../support/universeDb';
import { shot } from './support/charts';

// A stored universe of 30 symbols (435 pairs), a day of 1m bars each, three cointegrated
// pairs planted among random walks; `tickscope serve` with no live source shows it.
const MIN = 60_000;
const START = Date.UTC(2024, 7, 8);
const u = syntheticUniverse({ seed: 21, symbols: 30, bars: 1440, tfMs: MIN, start: START, planted: 3, missing: 0.01 });
const PAIRS = (30 * 29) / 2;

let serve: ServeInfo;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-scanner-e2e-'));
  const dbPath = join(dir, 'scan.db');
  const store = openStore(dbPath);
  writeUniverseBars(store, u.series, '1m');
  store.close();
  serve = await startServe(['--source', 'none', '--db', dbPath]);
});

test.afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

/** The scanner pushes the page receives, in order. */
function recordScanPushes(page: Page): { progress: ScanProgress[]; finishes: ScanFinish[] } {
  const seen = { progress: [] as ScanProgress[], finishes: [] as ScanFinish[] };
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const frame = JSON.parse(String(f.payload)) as { event?: string; payload?: unknown };
      if (frame.event === 'scanner.onDidProgress') seen.progress.push(unpackRows(frame.payload) as ScanProgress);
      if (frame.event === 'scanner.onDidFinish') seen.finishes.push(unpackRows(frame.payload) as ScanFinish);
    }),
  );
  return seen;
}

const numbers = (page: Page, attr: string) =>
  page
    .getByTestId('scan-table')
    .locator('tbody tr')
    .evaluateAll(
      (rows, a) =>
        rows
          .map((r) => r.getAttribute(a))
          .filter((v) => v !== null)
          .map(Number),
      attr,
    );

test('the scanner view: a scan with progress, the ranked table sorted, the scatter, a row opened in the charts, watch and export', async ({
  page,
}) => {
  const pushes = recordScanPushes(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(serve.url);
  await expect(page.getByTestId('symbol-select')).toHaveValue(u.series[0]!.symbol);

  // c opens the view (the whole workspace); nothing scanned yet in this database.
  await page.keyboard.press('c');
  const view = page.getByTestId('scanner-view');
  await expect(view).toBeVisible();
  await expect(view).toContainText('press Scan');
  // Defaults: every stored symbol, the last 1440 bars of the charts' timeframe, 0.9 / 200 / 0.05.
  await expect(page.getByTestId('scan-universe')).toHaveValue('all');
  await expect(page.getByTestId('scan-bars')).toHaveValue('1440');
  await page.getByTestId('scan-tf').selectOption('1m');
  // The form refuses what the engine would, before asking it.
  await page.getByTestId('scan-fdr').fill('2');
  await expect(page.getByTestId('scan-form-error')).toContainText('fdr: fdr must be in (0, 1]');
  await expect(page.getByTestId('scan-run')).toBeDisabled();
  await page.getByTestId('scan-fdr').fill('0.05');

  await page.getByTestId('scan-run').click();
  await expect(page.getByTestId('scan-progress')).toBeVisible();
  await expect(page.getByTestId('scan-summary')).toContainText(`significant of ${PAIRS} pairs tested`);
  await expect(page.getByTestId('scan-progress')).toBeHidden();

  // Progress: pairs done of 435, never going back, the last before the one finish.
  const finish = pushes.finishes.at(-1)!;
  if (finish.status !== 'done') throw new Error(`scan ${finish.status}`);
  expect(pushes.progress.length).toBeGreaterThan(0);
  expect(pushes.progress.every((p) => p.id === finish.id && p.total === PAIRS)).toBe(true);
  expect(pushes.progress.at(-1)).toEqual({ id: finish.id, phase: 'ranking', done: PAIRS, total: PAIRS });
  expect(pushes.progress.map((p) => p.done)).toEqual([...pushes.progress.map((p) => p.done)].sort((a, b) => a - b));

  // The planted pairs are on top, marked significant.
  const rows = page.getByTestId('scan-table').locator('tbody tr');
  const planted = u.planted.map(([y, x]) => [y, x].sort().join('|'));
  const top = await rows.evaluateAll(
    (list, n) => list.slice(0, n).map((r) => r.getAttribute('data-key')),
    planted.length,
  );
  expect([...top].sort()).toEqual([...planted].sort());
  await expect(rows.first()).toHaveClass(/sig/);
  await expect(page.getByTestId('scan-summary')).toContainText(`${finish.significant} significant`);
  const qs = await numbers(page, 'data-q');
  expect(qs).toEqual([...qs].sort((a, b) => a - b));
  await shot(page, 'scanner-1280x720');

  // Sorting: half-life ascending (rows without one last), then descending; q descending.
  await page.getByTestId('scan-sort-halfLife').click();
  await expect(page.getByTestId('scan-sort-halfLife').locator('..')).toHaveAttribute('aria-sort', 'ascending');
  const up = await numbers(page, 'data-half-life');
  expect(up.length).toBeGreaterThan(10);
  expect(up).toEqual([...up].sort((a, b) => a - b));
  await page.getByTestId('scan-sort-halfLife').click();
  await expect(page.getByTestId('scan-sort-halfLife').locator('..')).toHaveAttribute('aria-sort', 'descending');
  const down = await numbers(page, 'data-half-life');
  expect(down).toEqual([...down].sort((a, b) => b - a));
  await page.getByTestId('scan-sort-qvalue').click();
  await page.getByTestId('scan-sort-qvalue').click();
  await expect(page.getByTestId('scan-sort-qvalue').locator('..')).toHaveAttribute('aria-sort', 'descending');
  const qDown = await numbers(page, 'data-q');
  expect(qDown).toEqual([...qDown].sort((a, b) => b - a));

  // The scatter: clicking a point selects its row. The planted pairs' points lie on one
  // another, so the row must be one of the points under the click.
  const target = await page.evaluate(() => {
    const c = (
      window as unknown as {
        __tickscopeCharts: Record<string, { getOption(): unknown; convertToPixel(f: unknown, v: number[]): number[] }>;
      }
    ).__tickscopeCharts['scan-scatter']!;
    const opt = c.getOption() as { series: { id: string; data: { value: number[]; key: string }[] }[] };
    const points = opt.series
      .filter((s) => s.id === 'significant' || s.id === 'other')
      .flatMap((s) => s.data.map((d) => ({ key: d.key, px: c.convertToPixel({ seriesId: s.id }, d.value) })));
    const first = points.find((p) => opt.series.find((s) => s.id === 'significant')!.data[0]!.key === p.key)!;
    const near = points
      .filter((q) => Math.hypot(q.px[0]! - first.px[0]!, q.px[1]! - first.px[1]!) <= 4)
      .map((q) => q.key);
    return { px: first.px, near };
  });
  expect(target.near.length).toBeGreaterThan(0);
  const box = (await page.getByTestId('scan-scatter').boundingBox())!;
  await page.mouse.click(box.x + target.px[0]!, box.y + target.px[1]!);
  const selected = page.getByTestId('scan-table').locator('tr.selected');
  await expect(selected).toHaveCount(1);
  expect(target.near).toContain(await selected.getAttribute('data-key'));

  // Watch adds the pair (y on x, the scan's timeframe) to the watchlist.
  const watchKey = planted[0]!;
  await page.getByTestId(`scan-watch-${watchKey}`).click();
  await expect(page.getByTestId(`scan-watch-${watchKey}`)).toHaveText('Watched');

  // Export CSV downloads the table with the Parquet scan table's columns, in the shown scan's order.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('scan-export').click()]);
  const csvPath = join(dir, download.suggestedFilename());
  await download.saveAs(csvPath);
  expect(download.suggestedFilename()).toMatch(/^scan-.*\.csv$/);
  const lines = readFileSync(csvPath, 'utf8').trim().split('\n');
  expect(lines[0]).toBe(
    'a,b,y,x,n,corr,coint_ab_stat,coint_ab_pvalue,coint_ba_stat,coint_ba_pvalue,pvalue,qvalue,significant,beta,alpha,half_life,z_last,crossings',
  );
  expect(lines).toHaveLength(PAIRS + 1);
  expect(
    lines
      .slice(1, 1 + planted.length)
      .map((l) => l.split(',').slice(0, 2).join('|'))
      .sort(),
  ).toEqual([...planted].sort());

  await page.setViewportSize({ width: 1920, height: 1080 });
  await shot(page, 'scanner-1920x1080');

  // A row opens its pair in the charts, y on x as the scan chose, on the scan's timeframe.
  const row = page.getByTestId('scan-table').locator('tbody tr.sig').first();
  const [y, x] = [await row.getAttribute('data-y'), await row.getAttribute('data-x')];
  await row.click();
  await expect(view).toBeHidden();
  await expect(page.getByTestId('symbol-select')).toHaveValue(y!);
  await expect(page.getByTestId('symbol-x-select')).toHaveValue(x!);
  await expect(page.getByTestId('tab-scanner')).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot(page, 'scanner-pair-opened-1280x720');

  // The scan is saved in the database: a reload shows it again.
  await page.reload();
  // The pair on screen is kept (settings), and the page listens for keys once it is drawn.
  await expect(page.getByTestId('symbol-select')).toHaveValue(y!);
  await expect(page.getByTestId('tab-scanner')).toBeVisible();
  await page.keyboard.press('c');
  await expect(page.getByTestId('scan-summary')).toContainText(
    `${finish.significant} significant of ${PAIRS} pairs tested`,
  );
  await expect(page.getByTestId(`scan-watch-${watchKey}`)).toHaveText('Watched');
});
