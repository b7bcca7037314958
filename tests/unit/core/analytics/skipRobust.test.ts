import { describe, expect, it } from 'vitest';
import { pairAnalytics } from '../../../../src/core/analytics/pairAnalytics';
import { CointegratedPairSim } from '../../../../src/core/sim/cointegratedPair';
import { buildBars } from '../../../../src/core/bars/barBuilder';

describe('live snapshots of very large windows', () => {
  it('leave out only the robust estimates, saying why', () => {
    const ticks = new CointegratedPairSim({ seed: 3, startMs: 0 }).advance(20 * 60_000);
    const bars = buildBars(ticks, ['1s']);
    const y = bars.filter((b) => b.symbol === 'BTCUSDT');
    const x = bars.filter((b) => b.symbol === 'ETHUSDT');
    const full = pairAnalytics(y, x, 600, { tf: '1s' });
    const live = pairAnalytics(y, x, 600, { tf: '1s', skipRobust: true });
    expect(full.ok && live.ok).toBe(true);
    if (!full.ok || !live.ok) return;
    expect(full.value.robust.theilSen).not.toBeNull();
    expect(live.value.robust).toEqual({ theilSen: null, huber: null });
    expect(live.issues['robust.theilSen']?.reason).toBe('too_large');
    expect(live.issues['robust.huber']?.reason).toBe('too_large');
    expect({ ...live.value, robust: null }).toEqual({ ...full.value, robust: null });
  });
});
