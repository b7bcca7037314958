import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanUniverse, syntheticUniverse } from '../../../src/core/scanner';
import type { ScanLegData } from '../../../src/engine/scanner/messages';
import { ScanCancelledError, scanInPool } from '../../../src/engine/scanner/scanPool';
import { loadScanFixture } from '../../unit/core/scanner/scanFixture';

const OPTIONS = { minCoverage: 0.9, minPoints: 200, fdr: 0.05 };

function legsOf(series: readonly { symbol: string; ts: ArrayLike<number>; close: ArrayLike<number> }[]): ScanLegData[] {
  return [...series]
    .sort((p, q) => (p.symbol < q.symbol ? -1 : 1))
    .map((s) => ({ symbol: s.symbol, ts: Float64Array.from(s.ts), close: Float64Array.from(s.close) }));
}

describe('the scan worker pool', () => {
  it('reproduces the single-threaded scan exactly, whatever the chunking, reporting progress', async () => {
    const c = loadScanFixture().cases.planted!;
    const reference = scanUniverse(c.series, c.scan);
    const progress: number[] = [];
    const pooled = await scanInPool(legsOf(c.series), c.scan, {
      workers: 2,
      chunkPairs: 5,
      onProgress: (p) => progress.push(p.done),
    });
    expect(pooled).toEqual(reference);
    expect(progress.at(-1)).toBe(66);
    expect(progress.length).toBe(Math.ceil(66 / 5));
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThan(progress[i - 1]!);
  });

  it('cancels: an abort mid-scan terminates the workers and rejects with ScanCancelledError', async () => {
    const u = syntheticUniverse({ seed: 3, symbols: 30, bars: 600, tfMs: 60_000, start: 0, planted: 2, missing: 0.01 });
    const ctl = new AbortController();
    let chunks = 0;
    const run = scanInPool(legsOf(u.series), OPTIONS, {
      workers: 2,
      chunkPairs: 4,
      signal: ctl.signal,
      onProgress: () => {
        if (++chunks === 2) ctl.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(ScanCancelledError);
    expect(chunks).toBeLessThan(435 / 4);
  });

  it('rejects at once when the signal is already aborted, and needs no worker for fewer than two legs', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const u = syntheticUniverse({ seed: 3, symbols: 3, bars: 300, tfMs: 60_000, start: 0, planted: 0, missing: 0 });
    await expect(scanInPool(legsOf(u.series), OPTIONS, { signal: ctl.signal })).rejects.toBeInstanceOf(
      ScanCancelledError,
    );
    const missing = { file: new URL('file:///nonexistent/worker.mjs') };
    expect(await scanInPool(legsOf(u.series.slice(0, 1)), OPTIONS, { entry: missing })).toEqual({
      tested: 0,
      pairs: [],
      excluded: [],
    });
  });

  it('rejects with a clear error when a worker dies', async () => {
    const u = syntheticUniverse({ seed: 3, symbols: 4, bars: 300, tfMs: 60_000, start: 0, planted: 0, missing: 0 });
    const crashing = { file: new URL('../analytics/workers/crashOnFirstCall.mjs', import.meta.url) };
    expect(fileURLToPath(crashing.file)).toMatch(/crashOnFirstCall\.mjs$/);
    await expect(scanInPool(legsOf(u.series), OPTIONS, { workers: 2, entry: crashing })).rejects.toThrow(
      /scan worker exited with code 3/,
    );
  });
});
