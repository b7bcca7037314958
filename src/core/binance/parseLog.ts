/**
 * Recorded stream logs hold one message per line, either plain JSON or
 * `<receive time ns> <json>` (the hftbacktest collector's format).
 */
export interface LogLine {
  /** Receive time in nanoseconds as written, or null when the line has no prefix. */
  readonly recvNs: bigint | null;
  readonly json: string;
}

export function splitLogLine(line: string): LogLine | null {
  const text = line.trim();
  if (text.length === 0) return null;
  const c = text.charCodeAt(0);
  if (c === 123 /* { */ || c === 91 /* [ */) return { recvNs: null, json: text };
  const space = text.indexOf(' ');
  if (space > 0 && /^[0-9]+$/.test(text.slice(0, space))) {
    return { recvNs: BigInt(text.slice(0, space)), json: text.slice(space + 1).trimStart() };
  }
  // Not a recognisable line; hand it on so the parser rejects it with a reason.
  return { recvNs: null, json: text };
}
