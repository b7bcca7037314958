import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { printable } from '../../shared/printable';

/** A file's text lines plus how far through it we are, for progress bars. */
export interface LineSource {
  readonly lines: AsyncIterable<string>;
  /** Bytes consumed so far and in total (compressed bytes for .gz, entry bytes for .zip). */
  progress(): { done: number; total: number };
  /** The name the content came from (the .csv inside a .zip). */
  readonly innerName: string;
}

/**
 * Longest line read, in characters. A Binance CSV row is under 100 and a stream message
 * under 1 KiB; without a bound a 1 GiB line packed into a 1 MB .gz grows one string until
 * V8 gives up (RangeError: Invalid string length) and takes the process with it.
 */
export const MAX_LINE_CHARS = 2 ** 20;

/**
 * Largest inflation of a .zip entry: Binance's CSVs compress about 5:1, a zip bomb of
 * repeated bytes 1000:1. Entries up to ZIP_RATIO_FREE_BYTES are not judged (a tiny file
 * can compress oddly and can do no harm).
 */
export const MAX_ZIP_RATIO = 100;
export const ZIP_RATIO_FREE_BYTES = 16 * 2 ** 20;

/** A line past MAX_LINE_CHARS: the message names the line and the bound. */
export class LineTooLongError extends Error {}

/**
 * Splits a text stream into lines ("\n" or "\r\n"), throwing rather than buffering a line
 * longer than `maxChars`. Returning early (or throwing) destroys the stream.
 */
export async function* boundedLines(stream: Readable, maxChars = MAX_LINE_CHARS): AsyncGenerator<string> {
  // Decoded here, not with setEncoding, so progress listeners keep counting bytes.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNo = 0;
  const tooLong = () =>
    new LineTooLongError(
      `line ${lineNo + 1} is longer than ${formatChars(maxChars)} (the longest line read); not a Binance file?`,
    );
  try {
    for await (const bytes of stream as AsyncIterable<Buffer | string>) {
      const chunk = typeof bytes === 'string' ? bytes : decoder.write(bytes);
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
        if (pending.length + nl - start > maxChars) throw tooLong();
        let line = pending.length > 0 ? pending + chunk.slice(start, nl) : chunk.slice(start, nl);
        pending = '';
        if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
        lineNo++;
        yield line;
        start = nl + 1;
      }
      if (pending.length + chunk.length - start > maxChars) throw tooLong();
      if (start < chunk.length) pending += start === 0 ? chunk : chunk.slice(start);
    }
    pending += decoder.end();
    if (pending.length > 0) yield pending.charCodeAt(pending.length - 1) === 13 ? pending.slice(0, -1) : pending;
  } finally {
    stream.destroy();
  }
}

function formatChars(n: number): string {
  return n % 2 ** 20 === 0 ? `${n / 2 ** 20} MiB` : `${n} characters`;
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
  // A consumer that stops early destroys the gunzip; the file must close with it.
  stream.on('close', () => raw.destroy());
  return { lines: boundedLines(stream), progress: () => ({ done, total }), innerName: path.replace(/\.gz$/i, '') };
}

/** Why a zip entry is refused before it is inflated, or null. */
export function zipEntryProblem(entry: {
  fileName: string;
  compressedSize: number;
  uncompressedSize: number;
}): string | null {
  const { compressedSize, uncompressedSize } = entry;
  if (uncompressedSize <= ZIP_RATIO_FREE_BYTES || uncompressedSize <= MAX_ZIP_RATIO * compressedSize) return null;
  const ratio = Math.round(uncompressedSize / Math.max(1, compressedSize));
  return (
    `${printable(entry.fileName, 60)} would inflate ${ratio}x (${formatBytes(compressedSize)} to ${formatBytes(uncompressedSize)}), ` +
    `more than the ${MAX_ZIP_RATIO}x a CSV compresses by: refused as a zip bomb`
  );
}

function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function openZip(path: string): Promise<LineSource> {
  return new Promise((resolve, reject) => {
    // validateEntrySizes (yauzl's default) also fails a stream that inflates past the size
    // its header declares, so the ratio below cannot be dodged by lying in the header.
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(new Error(`${path}: not a readable zip (${err?.message ?? 'unknown error'})`));
      zip.on('error', reject);
      zip.on('end', () => reject(new Error(`${path}: the zip holds no .csv file`)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/\.csv$/i.test(entry.fileName)) {
          zip.readEntry();
          return;
        }
        const problem = zipEntryProblem(entry);
        if (problem) {
          zip.close();
          return reject(new Error(`${path}: ${problem}`));
        }
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream)
            return reject(new Error(`${path}: cannot read ${printable(entry.fileName, 60)} (${e2?.message ?? ''})`));
          let done = 0;
          stream.on('data', (chunk: Buffer) => (done += chunk.length));
          resolve({
            lines: boundedLines(stream),
            progress: () => ({ done, total: entry.uncompressedSize }),
            innerName: entry.fileName,
          });
        });
      });
      zip.readEntry();
    });
  });
}
