import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanUniverse } from '../../../src/core/scanner';
import { scanStore } from '../../../src/engine/scanner/scanStore';
import { MAX_SCAN_POINTS, ScanInputError, loadUniverse } from '../../../src/engine/scanner/universe';
import { tempDb, type PairDb } from '../analytics/pairDb';
import { loadScanFixture } from '../../unit/core/scanner/scanFixture';
import { writeUniverseBars } from '../../support/universeDb';

const c = loadScanFixture().cases.planted!;
const MIN = 60_000;
const first = c.universe.start;
const end = first + c.universe.bars * MIN;
let db: PairDb;

beforeAll(() => {
  db = tempDb('tickscope-scan-');
  writeUniverseBars(db.store, c.series, '1m');
  // Bars of another timeframe must not leak into a 1m scan.
  writeUniverseBars(db.store, [{ symbol: 'OTHERUSDT', ts: [first], close: [1] }], '5m');
});
afterAll(() => db.cleanup());

/** The fixture series cut to [from, to). */
function cut(from: number, to: number) {
  return c.series
    .map((s) => {
      const keep = s.ts.map((t, i) => [t, s.close[i]!] as const).filter(([t]) => t >= from && t < to);
      return { symbol: s.symbol, ts: keep.map(([t]) => t), close: keep.map(([, v]) => v) };
    })
    .filter((s) => s.ts.length > 0);
}

describe('scanning the store', () => {
  it('scans every symbol with bars of the timeframe in [from, to), as the pure scan does', async () => {
    const report = await scanStore(
      db.store,
      { symbols: 'all', tf: '1m', from: first, to: end, options: c.scan },
      { workers: 2 },
    );
    const expected = scanUniverse(c.series, c.scan);
    expect(report.universe).toEqual(c.series.map((s) => s.symbol));
    expect([report.tf, report.from, report.to]).toEqual(['1m', first, end]);
    expect({ tested: report.tested, pairs: report.pairs, excluded: report.excluded }).toEqual(expected);
    expect(report.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('defaults to the last N intervals ending at the latest bar of the universe', async () => {
    const latest = Math.max(...c.series.map((s) => s.ts.at(-1)!));
    const symbols = ['S000USDT', 'S001USDT', 'S002USDT'];
    const report = await scanStore(
      db.store,
      { symbols, tf: '1m', bars: 300, options: { ...c.scan, minPoints: 100 } },
      { workers: 1 },
    );
    expect([report.from, report.to]).toEqual([latest + MIN - 300 * MIN, latest + MIN]);
    const expected = scanUniverse(
      cut(report.from, report.to).filter((s) => symbols.includes(s.symbol)),
      { ...c.scan, minPoints: 100 },
    );
    expect(report.pairs).toEqual(expected.pairs);
    expect(report.universe).toEqual(symbols);
  });

  it('refuses unknown symbols, symbols or ranges without bars, and a universe of one, each in one line', () => {
    const load = (req: Parameters<typeof loadUniverse>[1]) => () => loadUniverse(db.store, req);
    expect(load({ symbols: ['S000USDT', 'NOPEUSDT'], tf: '1m' })).toThrow(ScanInputError);
    expect(load({ symbols: ['S000USDT', 'NOPEUSDT'], tf: '1m' })).toThrow(
      /^unknown symbol NOPEUSDT: nothing stored for it/,
    );
    expect(load({ symbols: ['S000USDT', 'OTHERUSDT'], tf: '1m', from: first, to: end })).toThrow(
      /^no 1m bars of OTHERUSDT in \[/,
    );
    expect(load({ symbols: 'all', tf: '1m', from: end, to: end + 60 * MIN })).toThrow(
      /^no 1m bars of any symbol in \[/,
    );
    expect(load({ symbols: 'all', tf: '15m' })).toThrow('no 15m bars stored for any symbol');
    expect(load({ symbols: 'all', tf: '5m' })).toThrow(
      /^a scan needs at least two symbols; only OTHERUSDT has 5m bars/,
    );
  });

  it('refuses a universe too large to hold in every worker, before reading it', () => {
    expect(MAX_SCAN_POINTS).toBe(10_000_000);
    // One bar over the limit is refused, before any bar is read.
    const points = c.series.reduce((s, x) => s + x.ts.length, 0);
    expect(() => loadUniverse(db.store, { symbols: 'all', tf: '1m', from: first, to: end }, points - 1)).toThrow(
      `too much to scan at once: ${points.toLocaleString('en-US')} 1m bars over 12 symbols (at most ${(points - 1).toLocaleString('en-US')}); use a shorter range, a longer timeframe or fewer symbols`,
    );
    expect(loadUniverse(db.store, { symbols: 'all', tf: '1m', from: first, to: end }, points).legs).toHaveLength(12);
  });
});
