import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvHeader, csvLine, type TableColumn } from '../../../src/engine/export/exportColumns';
import { writeParquetTable } from '../../../src/engine/export/parquetTable';
import { SCAN_COLUMNS, type ScanTableRow } from '../../../src/engine/export/scanColumns';
import { asCsvLine, readParquet } from '../../support/readParquet';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-parquet-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pair = (a: string, b: string, halfLife: number | null, extra: Partial<ScanTableRow> = {}): ScanTableRow => ({
  a,
  b,
  y: b,
  x: a,
  n: 1440,
  corr: 0.8123456789012345,
  coint: { ab: { stat: -3.912, pvalue: 0.0101 }, ba: { stat: -4.25, pvalue: 0.0042 } },
  pvalue: 0.0084,
  qvalue: 0.0168,
  significant: true,
  beta: 1.2345678901234567,
  alpha: -0.001,
  halfLife,
  zLast: -1.75,
  crossings: 37,
  ...extra,
});
const ROWS = [
  pair('BTCUSDT', 'ETHUSDT', 42.5),
  pair('BTCUSDT', 'SOLUSDT', null, { significant: false, qvalue: 0.31, crossings: 0 }),
  pair('ETHUSDT', 'SOLUSDT', 7.25, { n: 2 ** 40 }),
];

describe('writeParquetTable: the scanner table (and any table defined as columns)', () => {
  it('writes the scan rows with their types: dictionary strings, INT64 counts, a nullable half_life, a boolean', async () => {
    const path = join(dir, 'scan.parquet');
    expect(await writeParquetTable(path, SCAN_COLUMNS, ROWS)).toBe(3);
    const { metadata, rows } = await readParquet(readFileSync(path));
    const schema = Object.fromEntries(metadata.schema.slice(1).map((e) => [e.name, e]));
    expect(Object.keys(schema)).toEqual(SCAN_COLUMNS.map((c) => c.name));
    expect(schema.a).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
    expect(schema.n).toMatchObject({ type: 'INT64', repetition_type: 'REQUIRED' });
    expect(schema.crossings).toMatchObject({ type: 'INT64', repetition_type: 'REQUIRED' });
    expect(schema.significant).toMatchObject({ type: 'BOOLEAN', repetition_type: 'REQUIRED' });
    expect(schema.half_life).toMatchObject({ type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    expect(schema.z_last).toMatchObject({ type: 'DOUBLE', repetition_type: 'REQUIRED' });
    expect(metadata.row_groups[0]!.columns[0]!.meta_data!.encodings).toContain('RLE_DICTIONARY');

    expect(rows[1]!.half_life).toBeNull();
    expect(rows.map((r) => r.n)).toEqual([1440n, 1440n, 2n ** 40n]);
    expect(rows[0]).toMatchObject({
      a: 'BTCUSDT',
      b: 'ETHUSDT',
      y: 'ETHUSDT',
      x: 'BTCUSDT',
      corr: 0.8123456789012345,
      coint_ba_pvalue: 0.0042,
      significant: true,
      half_life: 42.5,
      crossings: 37n,
    });
    // Parquet and CSV from the one column list: the same cells.
    const names = SCAN_COLUMNS.map((c) => c.name);
    expect(rows.map((r) => asCsvLine(r, names) + '\n')).toEqual(ROWS.map((r) => csvLine(SCAN_COLUMNS, r)));
    expect(csvHeader(SCAN_COLUMNS)).toBe(
      'a,b,y,x,n,corr,coint_ab_stat,coint_ab_pvalue,coint_ba_stat,coint_ba_pvalue,pvalue,qvalue,significant,beta,alpha,half_life,z_last,crossings',
    );
    expect(csvLine(SCAN_COLUMNS, ROWS[1]!).split(',')[15]).toBe('');
  });

  it('a value that does not fit its column fails with the column and row named, and writes nothing', async () => {
    const cases: [ScanTableRow, string][] = [
      [
        pair('A1', 'B1', 1, { zLast: null as unknown as number }),
        'Parquet column z_last, row 2: no value, and the column is not nullable',
      ],
      [
        pair('A1', 'B1', 1, { n: 2 ** 53 + 2 }),
        'Parquet column n, row 2: 9007199254740994 is not an integer held exactly',
      ],
      [pair('A1', 'B1', 1, { crossings: 1.5 }), 'Parquet column crossings, row 2: 1.5 is not an integer held exactly'],
      [pair('A1', 'B1', 1, { corr: '0.5' as unknown as number }), 'Parquet column corr, row 2: "0.5" is not a double'],
    ];
    for (const [bad, message] of cases) {
      const path = join(dir, 'bad.parquet');
      await expect(writeParquetTable(path, SCAN_COLUMNS, [ROWS[0]!, bad])).rejects.toThrow(message);
      expect(existsSync(path)).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('an empty table is a valid file with the schema and no rows', async () => {
    const path = join(dir, 'empty.parquet');
    expect(await writeParquetTable(path, SCAN_COLUMNS, [])).toBe(0);
    const { metadata, rows } = await readParquet(readFileSync(path));
    expect(rows).toEqual([]);
    expect(metadata.schema.slice(1).map((e) => e.name)).toEqual(SCAN_COLUMNS.map((c) => c.name));
  });

  it('CSV cells: text with a comma or a quote is quoted, null is empty', () => {
    const cols: TableColumn<{ s: string; v: number | null }>[] = [
      { name: 's', kind: 'string', value: (r) => r.s },
      { name: 'v', kind: 'double', nullable: true, value: (r) => r.v },
    ];
    expect(csvLine(cols, { s: 'a,"b"', v: null })).toBe('"a,""b""",\n');
    expect(csvLine(cols, { s: 'plain', v: 0.1 })).toBe('plain,0.1\n');
  });
});
