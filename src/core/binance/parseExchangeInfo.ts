/** The part of GET /fapi/v1/exchangeInfo the engine uses: which symbols exist, in what state. */
export interface ExchangeSymbol {
  readonly symbol: string;
  /** TRADING, SETTLING, CLOSE, PENDING_TRADING, ... */
  readonly status: string;
  /** PERPETUAL, CURRENT_QUARTER, ... ('' when absent). */
  readonly contractType: string;
}

export interface ExchangeInfo {
  readonly serverTime: number | null;
  readonly symbols: ExchangeSymbol[];
}

/** Parses an exchangeInfo answer; a string says what was wrong with it. */
export function parseExchangeInfo(body: unknown): ExchangeInfo | string {
  if (body === null || typeof body !== 'object' || !Array.isArray((body as { symbols?: unknown }).symbols)) {
    return 'exchangeInfo: unexpected answer (no symbols list)';
  }
  const b = body as { serverTime?: unknown; symbols: unknown[] };
  const symbols: ExchangeSymbol[] = [];
  for (const s of b.symbols) {
    if (s === null || typeof s !== 'object') continue;
    const r = s as Record<string, unknown>;
    if (typeof r.symbol !== 'string' || typeof r.status !== 'string') continue;
    symbols.push({
      symbol: r.symbol,
      status: r.status,
      contractType: typeof r.contractType === 'string' ? r.contractType : '',
    });
  }
  const serverTime =
    typeof b.serverTime === 'number' && Number.isSafeInteger(b.serverTime) && b.serverTime > 0 ? b.serverTime : null;
  return { serverTime, symbols };
}

/** Every symbol that trades now as a perpetual: what `--symbols all` means for a fetch. */
export function tradingPerpetuals(info: ExchangeInfo): string[] {
  return info.symbols
    .filter((s) => s.status === 'TRADING' && s.contractType === 'PERPETUAL')
    .map((s) => s.symbol)
    .sort();
}
