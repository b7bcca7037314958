import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StatusBar } from '../../../src/renderer/components/StatusBar';
import type { EngineStatus } from '../../../src/shared/contract';

const status: EngineStatus = {
  version: '1',
  source: 'live',
  sourceError: null,
  notice: null,
  symbols: [],
  dbPath: '/x.db',
  dbSizeBytes: 1000,
};
const render = (s: EngineStatus) => renderToStaticMarkup(createElement(StatusBar, { status: s, error: null, now: 0 }));

describe('status bar', () => {
  it('shows a store whose writes fail, with the message, and nothing while it is fine', () => {
    const failing = render({
      ...status,
      store: { state: 'write-failed', error: 'database or disk is full', pendingTicks: 2800, droppedTicks: 3 },
    });
    expect(failing).toContain('data-testid="status-store"');
    expect(failing).toContain('store: <b>write failed</b> · database or disk is full');
    expect(failing).toContain('2,800 ticks held for retry · 3 dropped');
    expect(render({ ...status, store: { state: 'ok', error: null, pendingTicks: 0, droppedTicks: 0 } })).not.toContain(
      'status-store',
    );
    expect(render(status)).not.toContain('status-store');
  });
});
