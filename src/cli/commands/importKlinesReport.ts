import type { KlinesImportCounts } from '../../engine/import/importKlines';

/** The report line of one klines file: bars, not ticks. */
export function klinesLine(file: string, symbol: string, k: KlinesImportCounts, rejected: number): string {
  return (
    `${file}: ${symbol} klines ${k.tf ?? '-'}: ${k.newBars} new bars, ${k.updatedBars} already present (updated), ` +
    `${k.tradeBarsKept} kept as built from trades, ${k.zeroVolume} without volume skipped, ${rejected} rejected\n`
  );
}
