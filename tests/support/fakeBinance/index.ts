/**
 * A fake Binance USD-M futures server on 127.0.0.1 for integration tests, e2e and demos.
 *
 *   const trades = tradesFromMessages(readFileSync(jsonl, 'utf8').split('\n'));
 *   const fake = await startFakeBinance({ trades, dropAfter: [100, 900], rest429Once: true });
 *   // feed: wsUrl = fake.wsUrl, restUrl = fake.restUrl (routes /market/stream, /fapi/v1/... appended)
 *   await fake.finished;  // every trade published; fake.publishedTrades('BTCUSDT') is the truth
 *   await fake.close();
 */
export * from './funding';
export * from './server';
export * from './trades';
export * from './klines';
