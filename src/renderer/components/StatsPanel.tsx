import type { ReactNode } from 'react';
import type { AnalyticsSnapshot } from '../../shared/contract';
import { formatAge, formatClock, formatPercent, formatPrice, formatStat } from '../lib/format';
import { formatZ } from '../lib/watchlist/watchLabels';
import type { LegStats } from '../lib/legStats';
import type { ZHistogram } from '../lib/zHistogram';
import type { Palette } from '../charts/echartsSetup';
import { ZHistogramChart } from '../charts/ZHistogramChart';

export interface LegInfo {
  symbol: string;
  digits: number;
  stats: LegStats | null;
  /** Where the figures come from, said on the card. */
  origin: string;
  computedAt: number | null;
}

interface Props {
  legs: LegInfo[];
  pair: boolean;
  snapshot: AnalyticsSnapshot | null;
  loading: boolean;
  error: string | null;
  now: number;
  /** Distribution of the rolling z over the loaded series (pair mode). */
  zDist: ZHistogram | null;
  /** The one z on screen for the pair (lib/liveZ.ts): the z panel's header shows it too. */
  liveZ: number | null;
  k: number;
  palette: Palette;
}

/** The figures a trader reads at a glance, each with when it was computed. */
export function StatsPanel({ legs, pair, snapshot, loading, error, now, zDist, liveZ, k, palette }: Props) {
  return (
    <div className="stats" data-testid="stats">
      {legs.map((leg) => (
        <LegCard key={leg.symbol} leg={leg} now={now} />
      ))}
      {pair && <PairCards snapshot={snapshot} loading={loading} error={error} now={now} liveZ={liveZ} />}
      {pair && zDist && zDist.n > 0 && (
        <ZDistributionCard hist={zDist} liveZ={liveZ} k={k} palette={palette} now={now} />
      )}
    </div>
  );
}

function LegCard({ leg, now }: { leg: LegInfo; now: number }) {
  const s = leg.stats;
  const f = (v: number | null | undefined) => formatPrice(v, leg.digits);
  const change = s ? (Math.exp(s.return) - 1) * 100 : null;
  // The last price and change sit on the title line: two lines less per leg keep the z
  // distribution above the fold on a 720 px screen.
  const price = s ? (
    <span className="leg-last">
      <span data-testid={`leg-${leg.symbol}-last`}>{f(s.last)}</span>
      <span className={change !== null && change < 0 ? 'down' : 'up'} data-testid={`leg-${leg.symbol}-change`}>
        {formatPercent(change)}
      </span>
    </span>
  ) : null;
  return (
    <Card
      title={leg.symbol}
      testId={`leg-${leg.symbol}`}
      computedAt={leg.computedAt}
      now={now}
      note={leg.origin}
      badge={price}
    >
      {s ? (
        <Grid
          rows={[
            ['mean', f(s.mean)],
            ['std', formatStat(s.std)],
            ['high', f(s.high)],
            ['low', f(s.low)],
            ['VWAP', f(s.vwap)],
          ]}
          prefix={`leg-${leg.symbol}`}
        />
      ) : (
        <p className="muted">Not enough bars in the window yet.</p>
      )}
    </Card>
  );
}

