import { describe, expect, it } from 'vitest';
import { packRows, unpackRows } from '../../../../src/shared/wirePacking';
import { sampleBar } from '../../../support/fakeHandlers';

const roundTrip = (v: unknown) => unpackRows(JSON.parse(JSON.stringify(packRows(v))));

describe('columnar packing of the WebSocket transport', () => {
  it('long arrays of same-shaped rows travel as columns and come back equal', () => {
    const bars = Array.from({ length: 500 }, (_, i) => ({ ...sampleBar(i * 1000), close: 10 + i / 7 }));
    const payload = { bars, nested: { points: bars.map((b) => ({ ts: b.ts, z: b.close > 20 ? null : b.close })) } };
    const packed = packRows(payload) as { bars: { $cols: string[]; $v: unknown[] } };
    expect(packed.bars.$cols).toEqual(Object.keys(bars[0]));
    // Constant columns (symbol, tf) are sent once.
    expect(packed.bars.$v[0]).toEqual({ $k: 'BTCUSDT' });
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(payload).length / 2);
    expect(roundTrip(payload)).toEqual(payload);
  });

  it('leaves short arrays, mixed shapes, nested values and absent fields as they are', () => {
    const short = [{ a: 1 }, { a: 2 }];
    const mixed = Array.from({ length: 100 }, (_, i) => (i === 50 ? { a: i, b: 1 } : { a: i }));
    const nested = Array.from({ length: 100 }, (_, i) => ({ a: i, o: { x: i } }));
    const holes = Array.from({ length: 100 }, (_, i) => ({ a: i, b: i === 3 ? undefined : i }));
    for (const v of [short, mixed, nested, 'text', 42, null, { rules: [] }]) {
      expect(packRows(v)).toEqual(v);
      expect(roundTrip(v)).toEqual(v);
    }
    expect(roundTrip(holes)).toEqual(JSON.parse(JSON.stringify(holes)));
  });
});
