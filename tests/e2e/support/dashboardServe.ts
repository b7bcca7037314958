import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import WebSocket from 'ws';
import { createWsApi, type WsApi } from '../../../src/renderer/api/wsApi';
import { startFakeBinance, type FakeBinance } from '../../support/fakeBinance';
import { startServe, type ServeInfo } from '../../support/serveProcess';
import type { FeedFixture } from './feedFixture';

export interface DashboardRig {
  fake: FakeBinance;
  serve: ServeInfo;
  /** The test's own client of the engine's WebSocket API (what the page also talks to). */
  api: WsApi;
  dir: string;
  dbPath: string;
  /** Waits until every published trade is stored. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** `tickscope serve --source live` fed by the fake Binance server replaying `fixture`. */
export async function startDashboardRig(
  fixture: FeedFixture,
  opts: { autoplay?: boolean } = {},
): Promise<DashboardRig> {
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-dash-'));
  const dbPath = join(dir, 'e2e.db');
  const fake = await startFakeBinance({ trades: fixture.trades, autoplay: opts.autoplay ?? true });
  const serve = await startServe([
    '--source',
    'live',
    '--symbols',
    fixture.symbols.join(','),
    '--ws-url',
    fake.wsUrl,
    '--rest-url',
    fake.restUrl,
    '--db',
    dbPath,
  ]);
  const api = createWsApi(serve.wsUrl, WebSocket as never);
  await api.ready();
  return {
    fake,
    serve,
    api,
    dir,
    dbPath,
    async settled() {
      await fake.finished;
      await expect
        .poll(async () => (await api.invoke('system.getStatus', {})).symbols.reduce((n, s) => n + s.ticksStored, 0))
        .toBe(fixture.trades.length);
    },
    async stop() {
      api.close();
      expect(await serve.stop()).toBe(0);
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
