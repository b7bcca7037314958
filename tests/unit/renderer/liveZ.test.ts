import { describe, expect, it } from 'vitest';
import type { PairSpec, RollingPoint } from '../../../src/shared/contract';
import { selectLiveZ } from '../../../src/renderer/lib/liveZ';
import { row } from './watchlist/fixtures';

const spec: PairSpec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', window: 300 };
const key = 'BTCUSDT|ETHUSDT|1s|300';
const point = (ts: number, z: number | null): RollingPoint => ({
  ts,
  y: 1,
  x: 1,
  alpha: 0,
  beta: 1,
  r2: 0.5,
  spread: 0,
  spreadStd: 1,
  z,
  correlation: 0.5,
  kalmanBeta: 1,
  kalmanAlpha: 0,
});

describe('selectLiveZ: the one z the card, the z panel and the distribution show', () => {
  it('is the last rolling point pushed for the pair on screen', () => {
    expect(selectLiveZ(spec, [point(1, 0.2), point(2, -0.841)], key, null)).toEqual({ z: -0.841, ts: 2 });
  });

  it('is null when the last point has no z yet, rather than an older z', () => {
    expect(selectLiveZ(spec, [point(1, 1.5), point(2, null)], key, null)).toEqual({ z: null, ts: 2 });
  });

  it('takes the watch row of the pair when it is about a later bar, the point on the same bar', () => {
    const pts = [point(1_000, 0.4)];
    expect(selectLiveZ(spec, pts, key, row({ ts: 2_000, z: -0.67 }))).toEqual({ z: -0.67, ts: 2_000 });
    expect(selectLiveZ(spec, pts, key, row({ ts: 1_000, z: 9 }))).toEqual({ z: 0.4, ts: 1_000 });
    expect(selectLiveZ(spec, pts, key, row({ ts: 500, z: 9 }))).toEqual({ z: 0.4, ts: 1_000 });
    expect(selectLiveZ(spec, [], '', row({ ts: 2_000, z: 1.1 }))).toEqual({ z: 1.1, ts: 2_000 });
  });

  it('never shows another pair: a series still of the last pair, a row of another window', () => {
    expect(selectLiveZ(spec, [point(1, 0.3)], 'BTCUSDT|ETHUSDT|1s|600', null)).toEqual({ z: null, ts: null });
    expect(selectLiveZ(spec, [], '', row({ pair: { window: 600 }, ts: 9, z: 2 }))).toEqual({ z: null, ts: null });
    expect(selectLiveZ(null, [point(1, 0.3)], key, row())).toEqual({ z: null, ts: null });
  });

  it('turns a non-finite z into none', () => {
    expect(selectLiveZ(spec, [point(1, Number.NaN)], key, null).z).toBeNull();
  });
});
