import { unpackRows } from '../../shared/wirePacking';

/**
 * A response made off the main thread (src/engine/reads): already validated against the
 * contract's response schema and written as packed JSON text (src/shared/wirePacking.ts),
 * the form the WebSocket sends. The main thread only moves the bytes, so a day of bars
 * costs it no parsing, validating or stringifying.
 */
export class PreparedJson {
  constructor(readonly bytes: Uint8Array) {}

  /** The value itself, for a transport that needs objects (Electron IPC). */
  value(): unknown {
    return unpackRows(JSON.parse(new TextDecoder().decode(this.bytes)));
  }
}
