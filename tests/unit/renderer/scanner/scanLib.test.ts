import { describe, expect, it } from 'vitest';
import type { ScanPair } from '../../../../src/shared/contract';
import { defaultScanForm, parseSymbolList, scanFormRequest } from '../../../../src/renderer/lib/scanner/scanForm';
import { scanNumber, scanProgressText } from '../../../../src/renderer/lib/scanner/scanProgress';
import { logTick, Q_FLOOR, qAxisMin, scatterData } from '../../../../src/renderer/lib/scanner/scanScatter';
import {
  directionP,
  nextScanSort,
  scanRowKey,
  SCAN_ORDER,
  sortScanRows,
} from '../../../../src/renderer/lib/scanner/scanSort';

function row(a: string, b: string, o: Partial<ScanPair> & { pab?: number; pba?: number } = {}): ScanPair {
  const { pab = 0.01, pba = 0.2, ...rest } = o;
  return {
    a,
    b,
    y: a,
    x: b,
    n: 500,
    corr: 0.5,
    coint: { ab: { stat: -4, pvalue: pab }, ba: { stat: -2, pvalue: pba } },
    pvalue: Math.min(1, 2 * Math.min(pab, pba)),
    qvalue: 0.05,
    significant: false,
    beta: 1,
    alpha: 0,
    halfLife: 10,
    zLast: 0,
    crossings: 20,
    ...rest,
  };
}

describe('the scanner form', () => {
  it('defaults to the CLI: every stored symbol, the last 1440 bars of the charts timeframe, 0.9 / 200 / 0.05', () => {
    const out = scanFormRequest(defaultScanForm('5m'));
    expect(out).toEqual({
      ok: true,
      request: { universe: { kind: 'all' }, tf: '5m', bars: 1440, minCoverage: 0.9, minPoints: 200, fdr: 0.05 },
    });
  });

  it('reads a symbol list (case, commas, spaces, duplicates) and a UTC range', () => {
    expect(parseSymbolList(' btcusdt, ETHUSDT  solusdt;btcusdt ')).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    const form = {
      ...defaultScanForm('1m'),
      universe: 'list' as const,
      symbols: 'btcusdt ethusdt',
      range: 'range' as const,
      from: '2024-08-08T00:00',
      to: '2024-08-09T00:00',
    };
    const out = scanFormRequest(form);
    expect(out).toEqual({
      ok: true,
      request: {
        universe: { kind: 'list', symbols: ['BTCUSDT', 'ETHUSDT'] },
        tf: '1m',
        from: Date.UTC(2024, 7, 8),
        to: Date.UTC(2024, 7, 9),
        minCoverage: 0.9,
        minPoints: 200,
        fdr: 0.05,
      },
    });
  });

  it('says under which field what the engine would refuse', () => {
    const bad = (patch: Partial<ReturnType<typeof defaultScanForm>>) => {
      const out = scanFormRequest({ ...defaultScanForm('1m'), ...patch });
      return out.ok ? {} : out.errors;
    };
    expect(bad({ universe: 'list', symbols: 'BTCUSDT' })).toEqual({
      symbols: 'a scan needs at least two different symbols',
    });
    expect(bad({ universe: 'list', symbols: 'BTCUSDT, B' })).toEqual({
      symbols: 'B: a symbol is 2-30 letters or digits, e.g. BTCUSDT',
    });
    expect(bad({ bars: 'ten' })).toEqual({ bars: '"ten" is not a number' });
    expect(bad({ bars: '' })).toEqual({ bars: 'required' });
    expect(bad({ fdr: '0' })).toEqual({ fdr: 'fdr must be in (0, 1]' });
    expect(bad({ minPoints: '5' })).toEqual({ minPoints: 'minPoints must be at least 20' });
    expect(bad({ range: 'range', from: '2024-08-09T00:00', to: '2024-08-08T00:00' })).toEqual({
      to: 'to must be after from',
    });
    expect(bad({ range: 'range', from: '', to: '2024-08-08T00:00' })).toEqual({ from: 'required' });
  });
});

