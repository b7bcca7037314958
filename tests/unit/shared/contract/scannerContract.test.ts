import { describe, expect, it } from 'vitest';
import { exportRequestSchema, requests, scanFinishSchema, scanRunRequestSchema } from '../../../../src/shared/contract';

const messages = (arg: unknown) => {
  const r = scanRunRequestSchema.safeParse(arg);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the scanner contract', () => {
  it('fills the CLI defaults and keeps the universe as given', () => {
    expect(scanRunRequestSchema.parse({ universe: { kind: 'all' }, tf: '1m' })).toEqual({
      universe: { kind: 'all' },
      tf: '1m',
      minCoverage: 0.9,
      minPoints: 200,
      fdr: 0.05,
    });
    expect(
      scanRunRequestSchema.parse({
        universe: { kind: 'list', symbols: ['btcusdt', 'ETHUSDT', 'BTCUSDT'] },
        tf: '5m',
        bars: 300,
      }).universe,
    ).toEqual({
      kind: 'list',
      symbols: ['BTCUSDT', 'ETHUSDT'],
    });
    expect(
      scanRunRequestSchema.parse({ universe: { kind: 'watchlist' }, tf: '1h', from: 0, to: 3_600_000 }),
    ).toMatchObject({ from: 0, to: 3_600_000 });
  });

  it('names each field it refuses', () => {
    expect(messages({ universe: { kind: 'list', symbols: ['BTCUSDT', 'btcusdt'] }, tf: '1m' })).toEqual([
      'universe.symbols: a scan needs at least two different symbols',
    ]);
    expect(messages({ universe: { kind: 'list', symbols: ['BTCUSDT', 'NOT A SYMBOL'] }, tf: '1m' })).toEqual([
      'universe.symbols.1: a symbol is 2-30 letters or digits, e.g. BTCUSDT',
    ]);
    expect(messages({ universe: { kind: 'all' }, tf: '1m', from: 10 })).toEqual([
      'to: from and to go together (or give bars)',
    ]);
    expect(messages({ universe: { kind: 'all' }, tf: '1m', from: 10, to: 10 })).toEqual(['to: to must be after from']);
    expect(messages({ universe: { kind: 'all' }, tf: '1m', from: 10, to: 20, bars: 5 })).toEqual([
      'bars: bars cannot be combined with from/to',
    ]);
    expect(messages({ universe: { kind: 'all' }, tf: '1m', bars: 1 })).toEqual(['bars: bars must be at least 2']);
    expect(messages({ universe: { kind: 'all' }, tf: '1m', minCoverage: 0 })).toEqual([
      'minCoverage: minCoverage must be in (0, 1]',
    ]);
    expect(messages({ universe: { kind: 'all' }, tf: '1m', fdr: 1.5 })).toEqual(['fdr: fdr must be in (0, 1]']);
    expect(messages({ universe: { kind: 'all' }, tf: '1m', minPoints: 19 })).toEqual([
      'minPoints: minPoints must be at least 20',
    ]);
    expect(messages({ universe: { kind: 'all' }, tf: '7m' })).toHaveLength(1);
  });

  it('is strict: unknown fields are refused, in the request and in the universe', () => {
    expect(messages({ universe: { kind: 'all' }, tf: '1m', symbols: 'all' })).toHaveLength(1);
    expect(messages({ universe: { kind: 'all', symbols: ['BTCUSDT'] }, tf: '1m' })).toHaveLength(1);
    expect(requests['scanner.getResult'].request.safeParse({ latest: true }).success).toBe(false);
    expect(requests['scanner.cancel'].request.safeParse({ id: '' }).success).toBe(false);
  });

  it('a finish is done (counts only: the table is read with getResult), cancelled, or failed with a reason', () => {
    expect(scanFinishSchema.safeParse({ id: 's', status: 'done', tested: 3, significant: 1 }).success).toBe(true);
    expect(scanFinishSchema.safeParse({ id: 's', status: 'failed' }).success).toBe(false);
    expect(scanFinishSchema.safeParse({ id: 's', status: 'cancelled' }).success).toBe(true);
  });

  it('the saved scan is exported through export.run as CSV or Parquet', () => {
    expect(exportRequestSchema.parse({ kind: 'scan', format: 'csv' })).toEqual({ kind: 'scan', format: 'csv' });
    expect(exportRequestSchema.safeParse({ kind: 'scan', format: 'json' }).success).toBe(false);
    expect(exportRequestSchema.safeParse({ kind: 'scan', format: 'csv', from: 0 }).success).toBe(false);
  });
});
