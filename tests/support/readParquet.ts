import { spawnSync } from 'node:child_process';
import { parquetMetadata, parquetReadObjects, type FileMetaData } from 'hyparquet';

/**
 * Reads a Parquet file with hyparquet, a reader that shares no code with the writer
 * (hyparquet-writer bundles its own copy): `rows` as objects, timestamps as the raw INT64
 * milliseconds (a bigint, so exactness is checked without a Date in between) unless
 * `dates` is set.
 */
export async function readParquet(
  bytes: Uint8Array,
  opts: { dates?: boolean } = {},
): Promise<{ metadata: FileMetaData; rows: Record<string, unknown>[] }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const parsers = opts.dates ? {} : { timestampFromMilliseconds: (ms: bigint) => ms };
  const rows = await parquetReadObjects({ file, metadata, parsers });
  return { metadata, rows };
}

/** A row of a Parquet table printed the way the CSV export prints it (bigint and Date as epoch ms). */
export function asCsvLine(row: Record<string, unknown>, columns: readonly string[]): string {
  return columns.map((c) => cell(row[c])).join(',');
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return String(v.getTime());
  return String(v);
}

/** Whether pyarrow can be imported by the system Python (it is not installable on every machine). */
export function hasPyarrow(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import pyarrow'], { stdio: 'ignore' }).status === 0;
}
