import { memo, useMemo, useState, type KeyboardEvent } from 'react';
import { pairKey, type PairSpec } from '../../shared/contract/analytics';
import type { WatchRow } from '../../shared/contract/watchlist';
import { formatStat } from '../lib/format';
import { sparkPath, sparkZero } from '../lib/watchlist/sparkline';
import {
  formatHalfLife,
  formatZ,
  pairShortName,
  watchReasonsText,
  watchStateLabel,
  zTone,
} from '../lib/watchlist/watchLabels';
import { onWatchlist } from '../lib/watchlist/watchRows';
import {
  DEFAULT_WATCH_SORT,
  nextSort,
  sortWatchRows,
  type WatchSort,
  type WatchSortKey,
} from '../lib/watchlist/watchSort';
import '../styles/watchlist.css';

interface Props {
  rows: WatchRow[];
  loaded: boolean;
  error: string | null;
  /** The pair chosen in the toolbar (null in single mode or with one leg): what "Watch" adds. */
  spec: PairSpec | null;
  k: number;
  onOpen: (pair: PairSpec) => void;
  onAdd: (pair: PairSpec) => void;
  onRemove: (pair: PairSpec) => void;
}

const pairText = (p: PairSpec) => `${pairShortName(p.y, p.x)} ${p.tf} W${p.window}`;

/**
 * Every pair the engine follows (the one on screen, those alert rules name, the user's
 * watchlist), one compact row each, in the sidebar's width: the charts keep their height.
 * Rows are plain elements and each sparkline one SVG path, so fifty rows stay cheap; a row
 * re-renders only when its own figures change (rows keep their identity between pushes).
 */
