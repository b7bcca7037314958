import { expect, test, type Locator, type Page } from '@playwright/test';
import { CointegratedPairSim } from '../../src/core/sim/cointegratedPair';
import { tradesFromTicks } from '../support/fakeBinance';
import { shot } from './support/charts';
import { startDashboardRig, type DashboardRig } from './support/dashboardServe';
import type { FeedFixture } from './support/feedFixture';

// Issue 12, item 2: the watchlist panel. The engine folds a pair's figures as bars arrive,
// so the market here is played in steps (the seeded simulated pair, stamped around now):
// each step brings new bars while the test looks at the rows.
const [Y, X] = ['BTCUSDT', 'ETHUSDT'];
const A = { id: `${Y}-${X}-1s-60`, name: 'BTC/ETH' };
const B = { id: `${X}-${Y}-1s-100`, name: 'ETH/BTC' };
const C = { id: `${Y}-${X}-1s-300` };

function fixture(): FeedFixture {
  const start = Date.now() - 2 * 60_000;
  const sim = new CointegratedPairSim({ seed: 7, startMs: start });
  return { origin: 'synthetic', trades: tradesFromTicks(sim.advance(start + 8 * 60_000)), symbols: sim.symbols };
}

/** Publishes the market up to `share` of its trades, then holds it. */
async function playTo(rig: DashboardRig, total: number, share: number) {
  rig.fake.play();
  await expect.poll(() => rig.fake.published(), { intervals: [5] }).toBeGreaterThanOrEqual(Math.floor(total * share));
  rig.fake.pause();
}

