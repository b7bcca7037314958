import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';

/** A file's text lines plus how far through it we are, for progress bars. */
export interface LineSource {
  readonly lines: AsyncIterable<string>;
  /** Bytes consumed so far and in total (compressed bytes for .gz, entry bytes for .zip). */
  progress(): { done: number; total: number };
  /** The name the content came from (the .csv inside a .zip). */
  readonly innerName: string;
}

function linesOf(stream: Readable): AsyncIterable<string> {
  return createInterface({ input: stream, crlfDelay: Infinity });
}

/** Opens a plain, gzipped or zipped file as lines, streaming (flat memory). */
export async function openLineSource(path: string): Promise<LineSource> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.zip')) return openZip(path);
  const total = statSync(path).size;
  const raw = createReadStream(path);
  let done = 0;
  raw.on('data', (chunk) => (done += chunk.length));
  const stream = lower.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => stream.destroy(err));
  return { lines: linesOf(stream), progress: () => ({ done, total }), innerName: path.replace(/\.gz$/i, '') };
}

function openZip(path: string): Promise<LineSource> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return reject(new Error(`${path}: not a readable zip (${err?.message ?? 'unknown error'})`));
      zip.on('error', reject);
      zip.on('end', () => reject(new Error(`${path}: the zip holds no .csv file`)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/\.csv$/i.test(entry.fileName)) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) return reject(new Error(`${path}: cannot read ${entry.fileName} (${e2?.message ?? ''})`));
          let done = 0;
          stream.on('data', (chunk: Buffer) => (done += chunk.length));
          resolve({
            lines: linesOf(stream),
            progress: () => ({ done, total: entry.uncompressedSize }),
            innerName: entry.fileName,
          });
        });
      });
      zip.readEntry();
    });
  });
}
