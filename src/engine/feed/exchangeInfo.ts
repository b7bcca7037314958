import { parseExchangeInfo, type ExchangeInfo } from '../../core/binance/parseExchangeInfo';
import type { RestClient } from './restClient';

export const EXCHANGE_INFO_PATH = '/fapi/v1/exchangeInfo';

/** exchangeInfo answered, but not with a symbols list (a proxy's page, a changed API). */
export class ExchangeInfoError extends Error {}

/**
 * GET /fapi/v1/exchangeInfo, parsed: the one place the engine asks Binance which symbols
 * exist (the feed's symbol check, `tickscope fetch`, the dashboard's symbol list).
 * `maxAttempts` overrides the client's (a quick reachability check, or a recorder's wait).
 */
export async function fetchExchangeInfo(
  rest: Pick<RestClient, 'getJson'>,
  maxAttempts?: number,
): Promise<ExchangeInfo> {
  const info = parseExchangeInfo(await rest.getJson(EXCHANGE_INFO_PATH, { maxAttempts }));
  if (typeof info === 'string') throw new ExchangeInfoError(info);
  return info;
}

/** Symbols whose status is TRADING (any contract type), ascending. */
export function tradingSymbols(info: ExchangeInfo): string[] {
  return info.symbols
    .filter((s) => s.status === 'TRADING')
    .map((s) => s.symbol)
    .sort();
}
