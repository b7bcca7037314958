import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { seedBars } from '../support/seedBars';
import { startServe } from '../support/serveProcess';

export type BenchFigures = Record<string, { value: number; unit: string }>;

export interface UiBenchOptions {
  /** 1 s bars per leg seeded before the dashboard opens (default a day: 86,400). */
  bars?: number;
  /** How long live frames are sampled (default 10 s). */
  frameSampleMs?: number;
  /** How long the heap is watched under live updates (default 3 min); its slope is extrapolated to an hour. */
  heapSampleMs?: number;
  chromiumPath?: string;
  log?: (line: string) => void;
}

const HEAP_SAMPLE_EVERY_MS = 5_000;

/** Least-squares slope of y on x. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxy / sxx;
}

function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
}

/** Trades streamed live after the seeded day: longer than the whole run. */
const LIVE_MS = 20 * 60_000;

/**
 * Browser benchmarks of the dashboard, in Chromium against `tickscope serve` over a database
 * seeded with a day of 1 s bars per leg, the pair streaming on in real time (a replay at 1×):
 * - ui_open_86400_bars_ms: navigation start until both legs' candles are on screen (the
 *   renderer's `tickscope:drawn:*` performance marks), bars fetched over the WebSocket API.
 * - ui_frame_ms_p95_pan_zoom: p95 of requestAnimationFrame intervals while the mouse wheel-zooms
 *   and drags the charts over the full detail (every panel redraws its downsampled view).
 * - ui_frame_ms_p95_live: p95 of requestAnimationFrame intervals while the pair streams
 *   (60 Hz ⇒ 16.7 ms is the floor; longer means dropped frames).
 * - ui_heap_growth_mb_per_hour: JS heap after forced GC, sampled every 5 s over a live run
 *   (3 minutes, after the pan/zoom run has warmed the JIT; 15 s with --quick), as the
 *   least-squares slope extrapolated to an hour.
 */
