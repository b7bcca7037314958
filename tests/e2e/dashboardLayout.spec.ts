import { expect, test, type Page } from '@playwright/test';
import { readChartLayout, overlaps, type Box } from './support/layout';
import { readChartSeries, shot } from './support/charts';
import { startDashboardRig, type DashboardRig } from './support/dashboardServe';
import { loadFeedFixture } from './support/feedFixture';

// Issue #13: the dashboard must stay readable on a laptop screen. Sizes are measured from
// what is painted: each chart's plot from its grid, its value labels from the zrender scene
// graph (support/layout.ts), the time labels (one strip under the panel stack) from the DOM.
const fixture = loadFeedFixture();
const [Y, X] = ['BTCUSDT', 'ETHUSDT'];
const PANELS = ['candles', 'candles-x', 'normalised', 'spread', 'zscore', 'correlation', 'hedge'];
/** The least plot height a panel must keep (issue #13: ≥ 80 px). */
const MIN_PLOT = 80;
let rig: DashboardRig;

test.beforeAll(async () => {
  rig = await startDashboardRig(fixture);
  await rig.settled();
});
test.afterAll(async () => rig?.stop());

async function openPair(page: Page, width: number, height: number) {
  await page.setViewportSize({ width, height });
  await page.goto(rig.serve.url);
  await page.getByTestId('mode-pair').click();
  await page.getByTestId('symbol-select').selectOption(Y);
  await page.getByTestId('symbol-x-select').selectOption(X);
  await page.getByTestId('tf-select').selectOption('1s');
  await page.getByTestId('window-select').selectOption('300');
  await expect(page.getByTestId('stat-beta')).toHaveText(/\d/);
  for (const id of PANELS)
    await expect.poll(async () => (await readChartSeries(page, id)).series[0].length).toBeGreaterThan(0);
}

/** A panel's plot height, after checking its value labels are all legible: none overlaps another
 * (or a mark line's label, like the last-price tag), none is cut by the chart's edges. */
async function readablePlot(page: Page, id: string): Promise<number> {
  const l = await readChartLayout(page, id);
  expect(l.plot.height, `${id} plot height`).toBeGreaterThanOrEqual(MIN_PLOT);
  expect(l.yLabels.length, `${id} value labels`).toBeGreaterThanOrEqual(2);
  expect(overlaps([...l.yLabels, ...l.xLabels, ...l.markLabels]), `${id} overlapping labels`).toEqual([]);
  for (const b of l.yLabels) {
    expect(b.y, `${id} label ${b.text} top`).toBeGreaterThanOrEqual(l.canvas.y);
    expect(b.y + b.height, `${id} label ${b.text} bottom`).toBeLessThanOrEqual(l.canvas.y + l.canvas.height);
    expect(b.x, `${id} label ${b.text} left`).toBeGreaterThanOrEqual(l.canvas.x);
  }
  return l.plot.height;
}

/** Panels on screen never overlap one another: each starts below the one above it. */
async function expectStacked(page: Page) {
  const boxes: Box[] = [];
  for (const id of PANELS) {
    const panel = page.getByTestId(`panel-${id}`);
    if ((await panel.count()) === 0) continue;
    boxes.push({ ...(await panel.boundingBox())!, text: id });
  }
  for (let i = 1; i < boxes.length; i++)
    expect(boxes[i].y, `${boxes[i].text} starts below ${boxes[i - 1].text}`).toBeGreaterThanOrEqual(
      boxes[i - 1].y + boxes[i - 1].height,
    );
}

async function timeLabels(page: Page): Promise<Box[]> {
  const ticks = page.getByTestId('time-axis').locator('.tick');
  const boxes: Box[] = [];
  for (let i = 0; i < (await ticks.count()); i++) {
    const b = (await ticks.nth(i).boundingBox())!;
    boxes.push({ ...b, text: (await ticks.nth(i).textContent()) ?? '' });
  }
  return boxes;
}

/** The time strip's labels: several, distinct, apart, inside the strip, and the date where the view crosses midnight. */
async function expectTimeAxisReadable(page: Page) {
  const labels = await timeLabels(page);
  expect(labels.length).toBeGreaterThanOrEqual(4);
  expect(new Set(labels.map((l) => l.text)).size).toBe(labels.length);
  // Apart from each other and from the panel chooser in the strip's corner.
  const chooser = await page.getByTestId('panel-chooser').boundingBox();
  expect(overlaps([...labels, ...(chooser ? [{ ...chooser, text: 'Panels' }] : [])])).toEqual([]);
  const strip = (await page.getByTestId('time-axis').boundingBox())!;
  for (const l of labels) {
    expect(l.x).toBeGreaterThanOrEqual(strip.x);
    expect(l.x + l.width).toBeLessThanOrEqual(strip.x + strip.width);
  }
  // Both fixtures run from 2024-07-18 23:57 across midnight.
  expect(labels.map((l) => l.text)).toContain('Jul 19');
  expect(labels.map((l) => l.text)).not.toContain('00:00:00');
}

