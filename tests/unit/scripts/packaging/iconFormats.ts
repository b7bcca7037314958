// Independent readers for the icon containers (not the generator's code), so the tests
// check the files the way an OS would read them.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, which must come first. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG (bad signature)');
  if (bytes.toString('ascii', 12, 16) !== 'IHDR') throw new Error('PNG does not start with IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export interface IcoEntry {
  /** Size the directory declares (0 in the file means 256). */
  declared: number;
  bitCount: number;
  image: Buffer;
}

export function icoEntries(bytes: Buffer): IcoEntry[] {
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error('not an .ico');
  const count = bytes.readUInt16LE(4);
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const e = 6 + 16 * i;
    const w = bytes[e]!;
    const size = bytes.readUInt32LE(e + 8);
    const offset = bytes.readUInt32LE(e + 12);
    if (offset + size > bytes.length) throw new Error(`ico entry ${i} runs past the end of the file`);
    entries.push({
      declared: w === 0 ? 256 : w,
      bitCount: bytes.readUInt16LE(e + 6),
      image: bytes.subarray(offset, offset + size),
    });
  }
  return entries;
}

export function icnsEntries(bytes: Buffer): Map<string, Buffer> {
  if (bytes.toString('ascii', 0, 4) !== 'icns') throw new Error('not an .icns');
  if (bytes.readUInt32BE(4) !== bytes.length) throw new Error('icns length field does not match the file');
  const out = new Map<string, Buffer>();
  let at = 8;
  while (at < bytes.length) {
    const type = bytes.toString('ascii', at, at + 4);
    const len = bytes.readUInt32BE(at + 4);
    if (len < 8 || at + len > bytes.length) throw new Error(`icns element ${type} has a bad length`);
    out.set(type, bytes.subarray(at + 8, at + len));
    at += len;
  }
  return out;
}