export function WatchlistPanel({ rows, loaded, error, spec, k, onOpen, onAdd, onRemove }: Props) {
  const [sort, setSort] = useState<WatchSort>(DEFAULT_WATCH_SORT);
  const sorted = useMemo(() => sortWatchRows(rows, sort), [rows, sort]);
  const screenKey = spec ? pairKey(spec) : '';
  const watched = onWatchlist(rows, spec);
  const anyWatched = rows.some((r) => r.reasons.includes('watchlist'));
  const head = (key: WatchSortKey, label: string, title: string, cls = '') => (
    <SortHeader key={key} k={key} label={label} title={title} sort={sort} setSort={setSort} cls={cls} />
  );

  return (
    <div className="watchlist" data-testid="watchlist-panel">
      <div className="watch-add">
        <button
          data-testid="watch-add"
          className="primary"
          disabled={!spec || watched}
          title={spec ? 'Add the pair on screen to the watchlist (W)' : 'Pick two symbols in pair mode first'}
          onClick={() => spec && onAdd(spec)}
        >
          {watched ? 'On the watchlist' : '+ Watch'} {spec ? pairText(spec) : 'the pair on screen'}
        </button>
        <kbd title="Shift+W">W</kbd>
      </div>
      {error && (
        <p className="error-text small" data-testid="watch-error">
          Watchlist unavailable: {error}. Retrying every 5 s.
        </p>
      )}
      {!error && !loaded && <p className="muted">Loading the watchlist…</p>}
      {loaded && !anyWatched && !error && (
        <p className="muted small watch-empty" data-testid="watch-empty">
          Your watchlist is empty. Add the pair on screen with <b>+ Watch</b> above or press <kbd>W</kbd>; or tick{' '}
          <b>watch this pair</b> when you create a pair alert rule. Each watched pair keeps its z, spread, β and ADF
          live here; click a row to open it in the charts.
        </p>
      )}
      {rows.length > 0 && (
        <div className="watch-table" role="table" aria-label="Followed pairs" data-testid="watch-table">
          <div className="watch-head" role="rowgroup">
            <div className="watch-line" role="row">
              {head('pair', 'pair', 'Sort by pair (Y/X)', 'span2')}
              {head('tf', 'tf', 'Sort by timeframe')}
              {head('window', 'W', 'Sort by rolling window W')}
              {head('state', 'state', 'Sort by state (gap, stale, warming, live)', 'span2')}
            </div>
            <div className="watch-line" role="row">
              {head('z', '|z|', 'Sort by |z|: distance of the spread from its mean, either side', 'span2')}
              <span className="muted watch-spark-head span4" role="columnheader">
                z, last bars
              </span>
            </div>
            <div className="watch-line watch-figs" role="row">
              {head('spread', 'spread', 'Sort by the last spread')}
              {head('beta', 'β', 'Sort by the hedge ratio β (OLS)')}
              {head('correlation', 'corr', 'Sort by rolling correlation')}
              {head('adfPvalue', 'ADF p', 'Sort by ADF p-value (low: stationary)')}
              {head('halfLife', 't½', 'Sort by half-life of mean reversion, in bars')}
            </div>
          </div>
          <div role="rowgroup">
            {sorted.map((r) => (
              <WatchRowView
                key={pairKey(r.pair)}
                row={r}
                k={k}
                onScreen={pairKey(r.pair) === screenKey}
                onOpen={onOpen}
                onRemove={onRemove}
              />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

function SortHeader({
  k,
  label,
  title,
  sort,
  setSort,
  cls,
}: {
  k: WatchSortKey;
  label: string;
  title: string;
  sort: WatchSort;
  setSort: (s: WatchSort) => void;
  cls: string;
}) {
  const on = sort.key === k;
  return (
    <button
      role="columnheader"
      aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={`watch-sort ${cls} ${on ? 'on' : ''}`}
      data-testid={`watch-sort-${k}`}
      title={title}
      onClick={() => setSort(nextSort(sort, k))}
    >
      {label}
      {on ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
    </button>
  );
}

interface RowProps {
  row: WatchRow;
  k: number;
  onScreen: boolean;
  onOpen: (pair: PairSpec) => void;
  onRemove: (pair: PairSpec) => void;
}

const SPARK_W = 100;
const SPARK_H = 18;

const WatchRowView = memo(function WatchRowView({ row: r, k, onScreen, onOpen, onRemove }: RowProps) {
  const p = r.pair;
  const state = watchStateLabel(r);
  const id = `${p.y}-${p.x}-${p.tf}-${p.window}`;
  const d = useMemo(() => sparkPath(r.spark, SPARK_W, SPARK_H), [r.spark]);
  const open = () => onOpen(p);
  const onKey = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    open();
  };
  const fig = (label: string, v: string, testId: string) => (
    <span role="cell" title={label} data-testid={`watch-${testId}`}>
      {v}
    </span>
  );
  return (
    <div
      role="row"
      tabIndex={0}
      className={`watch-row state-${r.state} ${onScreen ? 'on-screen' : ''}`}
      data-testid={`watch-row-${id}`}
      title={`Open ${p.y}/${p.x} ${p.tf} W${p.window} in the charts`}
      onClick={open}
      onKeyDown={onKey}
    >
      <div className="watch-line">
        <b role="cell" className="span2 watch-pair" data-testid="watch-pair">
          {pairShortName(p.y, p.x)}
        </b>
        <span role="cell" data-testid="watch-tf">
          {p.tf}
        </span>
        <span role="cell" data-testid="watch-window">
          W{p.window}
        </span>
        <span role="cell" className={`watch-state span2 ${r.state}`} title={state.title} data-testid="watch-state">
          {state.text}
        </span>
      </div>
      <div className="watch-line">
        <span
          role="cell"
          className={`watch-z span2 ${zTone(r.z, k)}`}
          title="z-score of the spread, last bar"
          data-testid="watch-z"
        >
          {formatZ(r.z)}
        </span>
        <svg
          className="watch-spark span4"
          viewBox={`0 0 ${SPARK_W} ${SPARK_H}`}
          preserveAspectRatio="none"
          role="img"
          aria-label="z over the last bars"
          data-testid="watch-spark"
        >
          <line x1={0} x2={SPARK_W} y1={sparkZero(SPARK_H)} y2={sparkZero(SPARK_H)} className="zero" />
          <path d={d} />
        </svg>
      </div>
      <div className="watch-line watch-figs">
        {fig('spread', formatStat(r.spread, 3), 'spread')}
        {fig('β (OLS)', formatStat(r.beta, 3), 'beta')}
        {fig('correlation', formatStat(r.correlation, 2), 'corr')}
        {fig('ADF p-value', formatStat(r.adfPvalue, 3), 'adf')}
        {fig('half-life, bars', formatHalfLife(r.halfLife, r.evaluatedAt !== null), 'halflife')}
      </div>
      <div className="watch-line watch-foot">
        <small className="muted watch-reasons" data-testid="watch-reasons">
          {watchReasonsText(r.reasons)}
        </small>
        {r.reasons.includes('watchlist') ? (
          <button
            className="icon small"
            data-testid="watch-remove"
            title="Remove from the watchlist (an alert rule or the screen may still follow it)"
            onClick={(e) => {
              e.stopPropagation();
              onRemove(p);
            }}
          >
            remove
          </button>
        ) : null}
      </div>
    </div>
  );
});
