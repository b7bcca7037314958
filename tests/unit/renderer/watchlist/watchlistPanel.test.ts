import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { WatchlistPanel } from '../../../../src/renderer/components/WatchlistPanel';
import type { WatchRow } from '../../../../src/shared/contract';
import { row } from './fixtures';

const spec = { y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s' as const, window: 300 };
const noop = () => undefined;
const render = (rows: WatchRow[], over: { loaded?: boolean; error?: string | null } = {}) =>
  renderToStaticMarkup(
    createElement(WatchlistPanel, {
      rows,
      loaded: over.loaded ?? true,
      error: over.error ?? null,
      spec,
      k: 2,
      onOpen: noop,
      onAdd: noop,
      onRemove: noop,
    }),
  );

describe('WatchlistPanel', () => {
  it('tells how to add a pair while the watchlist is empty, and offers the pair on screen', () => {
    const html = render([row({ reasons: ['screen'] })]);
    expect(html).toContain('data-testid="watch-empty"');
    expect(html).toContain('press <kbd>W</kbd>');
    expect(html).toContain('>+ Watch BTC/ETH 1s W300</button>');
    expect(html).not.toContain('data-testid="watch-remove"');
  });

  it('draws a row: its figures, state, reasons, sparkline and a remove button for a watchlist pair', () => {
    const html = render([row({ z: -2.5, spark: [0, 1, null, 2], state: 'warming', points: 120 })]);
    expect(html).not.toContain('watch-empty');
    expect(html).toContain('disabled=""');
    expect(html).toContain('On the watchlist');
    expect(html).toMatch(/class="watch-z span2 hot"[^>]*>-2\.500</);
    expect(html).toContain('warming 120/300');
    expect(html).toContain('>watchlist</small>');
    expect(html).toMatch(/<path d="M0 9L33\.3 4\.5M100 0L83\.3 0"/);
    expect(html).toContain('data-testid="watch-remove"');
    // The default order is |z| largest first, said on its header.
    expect(html).toMatch(/aria-sort="descending"[^>]*data-testid="watch-sort-z"/);
  });

  it('says why the list is missing while the engine refuses it', () => {
    expect(render([], { error: 'unknown channel' })).toContain(
      'Watchlist unavailable: unknown channel. Retrying every 5 s.',
    );
    expect(render([], { loaded: false })).toContain('Loading the watchlist…');
  });
});
