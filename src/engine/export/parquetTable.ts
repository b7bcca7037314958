import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { ChunkedWriter } from './chunkedWriter';
import type { CellValue, ColumnKind, TableColumn } from './exportColumns';
import { writeWholeFile } from './wholeFile';

/**
 * Rows per row group. Only one row group's values are held at a time, so memory is bounded by
 * this, not by the export's size (100k ticks are a few MB); readers can also skip row groups
 * by their ts statistics.
 */
export const PARQUET_ROW_GROUP_ROWS = 100_000;

export interface ParquetWriteOptions {
  rowGroupRows?: number;
  /** Checked every 65,536 rows: the file is then finished with the rows so far (see below). */
  signal?: AbortSignal;
  onProgress?: (rows: number) => void;
}

/** The Parquet schema of a column list; see exportColumns.ts for what each kind becomes. */
export function parquetSchema(columns: readonly TableColumn<never>[]): SchemaElement[] {
  return [
    { name: 'schema', num_children: columns.length },
    ...columns.map((c) => ({
      name: c.name,
      ...PHYSICAL[c.kind],
      repetition_type: c.nullable ? ('OPTIONAL' as const) : ('REQUIRED' as const),
    })),
  ];
}

const PHYSICAL: Record<ColumnKind, Omit<SchemaElement, 'name'>> = {
  // The logical type is what current readers use (pandas/pyarrow: timestamp[ms, tz=UTC]);
  // the converted type says the same to readers that predate logical types.
  timestamp_ms: {
    type: 'INT64',
    converted_type: 'TIMESTAMP_MILLIS',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
  },
  int64: { type: 'INT64' },
  double: { type: 'DOUBLE' },
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  boolean: { type: 'BOOLEAN' },
};

/**
 * Streams rows to `out` as one Parquet file; returns the row count. Parquet is written front
 * to back (row groups, then the footer that indexes them), so any writable works: a file, a
 * pipe, an HTTP download. Each row group is encoded once its rows are in and written with
 * backpressure (ChunkedWriter), so memory stays bounded however many rows there are.
 *
 * A value that does not fit its column (a null in a column that is not nullable, an integer
 * past 2^53 that a double cannot hold exactly, a string in a number column) fails the export
 * with an error naming the column and row: a file that silently differs from the data is
 * worse than none. When `signal` aborts, the file is finished with the rows so far, like a
 * CSV export that stops at a row boundary (the CLI then discards an `--out` file).
 */
export async function writeParquet<Row>(
  out: NodeJS.WritableStream,
  columns: readonly TableColumn<Row>[],
  rows: Iterable<Row>,
  opts: ParquetWriteOptions = {},
): Promise<number> {
  const groupRows = opts.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS;
  const w = new ChunkedWriter(out);
  const sink = new StreamSink(w);
  let count = 0;
  try {
    const pq = new ParquetWriter({ writer: sink, schema: parquetSchema(columns), createdBy: 'tickscope' });
    const values: unknown[][] = columns.map(() => []);
    let inGroup = 0;
    const writeGroup = async (): Promise<void> => {
      await pq.write({
        columnData: columns.map((c, j) => ({
          name: c.name,
          data: values[j]!,
          ...(c.dictionary ? { encoding: 'RLE_DICTIONARY' as const } : {}),
        })),
        rowGroupSize: inGroup,
      });
      for (const v of values) v.length = 0;
      inGroup = 0;
    };
    for (const row of rows) {
      for (let j = 0; j < columns.length; j++)
        values[j]!.push(parquetValue(columns[j]!, columns[j]!.value(row), count + 1));
      inGroup++;
      count++;
      if (inGroup === groupRows) await writeGroup();
      if ((count & 0xffff) === 0) {
        opts.onProgress?.(count);
        if (opts.signal?.aborted) break;
      }
    }
    if (inGroup > 0) await writeGroup();
    await pq.finish();
  } finally {
    w.release();
  }
  opts.onProgress?.(count);
  return count;
}

/**
 * Writes a table to a Parquet file at `path`, whole or not at all (writeWholeFile): for the
 * scanner's table and any other research table defined as TableColumn lists.
 */
export async function writeParquetTable<Row>(
  path: string,
  columns: readonly TableColumn<Row>[],
  rows: Iterable<Row>,
  opts: ParquetWriteOptions = {},
): Promise<number> {
  return writeWholeFile(path, (out) => writeParquet(out, columns, rows, opts));
}

const EXPECTED: Record<ColumnKind, string> = {
  timestamp_ms: 'number',
  int64: 'number',
  double: 'number',
  string: 'string',
  boolean: 'boolean',
};

function parquetValue<Row>(column: TableColumn<Row>, v: CellValue, row: number): unknown {
  if (v === null || v === undefined) {
    if (column.nullable) return null;
    throw new Error(`Parquet column ${column.name}, row ${row}: no value, and the column is not nullable`);
  }
  if (typeof v !== EXPECTED[column.kind])
    throw new Error(`Parquet column ${column.name}, row ${row}: ${JSON.stringify(v)} is not a ${column.kind}`);
  if (column.kind === 'int64' || column.kind === 'timestamp_ms') {
    if (!Number.isSafeInteger(v))
      throw new Error(`Parquet column ${column.name}, row ${row}: ${String(v)} is not an integer held exactly`);
    return BigInt(v as number);
  }
  return v;
}

/**
 * hyparquet-writer encodes into a ByteWriter and calls flush() after each row group and
 * finish() after the footer; this one hands the bytes to the stream and waits for it, then
 * reuses its buffer for the next row group.
 */
class StreamSink extends ByteWriter {
  constructor(private readonly out: ChunkedWriter) {
    super(1 << 20);
  }

  flush(): Promise<void> {
    // A copy: the stream may hold the chunk until it is written, and the buffer is reused.
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.out.writeBytes(bytes);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}