const row = (page: Page, id: string) => page.getByTestId(`watch-row-${id}`);
const rowOrder = (page: Page) =>
  page
    .locator('[data-testid^="watch-row-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('watch-row-'.length)));

/** What a person sees of a row: every text cell whole (no ellipsis, inside the sidebar), legible;
 * the sparkline drawn. */
async function expectReadable(page: Page, r: Locator) {
  const sidebar = (await page.locator('.sidebar').boundingBox())!;
  const cells = await r.locator('[role="cell"], small, button').evaluateAll((els) =>
    els
      .filter((e) => (e.textContent ?? '').trim() !== '')
      .map((e) => {
        const b = e.getBoundingClientRect();
        return {
          text: e.textContent,
          cut: e.scrollWidth > e.clientWidth + 0.5,
          x: b.x,
          right: b.right,
          h: b.height,
          font: parseFloat(getComputedStyle(e).fontSize),
        };
      }),
  );
  expect(cells.length).toBeGreaterThanOrEqual(9);
  for (const c of cells) {
    expect(c.cut, `"${c.text}" is cut`).toBe(false);
    expect(c.x, `"${c.text}" left`).toBeGreaterThanOrEqual(sidebar.x);
    expect(c.right, `"${c.text}" right`).toBeLessThanOrEqual(sidebar.x + sidebar.width);
    expect(c.font, `"${c.text}" font size`).toBeGreaterThanOrEqual(10);
    expect(c.h).toBeGreaterThan(0);
  }
  const spark = r.getByTestId('watch-spark');
  const box = (await spark.boundingBox())!;
  expect(box.width).toBeGreaterThan(40);
  expect(box.height).toBeGreaterThan(10);
  // The z line itself, not only its box: a path with points and an extent.
  const drawn = await spark
    .locator('path')
    .evaluate((p: SVGPathElement) => ({ d: p.getAttribute('d') ?? '', w: p.getBBox().width }));
  expect(drawn.d).toMatch(/^M[\d.]+ [\d.]+L/);
  expect(drawn.w).toBeGreaterThan(0);
}

/** The sidebar's tab labels are whole at this width (a fourth and a fifth tab joined them). */
async function expectTabsWhole(page: Page) {
  const tabs = await page.locator('.tabs button').evaluateAll((els) =>
    els.map((e) => ({
      text: e.textContent,
      cut: e.scrollWidth > e.clientWidth + 0.5,
      right: e.getBoundingClientRect().right,
      h: e.getBoundingClientRect().height,
      line: parseFloat(getComputedStyle(e).lineHeight) || 16,
    })),
  );
  const sidebar = (await page.locator('.sidebar').boundingBox())!;
  expect(tabs.map((t) => t.text)).toEqual(['Stats', 'Alerts', expect.stringMatching(/^Watch/), 'Backtest', 'Scan']);
  for (const t of tabs) {
    expect(t.cut, `tab "${t.text}" is cut`).toBe(false);
    // One line of text: a wrapped label doubled the tab bar's height.
    expect(t.h, `tab "${t.text}" height`).toBeLessThan(2 * t.line);
    expect(t.right).toBeLessThanOrEqual(sidebar.x + sidebar.width);
  }
}

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
] as const) {
  test.describe(`watchlist at ${width}×${height}`, () => {
    const fx = fixture();
    const total = fx.trades.length;
    let rig: DashboardRig;
    test.beforeAll(async () => {
      rig = await startDashboardRig(fx, { autoplay: false });
      await playTo(rig, total, 0.2);
    });
    test.afterAll(async () => rig?.stop());

    test('add two pairs, rows update, sort, open, remove one, reload: the list persists', async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto(rig.serve.url);
      await page.getByTestId('mode-pair').click();
      await page.getByTestId('symbol-select').selectOption(Y);
      await page.getByTestId('symbol-x-select').selectOption(X);
      await page.getByTestId('tf-select').selectOption('1s');
      await page.getByTestId('window-select').selectOption('60');
      await expect(page.getByTestId('stat-beta')).toHaveText(/\d/);

      // The watch tab (w) says how to add a pair while the watchlist is empty. (Escape first:
      // single-key shortcuts wait while a select has the focus.)
      await page.keyboard.press('Escape');
      await page.keyboard.press('w');
      await expect(page.getByTestId('watchlist-panel')).toBeVisible();
      await expect(page.getByTestId('watch-empty')).toContainText('press W');
      await expectTabsWhole(page);

      // First pair: the button. Its row says why it is followed.
      await page.getByTestId('watch-add').click();
      await expect(row(page, A.id).getByTestId('watch-reasons')).toHaveText('on screen · watchlist');
      await expect(page.getByTestId('watch-add')).toBeDisabled();
      await expect(page.getByTestId('watch-empty')).toHaveCount(0);
      await playTo(rig, total, 0.4);
      await expect(row(page, A.id).getByTestId('watch-z')).toHaveText(/^-?\d+\.\d{3}$/);
      await expect(row(page, A.id).getByTestId('watch-state')).toHaveText(/^(live|warming \d+\/60)$/);
      const aBefore = await row(page, A.id).getByTestId('watch-state').textContent();

      // Second pair (X on Y, W 100): the shortcut, Shift+W.
      await page.keyboard.press('x');
      await page.getByTestId('window-select').selectOption('100');
      await expect(page.getByTestId('symbol-select')).toHaveValue(X);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Shift+W');
      await expect(row(page, B.id).getByTestId('watch-reasons')).toHaveText('on screen · watchlist');
      await expect(row(page, A.id).getByTestId('watch-reasons')).toHaveText('watchlist');
      await expect(row(page, B.id).getByTestId('watch-pair')).toHaveText(B.name);
      await expect(row(page, B.id).getByTestId('watch-state')).toHaveText(/^(warming \d+\/100|live)$/);
      const sparkOf = (id: string) => row(page, id).getByTestId('watch-spark').locator('path').getAttribute('d');
      const bBefore = await sparkOf(B.id);
      // More bars: the on-screen pair's row moves on: a z, and its sparkline grows.
      await playTo(rig, total, 0.7);
      await expect(row(page, B.id).getByTestId('watch-z')).toHaveText(/^-?\d+\.\d{3}$/);
      await expect.poll(() => sparkOf(B.id)).not.toBe(bBefore);
      expect(aBefore).toBeTruthy();
      await expectReadable(page, row(page, A.id));
      await expectReadable(page, row(page, B.id));
      await expectTabsWhole(page);
      await shot(page, `watchlist-${width}x${height}`);

      // One producer: the row, the z panel's header, the z card and the distribution's "now" agree.
      await expect.poll(async () => row(page, B.id).getByTestId('watch-z').textContent()).toMatch(/\d/);
      const rowZ = await row(page, B.id).getByTestId('watch-z').textContent();
      await expect(page.getByTestId('live-z')).toHaveText(`live z ${rowZ}`);
      await page.getByTestId('tab-stats').click();
      await expect(page.getByTestId('stat-z')).toHaveText(rowZ!);
      await expect(page.getByTestId('zdist-beyond')).toContainText(`now ${rowZ}`);
      await page.getByTestId('tab-watch').click();

      // Sort by clicking a header, and from the keyboard (Tab to a header, Enter).
      await page.getByTestId('watch-sort-pair').click();
      await expect.poll(() => rowOrder(page)).toEqual([A.id, B.id]);
      await expect(page.getByTestId('watch-sort-pair')).toHaveAttribute('aria-sort', 'ascending');
      await page.getByTestId('watch-sort-pair').click();
      await expect.poll(() => rowOrder(page)).toEqual([B.id, A.id]);
      await page.getByTestId('watch-sort-window').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('watch-sort-window')).toHaveAttribute('aria-sort', 'descending');
      await expect.poll(() => rowOrder(page)).toEqual([B.id, A.id]);
      await page.keyboard.press('Enter');
      await expect.poll(() => rowOrder(page)).toEqual([A.id, B.id]);

      // A row opens its pair in the charts, as the toolbar would.
      await row(page, A.id).click();
      await expect(page.getByTestId('symbol-select')).toHaveValue(Y);
      await expect(page.getByTestId('symbol-x-select')).toHaveValue(X);
      await expect(page.getByTestId('window-select')).toHaveValue('60');
      await expect(row(page, A.id).getByTestId('watch-reasons')).toHaveText('on screen · watchlist');

      // Remove the second: it leaves (neither on screen nor named by a rule).
      await row(page, B.id).getByTestId('watch-remove').click();
      await expect(row(page, B.id)).toHaveCount(0);
      expect(
        (await rig.api.invoke('watchlist.list', {})).rows
          .filter((r) => r.reasons.includes('watchlist'))
          .map((r) => r.pair),
      ).toEqual([{ y: Y, x: X, tf: '1s', window: 60 }]);

      // From the alert form: a new pair rule with "watch this pair" (W 300 now on screen).
      await page.getByTestId('window-select').selectOption('300');
      await page.getByTestId('tab-alerts').click();
      await page.getByTestId('alert-kind').selectOption('zscore');
      await page.getByTestId('alert-watch').check();
      await page.getByTestId('alert-save').click();
      await expect(page.getByTestId('alert-message')).toHaveText('Rule created; the pair is on the watchlist.');
      await page.getByTestId('tab-watch').click();
      await expect(row(page, C.id).getByTestId('watch-reasons')).toHaveText('on screen · alert rule · watchlist');
      await page.getByTestId('window-select').selectOption('60');

      // Reload: the watchlist is the engine's (persisted), not the page's.
      await page.reload();
      await expect(page.getByTestId('window-select')).toHaveValue('60');
      await page.keyboard.press('w');
      await expect(row(page, A.id).getByTestId('watch-reasons')).toContainText('watchlist');
      await expect(row(page, B.id)).toHaveCount(0);
      await expect(row(page, C.id).getByTestId('watch-reasons')).toHaveText('alert rule · watchlist');
      await expect(page.getByTestId('watch-add')).toBeDisabled();
      await playTo(rig, total, 0.85);
      await expect(row(page, A.id).getByTestId('watch-z')).toHaveText(/^-?\d+\.\d{3}$/);
      await expectReadable(page, row(page, A.id));
    });
  });
}