describe('the scan table', () => {
  const rows = [
    row('AUSDT', 'BUSDT', { qvalue: 0.01, halfLife: 40, corr: 0.2, pab: 0.001, pba: 0.3 }),
    row('AUSDT', 'CUSDT', { qvalue: 0.02, halfLife: null, corr: 0.9, y: 'CUSDT', x: 'AUSDT', pab: 0.5, pba: 0.004 }),
    row('BUSDT', 'CUSDT', { qvalue: 0.5, halfLife: 5, corr: 0.6, pab: 0.2, pba: 0.3 }),
  ];
  const order = (list: ScanPair[]) => list.map(scanRowKey);

  it('sorts both ways by any column; rows without a half-life go last either way', () => {
    expect(order(sortScanRows(rows, SCAN_ORDER))).toEqual(['AUSDT|BUSDT', 'AUSDT|CUSDT', 'BUSDT|CUSDT']);
    expect(order(sortScanRows(rows, { key: 'qvalue', dir: 'desc' }))).toEqual([
      'BUSDT|CUSDT',
      'AUSDT|CUSDT',
      'AUSDT|BUSDT',
    ]);
    expect(order(sortScanRows(rows, { key: 'halfLife', dir: 'asc' }))).toEqual([
      'BUSDT|CUSDT',
      'AUSDT|BUSDT',
      'AUSDT|CUSDT',
    ]);
    expect(order(sortScanRows(rows, { key: 'halfLife', dir: 'desc' }))).toEqual([
      'AUSDT|BUSDT',
      'BUSDT|CUSDT',
      'AUSDT|CUSDT',
    ]);
    expect(order(sortScanRows(rows, { key: 'corr', dir: 'desc' }))).toEqual([
      'AUSDT|CUSDT',
      'BUSDT|CUSDT',
      'AUSDT|BUSDT',
    ]);
    // By pair name as shown (y / x): CUSDT/AUSDT sorts after BUSDT/CUSDT.
    expect(order(sortScanRows(rows, { key: 'pair', dir: 'asc' }))).toEqual([
      'AUSDT|BUSDT',
      'BUSDT|CUSDT',
      'AUSDT|CUSDT',
    ]);
    expect(order(sortScanRows(rows, { key: 'pYX', dir: 'asc' }))).toEqual([
      'AUSDT|BUSDT',
      'AUSDT|CUSDT',
      'BUSDT|CUSDT',
    ]);
  });

  it('names the two Engle–Granger p-values by the scan orientation', () => {
    // y = a: y~x is a dependent (ab); y = b: y~x is b dependent (ba).
    expect([directionP(rows[0]!, 'yx'), directionP(rows[0]!, 'xy')]).toEqual([0.001, 0.3]);
    expect([directionP(rows[1]!, 'yx'), directionP(rows[1]!, 'xy')]).toEqual([0.004, 0.5]);
  });

  it('a header click flips the same column, and starts a new one at its natural direction', () => {
    expect(nextScanSort(SCAN_ORDER, 'qvalue')).toEqual({ key: 'qvalue', dir: 'desc' });
    expect(nextScanSort(SCAN_ORDER, 'corr')).toEqual({ key: 'corr', dir: 'desc' });
    expect(nextScanSort(SCAN_ORDER, 'halfLife')).toEqual({ key: 'halfLife', dir: 'asc' });
  });
});

describe('the half-life vs q scatter', () => {
  it('draws each pair with a half-life at [half-life, q], q floored for the log axis, in two series', () => {
    const d = scatterData([
      row('AUSDT', 'BUSDT', { qvalue: 0, halfLife: 12, significant: true }),
      row('AUSDT', 'CUSDT', { qvalue: 0.3, halfLife: null }),
      row('BUSDT', 'CUSDT', { qvalue: 0.3, halfLife: 250 }),
    ]);
    expect(d.significant).toEqual([{ value: [12, Q_FLOOR], key: 'AUSDT|BUSDT', significant: true }]);
    expect(d.other).toEqual([{ value: [250, 0.3], key: 'BUSDT|CUSDT', significant: false }]);
    expect(d.omitted).toBe(1);
    // The q axis reaches the decade of the smallest q drawn, and no lower than the floor.
    expect(qAxisMin(d)).toBe(Q_FLOOR);
    expect(qAxisMin(scatterData([row('AUSDT', 'BUSDT', { qvalue: 0.00042 })]))).toBe(1e-4);
    expect(qAxisMin(scatterData([row('AUSDT', 'BUSDT', { qvalue: 0.3 })]))).toBe(1e-3);
  });

  it('labels log axes without long runs of zeros', () => {
    expect([1, 0.01, 0.001, 1e-4, 1e-12, 10, 1000].map(logTick)).toEqual([
      '1',
      '0.01',
      '0.001',
      '1e-4',
      '1e-12',
      '10',
      '1000',
    ]);
  });
});

describe('progress and numbers', () => {
  it('says where the scan is', () => {
    expect(scanProgressText({ id: null, phase: 'loading', done: 0, total: 0 })).toBe('starting…');
    expect(scanProgressText({ id: 's', phase: 'scanning', done: 0, total: 0 })).toBe('reading bars…');
    expect(scanProgressText({ id: 's', phase: 'scanning', done: 4975, total: 19900 })).toBe(
      '4,975 / 19,900 pairs (25%)',
    );
    expect(scanProgressText({ id: 's', phase: 'ranking', done: 19900, total: 19900 })).toBe('ranking 19,900 pairs…');
  });

  it('prints small and large numbers in exponent form, none as a dash', () => {
    expect([scanNumber(0.012345), scanNumber(1.2e-7), scanNumber(null), scanNumber(0), scanNumber(123.456)]).toEqual([
      '0.0123',
      '1.20e-7',
      '—',
      '0',
      '123',
    ]);
  });
});
