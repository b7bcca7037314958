import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  PairSpec,
  ScanFinish,
  ScanPair,
  ScanProgress,
  ScanResultView,
  ScanRunDraft,
  TickscopeApi,
  WatchList,
} from '../../shared/contract';
import type { Timeframe } from '../../shared/market';
import { defaultScanForm, type ScanForm } from '../lib/scanner/scanForm';
import type { ScanJobView } from '../lib/scanner/scanProgress';

export interface ScannerState {
  form: ScanForm;
  setForm: (patch: Partial<ScanForm>) => void;
  /** The scan running now, if any (also one started before this page loaded). */
  job: ScanJobView | null;
  /** The latest saved scan of the database in use (null: none yet). */
  result: ScanResultView | null;
  /** What became of the last scan when it did not finish with a result, or why it was refused. */
  message: string | null;
  run: (request: ScanRunDraft) => Promise<void>;
  cancel: () => void;
  /** Pairs of the shown scan's timeframe on the watchlist, by scanRowKey (either orientation). */
  watched: ReadonlySet<string>;
  /** Adds a row's pair (y on x, the scan's timeframe) to the watchlist at rolling window `window`. */
  watch: (row: ScanPair, window: number) => void;
}

/** The user's own watchlist entries out of every followed pair. */
const userPairs = (l: WatchList): PairSpec[] =>
  l.rows.filter((r) => r.reasons.includes('watchlist')).map((r) => r.pair);

/**
 * The scanner for the dashboard: the saved result of the database in use (loaded on open and
 * again when the engine swaps databases: the demo's scans are the demo's), one scan at a
 * time with its progress, and the form (it outlasts the view that shows it). Pushes can
 * arrive before `scanner.run` answers with the id, so they are kept by id until it does.
 */
export function useScanner(api: TickscopeApi, tf: Timeframe, dbPath: string | null): ScannerState {
  const [form, setFormState] = useState<ScanForm>(() => defaultScanForm(tf));
  const [job, setJob] = useState<ScanJobView | null>(null);
  const [result, setResult] = useState<ScanResultView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const jobRef = useRef<ScanJobView | null>(null);
  jobRef.current = job;
  const early = useRef(new Map<string, { progress?: ScanProgress; finish?: ScanFinish }>());

  const setForm = useCallback((patch: Partial<ScanForm>) => setFormState((f) => ({ ...f, ...patch })), []);

  const load = useCallback(async () => {
    try {
      const r = await api.invoke('scanner.getResult', {});
      setResult(r.result);
      // A scan started elsewhere (another window, before a reload): follow it.
      if (r.running && jobRef.current === null) {
        const j: ScanJobView = { id: r.running, phase: 'scanning', done: 0, total: 0 };
        jobRef.current = j;
        setJob(j);
      }
    } catch (e) {
      setMessage(`Could not read the last scan: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, [api]);

  useEffect(() => {
    if (dbPath === null) return;
    void load();
  }, [load, dbPath]);

  const [watchlist, setWatchlist] = useState<PairSpec[]>([]);
  useEffect(() => {
    if (dbPath === null) return;
    let live = true;
    api.invoke('watchlist.list', {}).then(
      (l) => live && setWatchlist(userPairs(l)),
      () => undefined,
    );
    const off = api.on('watchlist.onDidChange', (l) => setWatchlist(userPairs(l)));
    return () => {
      live = false;
      off();
    };
  }, [api, dbPath]);
  const watched = useMemo(() => {
    const tf = result?.tf;
    return new Set(watchlist.filter((p) => p.tf === tf).map((p) => [p.y, p.x].sort().join('|')));
  }, [watchlist, result?.tf]);
  const watch = useCallback(
    (row: ScanPair, window: number) => {
      if (!result) return;
      api.invoke('watchlist.add', { y: row.y, x: row.x, tf: result.tf, window }).then(
        (l) => setWatchlist(userPairs(l)),
        (e: unknown) =>
          setMessage(`Could not watch ${row.y} on ${row.x}: ${e instanceof Error ? e.message : String(e)}`),
      );
    },
    [api, result],
  );

  const onFinish = useCallback(
    (f: ScanFinish, j: ScanJobView) => {
      jobRef.current = null;
      setJob(null);
      if (f.status === 'done') {
        setMessage(null);
        void load();
      } else if (f.status === 'cancelled') {
        setMessage(
          `Cancelled after ${j.done.toLocaleString('en-US')} of ${j.total.toLocaleString('en-US')} pairs: nothing of that scan is kept.`,
        );
      } else {
        setMessage(`Scan failed: ${f.error}`);
      }
    },
    [load],
  );

  useEffect(() => {
    const offProgress = api.on('scanner.onDidProgress', (p) => {
      const j = jobRef.current;
      if (j?.id === p.id) {
        const next = { ...j, phase: p.phase, done: p.done, total: p.total };
        jobRef.current = next;
        setJob(next);
      } else if (j && j.id === null) early.current.set(p.id, { ...early.current.get(p.id), progress: p });
    });
    const offFinish = api.on('scanner.onDidFinish', (f) => {
      const j = jobRef.current;
      if (j?.id === f.id) onFinish(f, j);
      else if (j && j.id === null) early.current.set(f.id, { ...early.current.get(f.id), finish: f });
    });
    return () => {
      offProgress();
      offFinish();
    };
  }, [api, onFinish]);

  const cancel = useCallback(() => {
    const j = jobRef.current;
    if (j?.id) void api.invoke('scanner.cancel', { id: j.id }).catch(() => undefined);
  }, [api]);

  const run = useCallback(
    async (request: ScanRunDraft) => {
      if (jobRef.current) return;
      const pending: ScanJobView = { id: null, phase: 'loading', done: 0, total: 0 };
      jobRef.current = pending;
      setJob(pending);
      setMessage(null);
      early.current.clear();
      try {
        const { id } = await api.invoke('scanner.run', request);
        const seen = early.current.get(id);
        early.current.clear();
        const p = seen?.progress;
        const started: ScanJobView = { id, phase: p?.phase ?? 'scanning', done: p?.done ?? 0, total: p?.total ?? 0 };
        jobRef.current = started;
        if (seen?.finish) onFinish(seen.finish, started);
        else setJob(started);
      } catch (e) {
        jobRef.current = null;
        setJob(null);
        // The engine's refusal names the channel first ("scanner.run: unknown symbol …").
        setMessage((e instanceof Error ? e.message : String(e)).replace(/^scanner\.run: /, ''));
      }
    },
    [api, onFinish],
  );

  return { form, setForm, job, result, message, run, cancel, watched, watch };
}
