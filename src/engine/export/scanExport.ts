import type { ScanResultView } from '../../shared/contract';
import { ChunkedWriter } from './chunkedWriter';
import { csvHeader, csvLine } from './exportColumns';
import { writeParquet } from './parquetTable';
import { SCAN_COLUMNS } from './scanColumns';

/**
 * A saved scan's ranked table (the tested pairs, in the scan's order) as CSV or Parquet: one
 * column list for both (scanColumns.ts), so the dashboard's download and a Parquet reader see
 * the same names and values. Returns the row count.
 */
export async function exportScan(
  scan: ScanResultView,
  out: NodeJS.WritableStream,
  format: 'csv' | 'parquet',
  onProgress?: (rows: number) => void,
): Promise<number> {
  if (format === 'parquet') {
    const rows = await writeParquet(out, SCAN_COLUMNS, scan.pairs);
    onProgress?.(rows);
    return rows;
  }
  const w = new ChunkedWriter(out);
  try {
    await w.write(csvHeader(SCAN_COLUMNS) + '\n');
    for (const p of scan.pairs) await w.write(csvLine(SCAN_COLUMNS, p));
    await w.flush();
  } finally {
    w.release();
  }
  onProgress?.(scan.pairs.length);
  return scan.pairs.length;
}
