import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/engine/api/dispatcher';
import { EventHub } from '../../../src/engine/api/eventHub';
import {
  forwardEvents,
  registerContractHandlers,
  WINDOW_CLIENT,
  type IpcMainLike,
} from '../../../src/main/ipc/contractIpc';
import { APP_INDEX_URL, APP_ORIGIN } from '../../../src/main/window/appUrl';
import { isAppUrl } from '../../../src/main/window/security';
import { PreparedJson } from '../../../src/engine/api/preparedJson';
import { packRows } from '../../../src/shared/wirePacking';
import { REQUEST_CHANNELS } from '../../../src/shared/contract';
import { fakeHandlers, sampleBar } from '../../support/fakeHandlers';

type Listener = Parameters<IpcMainLike['handle']>[1];

function fakeIpc() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (c, l) => void handlers.set(c, l),
    removeHandler: (c) => void handlers.delete(c),
  };
  return { ipc, handlers };
}

const APP = APP_INDEX_URL;
const trusted = (url: string) => isAppUrl(url, undefined, APP_ORIGIN);

describe('Electron IPC transport', () => {
  it("names the window as the calls' client, so what it subscribes to ends when main disconnects it", async () => {
    const { ipc, handlers } = fakeIpc();
    const clients: unknown[] = [];
    const handler = (_q: unknown, call?: { client?: string }) => (clients.push(call?.client), { bars: [] });
    registerContractHandlers(ipc, createDispatcher(fakeHandlers({ 'market.getBars': handler })), trusted);
    await handlers.get('market.getBars')!({ senderFrame: { url: APP } }, { symbol: 'btcusdt', tf: '1s' });
    expect(clients).toEqual([WINDOW_CLIENT]);
  });

  it('registers exactly the contract channels and removes them on dispose', () => {
    const { ipc, handlers } = fakeIpc();
    const sub = registerContractHandlers(ipc, createDispatcher(fakeHandlers()), trusted);
    expect([...handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    sub.dispose();
    expect(handlers.size).toBe(0);
  });

  it('answers the app window and validates its payloads', async () => {
    const { ipc, handlers } = fakeIpc();
    registerContractHandlers(
      ipc,
      createDispatcher(fakeHandlers({ 'market.getBars': () => ({ bars: [sampleBar(1)] }) })),
      trusted,
    );
    const call = handlers.get('market.getBars')!;
    expect(await call({ senderFrame: { url: APP } }, { symbol: 'btcusdt', tf: '1s' })).toEqual({
      ok: true,
      result: { bars: [sampleBar(1)] },
    });
    expect(await call({ senderFrame: { url: APP } }, { symbol: 'btcusdt' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('reads an answer a read worker wrote as JSON back into objects, since IPC carries objects', async () => {
    const { ipc, handlers } = fakeIpc();
    const bars = [sampleBar(1), sampleBar(2)];
    const bytes = new TextEncoder().encode(JSON.stringify(packRows({ bars })));
    registerContractHandlers(
      ipc,
      createDispatcher(fakeHandlers(), { 'market.getBars': async () => new PreparedJson(bytes) }),
      trusted,
    );
    expect(
      await handlers.get('market.getBars')!({ senderFrame: { url: APP } }, { symbol: 'btcusdt', tf: '1s' }),
    ).toEqual({ ok: true, result: { bars } });
  });

  it('refuses calls from any other frame', async () => {
    const { ipc, handlers } = fakeIpc();
    const dispatcher = createDispatcher(fakeHandlers());
    registerContractHandlers(ipc, dispatcher, trusted);
    const ping = handlers.get('system.ping')!;
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', '', 'tickscope://app.evil/index.html']) {
      expect(await ping({ senderFrame: { url } }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await ping({ senderFrame: null }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dispatcher.counters.rejected).toBe(5);
  });

  it('forwards hub events to a live window only', () => {
    const hub = new EventHub();
    const sent: [string, unknown][] = [];
    let destroyed = false;
    const sub = forwardEvents(hub, { send: (c, p) => sent.push([c, p]), isDestroyed: () => destroyed });
    hub.emit('system.onDidChangeStatus', { version: '1', source: 'demo', symbols: [], dbPath: 'x', dbSizeBytes: 1 });
    destroyed = true;
    hub.emit('system.onDidChangeStatus', { version: '1', source: 'demo', symbols: [], dbPath: 'x', dbSizeBytes: 2 });
    sub.dispose();
    expect(sent).toHaveLength(1);
    expect(sent[0][0]).toBe('system.onDidChangeStatus');
  });
});
