import { useEffect, useMemo, useRef, useState } from 'react';
import type { ScanPair } from '../../../shared/contract';
import { scanNumber } from '../../lib/scanner/scanProgress';
import {
  directionP,
  nextScanSort,
  scanRowKey,
  SCAN_ORDER,
  sortScanRows,
  type ScanKey,
  type ScanSort,
} from '../../lib/scanner/scanSort';

interface Props {
  pairs: readonly ScanPair[];
  /** The row picked in the scatter (highlighted and scrolled to). */
  selected: string | null;
  /** Opens the pair in the charts, y on x as the scan chose. */
  onOpen: (row: ScanPair) => void;
  /** Adds the pair to the watchlist; absent: no watchlist in this build. */
  onWatch?: (row: ScanPair) => void;
  /** Pairs already on the watchlist, by scanRowKey. */
  watched?: ReadonlySet<string>;
}

/** Rows drawn at first: a 200-symbol scan has 19,900; the best are on top. */
const SHOWN = 300;

const COLUMNS: [ScanKey, string, string][] = [
  ['pair', 'pair (y / x)', 'y on x: the Engle–Granger direction with the smaller p (the orientation the charts open)'],
  ['qvalue', 'q', 'Benjamini–Hochberg q over the pairs tested; significant when q ≤ the FDR'],
  ['pvalue', 'p', 'min(1, 2·min(p y~x, p x~y)): the better direction, corrected for looking both ways'],
  ['pYX', 'p y~x', 'Engle–Granger p-value with y dependent'],
  ['pXY', 'p x~y', 'Engle–Granger p-value with x dependent'],
  ['corr', 'corr', 'Pearson correlation of the aligned log returns'],
  ['beta', 'β', 'OLS slope of ln y on ln x'],
  ['halfLife', 'half-life', 'bars for the spread to close half its distance to the mean (— : it does not revert)'],
  ['zLast', 'z now', 'z of the last spread point over the whole range'],
  ['crossings', 'crossings', 'sign changes of the demeaned spread'],
  ['n', 'n', 'aligned points'],
];

/** The scan's ranked pairs, sortable by any column; a row click opens that pair in the charts. */
export function ScanTable({ pairs, selected, onOpen, onWatch, watched }: Props) {
  const [sort, setSort] = useState<ScanSort>(SCAN_ORDER);
  const [all, setAll] = useState(false);
  const rows = useMemo(() => sortScanRows(pairs, sort), [pairs, sort]);
  const body = useRef<HTMLTableSectionElement>(null);
  const selectedIndex = selected === null ? -1 : rows.findIndex((r) => scanRowKey(r) === selected);
  const shown = all || selectedIndex >= SHOWN ? rows : rows.slice(0, SHOWN);

  useEffect(() => {
    if (selected === null) return;
    const el = body.current?.querySelector(`tr[data-key="${CSS.escape(selected)}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [selected, shown.length]);

  if (pairs.length === 0)
    return (
      <p className="muted sc-none" data-testid="scan-no-pairs">
        No pair was tested: every pair lacked coverage or points (see the excluded pairs).
      </p>
    );
  return (
    <div className="sc-table">
      <table data-testid="scan-table">
        <thead>
          <tr>
            <th className="rank">#</th>
            {COLUMNS.map(([key, label, title]) => (
              <th
                key={key}
                title={title}
                className={key === 'pair' ? 'name' : undefined}
                aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                <button
                  type="button"
                  data-testid={`scan-sort-${key}`}
                  onClick={() => setSort((s) => nextScanSort(s, key))}
                >
                  {label}
                  {sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              </th>
            ))}
            <th className="act" />
          </tr>
        </thead>
        <tbody ref={body}>
          {shown.map((r, i) => {
            const key = scanRowKey(r);
            const isWatched = watched?.has(key) ?? false;
            return (
              <tr
                key={key}
                data-key={key}
                data-y={r.y}
                data-x={r.x}
                data-q={r.qvalue}
                data-half-life={r.halfLife ?? undefined}
                className={`clickable${r.significant ? ' sig' : ''}${key === selected ? ' selected' : ''}`}
                title={`Open ${r.y} on ${r.x} in the charts`}
                onClick={() => onOpen(r)}
              >
                <td className="rank">{i + 1}</td>
                <td className="name">
                  {r.significant && (
                    <span className="sc-mark" title="significant: q ≤ FDR">
                      ●
                    </span>
                  )}
                  <b>{r.y}</b> / {r.x}
                </td>
                <td>{scanNumber(r.qvalue)}</td>
                <td>{scanNumber(r.pvalue)}</td>
                <td>{scanNumber(directionP(r, 'yx'))}</td>
                <td>{scanNumber(directionP(r, 'xy'))}</td>
                <td>{r.corr.toFixed(3)}</td>
                <td>{scanNumber(r.beta, 4)}</td>
                <td>{r.halfLife === null ? '—' : scanNumber(r.halfLife)}</td>
                <td className={Math.abs(r.zLast) >= 2 ? 'hot' : undefined}>{r.zLast.toFixed(2)}</td>
                <td>{r.crossings}</td>
                <td>{r.n}</td>
                <td className="act">
                  {onWatch && (
                    <button
                      type="button"
                      className="sc-watch"
                      data-testid={`scan-watch-${key}`}
                      disabled={isWatched}
                      title={isWatched ? 'On the watchlist' : `Add ${r.y} on ${r.x} to the watchlist`}
                      onClick={(e) => {
                        e.stopPropagation();
                        onWatch(r);
                      }}
                    >
                      {isWatched ? 'Watched' : 'Watch'}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > shown.length && (
        <button type="button" className="sc-more" data-testid="scan-show-all" onClick={() => setAll(true)}>
          Show all {rows.length.toLocaleString('en-US')} pairs ({(rows.length - shown.length).toLocaleString('en-US')}{' '}
          more)
        </button>
      )}
    </div>
  );
}