function PairCards({
  snapshot,
  loading,
  error,
  now,
  liveZ,
}: {
  snapshot: AnalyticsSnapshot | null;
  loading: boolean;
  error: string | null;
  now: number;
  liveZ: number | null;
}) {
  if (!snapshot) {
    return (
      <div className="card" data-testid="pair-state">
        <p className={error ? 'error-text' : 'muted'}>
          {error
            ? `Analytics unavailable: ${error}. Retrying every 5 s.`
            : loading
              ? 'Computing pair analytics…'
              : 'Pick two symbols to analyse the pair.'}
        </p>
      </div>
    );
  }
  if (!snapshot.ok) {
    return (
      <div className="card" data-testid="pair-state">
        <p className="muted">
          {snapshot.message} ({snapshot.available} of {snapshot.pair.window} aligned points so far)
        </p>
        <small className="muted">checked {formatAge(snapshot.computedAt, now)}</small>
      </div>
    );
  }
  const v = snapshot.value;
  const at = snapshot.computedAt;
  const why = (k: string) => snapshot.issues[k]?.message ?? 'not computed';
  const stationary = v.adf ? v.adf.pvalue < 0.05 : null;
  return (
    <>
      <Card
        title="Hedge (OLS)"
        testId="card-ols"
        computedAt={at}
        now={now}
        note={`y on x, W = ${v.window}, n = ${v.n}`}
      >
        {v.ols ? (
          <Grid
            rows={[
              ['β', formatStat(v.ols.beta)],
              ['α', formatStat(v.ols.alpha)],
              ['R²', formatStat(v.ols.r2)],
              ['Kalman β', formatStat(v.kalman?.beta)],
              ['corr', formatStat(v.correlation)],
            ]}
            ids={['beta', 'alpha', 'r2', 'kalman-beta', 'corr']}
            prefix="stat"
          />
        ) : (
          <p className="muted">{why('ols')}</p>
        )}
      </Card>
      <Card title="Spread" testId="card-spread" computedAt={at} now={now}>
        {v.spread ? (
          <Grid
            rows={[
              // The live z (last bar), not the snapshot's: the z panel and the distribution show it too.
              ['z', formatZ(liveZ)],
              ['last', formatStat(v.spread.last)],
              ['σ', formatStat(v.spread.std)],
              ['half-life', v.halfLife === null ? 'no reversion' : `${formatStat(v.halfLife, 1)} bars`],
            ]}
            ids={['z', 'spread', 'spread-std', 'halflife']}
            prefix="stat"
          />
        ) : (
          <p className="muted">{why('spread')}</p>
        )}
      </Card>
      <Card
        title="Stationarity (ADF)"
        testId="card-adf"
        computedAt={at}
        now={now}
        badge={
          stationary === null ? null : (
            <span className={`badge ${stationary ? 'good' : 'bad'}`} data-testid="adf-badge">
              {stationary ? 'stationary' : 'not stationary'}
            </span>
          )
        }
      >
        {v.adf ? (
          <Grid
            rows={[
              ['ADF stat', formatStat(v.adf.stat)],
              ['p-value', formatStat(v.adf.pvalue)],
              ['lag', String(v.adf.usedlag)],
              ['crit 5%', formatStat(v.adf.crit['5%'])],
              ['coint p', v.coint ? formatStat(v.coint.pvalue) : '—'],
            ]}
            ids={['adf-stat', 'adf-pvalue', 'adf-lag', 'adf-crit5', 'coint-pvalue']}
            prefix="stat"
          />
        ) : (
          <p className="muted">{why('adf')}</p>
        )}
      </Card>
    </>
  );
}

function ZDistributionCard({
  hist,
  liveZ,
  k,
  palette,
  now,
}: {
  hist: ZHistogram;
  liveZ: number | null;
  k: number;
  palette: Palette;
  now: number;
}) {
  return (
    <Card
      title="z-score distribution"
      testId="card-zdist"
      computedAt={now}
      now={now}
      note={`${hist.n.toLocaleString('en-US')} rolling points loaded`}
    >
      <ZHistogramChart hist={hist} current={liveZ} k={k} palette={palette} />
      <p className="muted small" data-testid="zdist-beyond">
        |z| &gt; {k} in {formatStat(hist.beyond * 100, 1)}% of points{liveZ !== null ? ` · now ${formatZ(liveZ)}` : ''}
      </p>
    </Card>
  );
}

function Card({
  title,
  testId,
  computedAt,
  now,
  note,
  badge,
  children,
}: {
  title: string;
  testId: string;
  computedAt: number | null;
  now: number;
  note?: string;
  badge?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card" data-testid={testId}>
      <header>
        <span className="card-title">{title}</span>
        {badge}
      </header>
      {children}
      {/* One line: on a laptop every line counts for the cards below (the full text is the tooltip). */}
      <footer
        className="muted"
        title={`${note ? `${note} · ` : ''}${computedAt ? `computed ${new Date(computedAt).toISOString()}` : 'not computed yet'}`}
      >
        {/* When first: it is what an ellipsis must not cut. */}
        <span data-testid={`${testId}-computed`}>
          {computedAt ? `computed ${formatClock(computedAt)} (${formatAge(computedAt, now)})` : 'not computed yet'}
        </span>
        {note && <span> · {note}</span>}
      </footer>
    </section>
  );
}

function Grid({ rows, prefix, ids }: { rows: [string, string][]; prefix: string; ids?: string[] }) {
  return (
    <dl className="kv">
      {rows.map(([k, v], i) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd data-testid={`${prefix}-${ids?.[i] ?? k.toLowerCase()}`}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