/** Drags a panel's resize handle by dy pixels (scrolled into view first: the stack may scroll). */
async function dragHandle(page: Page, id: string, dy: number) {
  const handle = page.getByTestId(`resize-${id}`);
  // Centred: at the bottom of the stack's scroll area it would sit under the time axis strip.
  await handle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const b = (await handle.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2 + dy, { steps: 8 });
  await page.mouse.up();
}

const stackScrolls = (page: Page) => page.locator('.panels').evaluate((el) => el.scrollHeight > el.clientHeight + 1);

test(`1280×720: every panel keeps a readable plot, the stack scrolls, the time axis stays in view [${fixture.origin}]`, async ({
  page,
}) => {
  await openPair(page, 1280, 720);
  const heights: Record<string, number> = {};
  for (const id of PANELS) heights[id] = Math.round(await readablePlot(page, id));
  console.log(`plot heights at 1280×720: ${JSON.stringify(heights)}`);
  await expectStacked(page);
  await expectTimeAxisReadable(page);
  await expect(page.getByTestId('time-axis')).toBeInViewport({ ratio: 1 });
  // Seven readable panels do not fit in 720 px: the stack scrolls, and its time axis and the
  // last panel can be brought into view.
  expect(await stackScrolls(page)).toBe(true);
  await shot(page, 'issue13-1280x720');
  await page.locator('.panels').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId('panel-hedge')).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('time-axis')).toBeInViewport({ ratio: 1 });
  await expectTimeAxisReadable(page);
  await shot(page, 'issue13-1280x720-scrolled');

  // The sidebar: the z distribution is above the fold; the toolbar's source says which symbols in full.
  await expect(page.getByTestId('card-zdist')).toBeInViewport({ ratio: 1 });
  const source = page.getByTestId('source-button');
  await expect(source).toContainText(`${Y}, ${X}`);
  expect(await source.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  // The alert form's widest select stays inside its card.
  await page.getByTestId('tab-alerts').click();
  const kind = (await page.getByTestId('alert-kind').boundingBox())!;
  const card = (await page.getByTestId('alerts-panel').locator('.card').first().boundingBox())!;
  expect(kind.x + kind.width).toBeLessThanOrEqual(card.x + card.width);
  await shot(page, 'issue13-1280x720-alerts-form');
});

test('the crosshair and the export range print the full date and time', async ({ page }) => {
  await openPair(page, 1280, 720);
  const box = (await page.getByTestId('panel-candles').locator('.chart-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await expect(page.getByTestId('time-axis-pointer')).toHaveText(/^2024-07-(18|19) \d\d:\d\d:\d\d$/);
  // Each panel's readout (its corner) starts with the same full date-time.
  await expect(page.getByTestId('panel-candles')).toContainText(/2024-07-(18|19) \d\d:\d\d:\d\d\s+O /);
  await shot(page, 'issue13-crosshair');
  await page.mouse.move(box.x + box.width * 0.6, 2);
  await expect(page.getByTestId('time-axis-pointer')).toHaveCount(0);
  // The export dialog's visible range, which crosses midnight here, says both dates in full.
  await page.keyboard.press('e');
  await expect(page.getByTestId('export-range-visible')).toContainText(
    /2024-07-18 23:5\d:\d\d → 2024-07-19 00:0\d:\d\d/,
  );
  await page.keyboard.press('Escape');
});

test('panels are chosen, resized by dragging and kept; never below a readable plot', async ({ page }) => {
  await openPair(page, 1280, 720);
  await page.evaluate(() => localStorage.removeItem('tickscope.settings.v1'));
  await page.reload();
  await expect(page.getByTestId('stat-beta')).toHaveText(/\d/);

  // Hide two panels from the chooser under the charts.
  await page.getByTestId('panel-chooser').click();
  await page.getByTestId('toggle-normalised').uncheck();
  await page.getByTestId('toggle-hedge').uncheck();
  await expect(page.getByTestId('panel-normalised')).toHaveCount(0);
  await expect(page.getByTestId('panel-hedge')).toHaveCount(0);
  await expect(page.getByTestId('panel-chooser')).toHaveText('Panels 5/7');
  await page.getByTestId('panel-chooser').click();

  // Drag the candles' handle down 120 px: the panel grows by as much.
  const slot = page.getByTestId('slot-candles');
  const before = (await slot.boundingBox())!.height;
  const plotBefore = (await readChartLayout(page, 'candles')).plot.height;
  await dragHandle(page, 'candles', 120);
  await expect.poll(async () => Math.round((await slot.boundingBox())!.height - before)).toBeGreaterThanOrEqual(118);
  expect((await slot.boundingBox())!.height - before).toBeLessThanOrEqual(122);
  await expect.poll(async () => (await readChartLayout(page, 'candles')).plot.height).toBeGreaterThan(plotBefore + 60);

  // The z-score panel: taller by 100 px, then dragged far up it stops at its least height,
  // where the plot is still readable.
  const zBefore = (await readChartLayout(page, 'zscore')).plot.height;
  await dragHandle(page, 'zscore', 100);
  await expect.poll(async () => (await readChartLayout(page, 'zscore')).plot.height).toBeGreaterThan(zBefore + 90);
  await dragHandle(page, 'zscore', -400);
  await expect.poll(async () => (await readChartLayout(page, 'zscore')).plot.height).toBeLessThan(MIN_PLOT + 10);
  await readablePlot(page, 'zscore');
  await readablePlot(page, 'candles');
  await expectStacked(page);
  await shot(page, 'issue13-resized');

  // Kept across a reload: what is shown and how tall.
  const sized = Math.round((await slot.boundingBox())!.height);
  await page.reload();
  await expect(page.getByTestId('stat-beta')).toHaveText(/\d/);
  await expect(page.getByTestId('panel-normalised')).toHaveCount(0);
  await expect.poll(async () => Math.round((await slot.boundingBox())!.height)).toBe(sized);

  // A double-click gives the panel back its share; the chooser shares all of them again.
  await page.getByTestId('resize-candles').dblclick();
  await expect.poll(async () => Math.round((await slot.boundingBox())!.height)).not.toBe(sized);
  await page.getByTestId('panel-chooser').click();
  expect(
    Object.keys(await page.evaluate(() => JSON.parse(localStorage.getItem('tickscope.settings.v1') ?? '{}').heights)),
  ).toEqual(['zscore']);
  await page.getByTestId('panels-share').click();
  await page.getByTestId('toggle-normalised').check();
  await page.getByTestId('toggle-hedge').check();
  await expect(page.getByTestId('panel-hedge')).toHaveCount(1);
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('tickscope.settings.v1') ?? '{}').heights)).toEqual(
    {},
  );
});

