import type { StreamKind, Tick } from '../../shared/market';

/**
 * Outcome of parsing one wire message or file row. Three cases, because a frame that is
 * valid but simply not a trade (bookTicker, depth, a SUBSCRIBE reply) must be skipped
 * silently, while a broken trade must be counted with a reason.
 */
export type ParseResult =
  | { readonly kind: 'tick'; readonly tick: Tick; readonly stream: StreamKind }
  | { readonly kind: 'ignored'; readonly what: string }
  | { readonly kind: 'reject'; readonly symbol: string | null; readonly reason: string };

export function rejectResult(symbol: string | null, reason: string): ParseResult {
  return { kind: 'reject', symbol, reason };
}

export function ignoredResult(what: string): ParseResult {
  return { kind: 'ignored', what };
}
