import { pairKey, type PairSpec } from '../../../shared/contract/analytics';
import type { WatchReason } from '../../../shared/contract/watchlist';

/** One followed pair and why it is followed. */
export interface WatchEntry {
  readonly key: string;
  readonly pair: PairSpec;
  readonly reasons: readonly WatchReason[];
}

/** The order rows and evaluations take: the screen's pair first, then the watchlist, then rules. */
const REASON_ORDER: readonly WatchReason[] = ['screen', 'watchlist', 'alert'];

/**
 * The union of the pairs followed for each reason (the pair on screen, the pairs enabled
 * alert rules name, the user's watchlist): one entry per pair, however many reasons.
 */
export class WatchSet {
  private readonly byReason = new Map<WatchReason, readonly PairSpec[]>();

  /** Replaces the pairs followed for `reason`; true when the union (or a pair's reasons) changed. */
  set(reason: WatchReason, pairs: readonly PairSpec[]): boolean {
    const before = signature(this.entries());
    const unique = new Map<string, PairSpec>();
    for (const p of pairs) unique.set(pairKey(p), p);
    this.byReason.set(reason, [...unique.values()]);
    return signature(this.entries()) !== before;
  }

  pairsFor(reason: WatchReason): readonly PairSpec[] {
    return this.byReason.get(reason) ?? [];
  }

  has(key: string): boolean {
    return this.entries().some((e) => e.key === key);
  }

  /** Every followed pair once, in REASON_ORDER, each with all its reasons. */
  entries(): WatchEntry[] {
    const out = new Map<string, { pair: PairSpec; reasons: WatchReason[] }>();
    for (const reason of REASON_ORDER) {
      for (const pair of this.byReason.get(reason) ?? []) {
        const key = pairKey(pair);
        const e = out.get(key);
        if (e) e.reasons.push(reason);
        else out.set(key, { pair, reasons: [reason] });
      }
    }
    return [...out].map(([key, e]) => ({ key, pair: e.pair, reasons: e.reasons }));
  }
}

function signature(entries: readonly WatchEntry[]): string {
  return entries.map((e) => `${e.key}:${e.reasons.join(',')}`).join(';');
}
