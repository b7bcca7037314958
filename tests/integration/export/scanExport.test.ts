import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanUniverse, syntheticUniverse } from '../../../src/core/scanner';
import { exportScan } from '../../../src/engine/export/scanExport';
import { SCAN_COLUMNS } from '../../../src/engine/export/scanColumns';
import type { ScanResultView } from '../../../src/shared/contract';
import { asCsvLine, readParquet } from '../../support/readParquet';

// The dashboard's "Export CSV" (export.run kind scan) writes the saved scan with the Parquet
// scan table's columns: the CSV and the Parquet file hold the same rows, in the scan's order.
const u = syntheticUniverse({ seed: 5, symbols: 6, bars: 300, tfMs: 60_000, start: 0, planted: 1, missing: 0.02 });
const options = { minCoverage: 0.9, minPoints: 200, fdr: 0.05 };
const scan = scanUniverse(u.series, options);
const view: ScanResultView = {
  request: { universe: { kind: 'all' }, tf: '1m', bars: 300, ...options },
  ranAt: 1,
  elapsedMs: 1,
  universe: u.series.map((s) => s.symbol),
  tf: '1m',
  from: 0,
  to: 300 * 60_000,
  ...scan,
};

async function bytesOf(format: 'csv' | 'parquet'): Promise<{ bytes: Buffer; rows: number; progress: number[] }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const progress: number[] = [];
  const rows = await exportScan(view, out, format, (n) => progress.push(n));
  out.end();
  return { bytes: Buffer.concat(chunks), rows, progress };
}

describe('exporting a saved scan', () => {
  it('CSV and Parquet carry the same tested pairs, in the scan order, under one column list', async () => {
    expect(scan.pairs.length).toBe(15);
    const csv = await bytesOf('csv');
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    expect(csv.rows).toBe(15);
    expect(csv.progress.at(-1)).toBe(15);
    expect(lines[0]).toBe(SCAN_COLUMNS.map((c) => c.name).join(','));
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join('|'))).toEqual(
      scan.pairs.map((p) => `${p.a}|${p.b}`),
    );

    const pq = await bytesOf('parquet');
    expect(pq.rows).toBe(15);
    const { rows } = await readParquet(new Uint8Array(pq.bytes));
    const names = SCAN_COLUMNS.map((c) => c.name);
    expect(rows.map((r) => asCsvLine(r, names))).toEqual(lines.slice(1));
  });
});