export async function runUiBench(opts: UiBenchOptions = {}): Promise<BenchFigures> {
  const log = opts.log ?? (() => {});
  const count = opts.bars ?? 86_400;
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-uibench-'));
  const dbPath = join(dir, 'ui.db');
  const t0 = performance.now();
  // The live part streams the same pair on from where the seeded day ends, in real time,
  // into the seeded database (the demo would run on a database of its own, without the day).
  const livePath = join(dir, 'live.jsonl');
  seedBars(dbPath, {
    count,
    endMs: Math.floor(Date.now() / 1000) * 1000,
    continuation: { file: livePath, ms: LIVE_MS },
  });
  log(`seeded ${count} 1s bars per leg in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const serve = await startServe(['--source', 'replay', livePath, '--speed', '1', '--db', dbPath]);
  const browser = await chromium.launch({
    executablePath: opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await page.goto(serve.url);
    await page.waitForFunction(
      () => ['candles', 'candles-x'].every((id) => performance.getEntriesByName(`tickscope:drawn:${id}`).length > 0),
      null,
      { timeout: 120_000 },
    );
    // In-page code is passed as text: tsx's name helpers (__name) do not exist in the page.
    const open = (await page.evaluate(`({
      candles: Math.max(...['candles', 'candles-x'].map((id) => performance.getEntriesByName('tickscope:drawn:' + id)[0].startTime)),
      barCount: document.querySelector('[data-testid="bar-count"]').textContent,
    })`)) as { candles: number; barCount: string };
    log(`opened: ${open.barCount}, candles drawn at ${open.candles.toFixed(0)} ms`);
    await page
      .waitForFunction(
        () => ['zscore', 'hedge'].every((id) => performance.getEntriesByName(`tickscope:drawn:${id}`).length > 0),
        null,
        { timeout: 120_000 },
      )
      .catch(() => undefined);
    const analyticsAt = (await page.evaluate(
      `Math.max(...['spread', 'zscore', 'correlation', 'hedge'].map((id) => performance.getEntriesByName('tickscope:drawn:' + id)[0]?.startTime ?? NaN))`,
    )) as number;

    // Live frames: rAF intervals while pushes arrive.
    const frameMs = opts.frameSampleMs ?? 10_000;
    const intervals = (await page.evaluate(`new Promise((done) => {
      const out = [];
      let last = performance.now();
      const stop = last + ${frameMs};
      function step(t) {
        out.push(t - last);
        last = t;
        if (t < stop) requestAnimationFrame(step);
        else done(out);
      }
      requestAnimationFrame(step);
    })`)) as number[];
    log(`frames sampled: ${intervals.length}`);

    // Pan and zoom with the mouse over a day of bars, once the detail is in: wheel steps and
    // drags as a trader does them, every panel redrawing its downsampled view each frame.
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="panel-candles"]')?.textContent?.includes('loading detail'),
      null,
      { timeout: 120_000 },
    );
    const box = (await page.getByTestId('panel-candles').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await page.evaluate(`(() => {
      const out = (window.__benchFrames = []);
      let last = performance.now();
      const step = (t) => {
        out.push(t - last);
        last = t;
        if (window.__benchFrames === out) requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    })()`);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 8; i++) {
        await page.mouse.wheel(0, -120);
        await page.waitForTimeout(40);
      }
      await page.mouse.down();
      for (let i = 1; i <= 20; i++) {
        await page.mouse.move(cx + (round % 2 ? -1 : 1) * i * 15, cy);
        await page.waitForTimeout(16);
      }
      await page.mouse.up();
      await page.mouse.move(cx, cy);
      for (let i = 0; i < 8; i++) {
        await page.mouse.wheel(0, 120);
        await page.waitForTimeout(40);
      }
    }
    const interactFrames = (await page.evaluate(
      `(() => { const f = window.__benchFrames; window.__benchFrames = null; return f.slice(1); })()`,
    )) as number[];
    log(`pan/zoom frames sampled: ${interactFrames.length}`);

    // Heap under live updates: sampled after a forced GC every few seconds, and the growth
    // is the least-squares slope through all samples. Two end points alone swing by ±2 MB
    // with whatever garbage the last pushes left, which over a minute reads as ±100 MB/h.
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
    };
    const heapMs = opts.heapSampleMs ?? 180_000;
    const samples: [number, number][] = [];
    const s0 = performance.now();
    for (;;) {
      samples.push([(performance.now() - s0) / 3_600_000, await heap()]);
      if (performance.now() - s0 >= heapMs) break;
      await page.waitForTimeout(HEAP_SAMPLE_EVERY_MS);
    }
    const growth = slope(samples);
    log(
      `heap ${samples[0]![1].toFixed(1)} → ${samples.at(-1)![1].toFixed(1)} MiB over ${(heapMs / 1000).toFixed(0)} s (${samples.length} samples)`,
    );

    return {
      [`ui_open_${count}_bars_ms`]: { value: Math.round(open.candles), unit: 'ms (navigation → both legs drawn)' },
      ui_open_analytics_ms: {
        value: Math.round(analyticsAt),
        unit: `ms (navigation → spread/z/corr/β drawn, ${count} rolling points)`,
      },
      ui_frame_ms_p95_pan_zoom: {
        value: Number(p95(interactFrames).toFixed(1)),
        unit: `ms (p95 rAF interval while wheel-zooming and dragging over ${count} bars per leg)`,
      },
      ui_frame_ms_p95_live: {
        value: Number(p95(intervals).toFixed(1)),
        unit: `ms (p95 rAF interval, ${(frameMs / 1000).toFixed(0)} s live)`,
      },
      ui_heap_growth_mb_per_hour: {
        value: Number(growth.toFixed(1)),
        unit: `MB/h (slope of the JS heap after GC, ${samples.length} samples over ${(heapMs / 1000).toFixed(0)} s live)`,
      },
    };
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // --quick: a smoke run (a shorter heap watch), as `tickscope bench --quick` passes it.
  const quick = process.argv.includes('--quick');
  runUiBench({ log: (l) => console.error(l), ...(quick ? { heapSampleMs: 15_000, frameSampleMs: 5_000 } : {}) }).then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
  );
}
