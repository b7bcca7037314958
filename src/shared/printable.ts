// C0 and C1 controls, DEL, and the bidi embedding/override/isolate marks: a terminal acts on
// them (ESC [ 2 J clears the screen, U+009B is a one-byte CSI, U+202E reverses text).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from outside (a file's header, a flag's value) made safe to print in a one-line
 * message: every control character becomes a visible `\uXXXX` escape, and long text is cut
 * to `max` characters with an ellipsis.
 */
export function printable(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