test('1920×1080: all seven panels fit without scrolling, each readable', async ({ page }) => {
  await openPair(page, 1920, 1080);
  expect(await stackScrolls(page)).toBe(false);
  const heights: Record<string, number> = {};
  for (const id of PANELS) heights[id] = Math.round(await readablePlot(page, id));
  console.log(`plot heights at 1920×1080: ${JSON.stringify(heights)}`);
  await expectTimeAxisReadable(page);
  await shot(page, 'issue13-1920x1080');
});

test('single mode: the candles take the stack, price and volume have scales, the alerts share the column', async ({
  page,
}) => {
  await openPair(page, 1280, 720);
  await page.keyboard.press('s');
  await expect(page.getByTestId('panel-candles-x')).toHaveCount(0);
  await expect(page.getByTestId('sidebar-single')).toBeVisible();
  // The leg's card and its alerts fill the column (it held one card before).
  await expect(page.getByTestId(`leg-${Y}`)).toBeInViewport();
  await expect(page.getByTestId('alerts-panel')).toBeInViewport();
  await readablePlot(page, 'candles');
  const layout = await readChartLayout(page, 'candles');
  // The last price is tagged on the price axis, as the header prints it.
  const lastPrice = await page.getByTestId('last-price').textContent();
  expect(layout.markLabels.map((l) => l.text)).toContain(lastPrice);
  // Volume has a scale: one label, the largest volume in view, on the volume plot.
  const volumeMax = await page.evaluate(() => {
    const c = (window as unknown as { __tickscopeCharts: Record<string, { getOption(): unknown }> }).__tickscopeCharts
      .candles;
    return (c.getOption() as { yAxis: { axisLabel: { customValues: number[] } }[] }).yAxis[1].axisLabel.customValues;
  });
  expect(volumeMax).toHaveLength(1);
  expect(volumeMax[0]).toBeGreaterThan(0);
  const lowest = layout.yLabels.reduce((a, b) => (b.y > a.y ? b : a));
  expect(lowest.y).toBeGreaterThan(layout.plot.y + layout.plot.height);
  // The column is no longer a lone card over empty space: its content fills most of it.
  const fill = await page
    .getByTestId('sidebar-single')
    .locator('.sidebar-body')
    .evaluate((el) => el.scrollHeight / el.clientHeight);
  expect(fill).toBeGreaterThan(0.6);
  await shot(page, 'issue13-single');
  await page.keyboard.press('t');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await shot(page, 'issue13-single-light');
});

test('light theme pair view, and the tab shows the app icon', async ({ page }) => {
  await openPair(page, 1440, 900);
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  for (const id of PANELS) await readablePlot(page, id);
  await shot(page, 'issue13-light');
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  const icon = await page.request.get(new URL(href!, page.url()).toString());
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/png');
});
