import { describe, expect, it } from 'vitest';
import { runSoakBench } from '../../../src/engine/bench/soak';

// The soak benchmark's figures come from `npm run bench`; this only checks that a short run
// really drives the whole path (store, pushes over the serve transport, requests answered)
// and reports every figure the issue names. No timing is asserted.
describe('soak benchmark (short run)', () => {
  it('replays ticks through the engine and the serve transport and reports its figures', async () => {
    const figures = await runSoakBench({ ticks: 80_000 });
    expect(figures.soak_ticks).toEqual({ value: 80_000, unit: 'ticks' });
    for (const name of ['soak_rss_growth_mb', 'event_loop_p99_ms', 'soak_ticks_per_s', 'soak_rss_peak_mb']) {
      expect(Number.isFinite(figures[name]?.value), name).toBe(true);
    }
    expect(figures.soak_rss_growth_mb!.unit).toBe('MB');
    expect(figures.event_loop_p99_ms!.unit).toBe('ms');
    expect(figures.soak_client_bar_pushes!.value).toBeGreaterThan(0);
    expect(figures.soak_client_errors!.value).toBe(0);
  });
});
