import { gzipSync } from 'node:zlib';

/**
 * A small .gz whose text is `head` followed by one line of `mib` MiB of "a" and no newline.
 * Gzip members may be concatenated, so one deflated MiB (about 1 KB) is repeated instead of
 * compressing the whole line here: 600 MiB of text costs 600 KB of file and no time.
 */
export function gzipWithHugeLine(head: string, mib: number): Buffer {
  const member = gzipSync(Buffer.alloc(2 ** 20, 'a'));
  return Buffer.concat([gzipSync(head), ...Array<Buffer>(mib).fill(member)]);
}
