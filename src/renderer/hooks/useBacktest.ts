import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  BacktestFinish,
  BacktestProgress,
  BacktestResult,
  BacktestRunDraft,
  TickscopeApi,
} from '../../shared/contract';
import { defaultForm, type BacktestForm } from '../lib/backtest/backtestForm';

export interface BacktestJobState {
  /** null until the engine has answered with the job's id. */
  id: string | null;
  done: number;
  total: number;
  request: BacktestRunDraft;
  startedAt: number;
}

export interface BacktestState {
  form: BacktestForm;
  setForm: (patch: Partial<BacktestForm>) => void;
  /** The job running now, if any. */
  job: BacktestJobState | null;
  /** The result shown (the last job that finished), and what it was asked. */
  result: { value: BacktestResult; request: BacktestRunDraft; ms: number } | null;
  /** The last grid (the heatmap): kept while its cells are run one by one. */
  grid: { value: BacktestResult; request: BacktestRunDraft } | null;
  /** What became of the last job when it did not finish with a result. */
  message: string | null;
  run: (request: BacktestRunDraft) => Promise<void>;
  cancel: () => void;
}

/**
 * Backtest jobs for the dashboard: one at a time (a new run cancels the one before), their
 * progress and their result. Pushes can arrive before `backtest.run` answers with the id,
 * so they are kept by id until it does. The form lives here too: it outlasts the sidebar
 * tab that shows it.
 */
export function useBacktest(api: TickscopeApi, window: number): BacktestState {
  const [form, setFormState] = useState<BacktestForm>(() => defaultForm(window));
  const [job, setJob] = useState<BacktestJobState | null>(null);
  const [result, setResult] = useState<BacktestState['result']>(null);
  const [grid, setGrid] = useState<BacktestState['grid']>(null);
  const [message, setMessage] = useState<string | null>(null);
  const jobRef = useRef<BacktestJobState | null>(null);
  jobRef.current = job;
  const early = useRef(new Map<string, { progress?: BacktestProgress; finish?: BacktestFinish }>());

  const setForm = useCallback((patch: Partial<BacktestForm>) => setFormState((f) => ({ ...f, ...patch })), []);

  const onFinish = useCallback((f: BacktestFinish, j: BacktestJobState) => {
    setJob(null);
    if (f.status === 'done') {
      const value = f.result;
      setResult({ value, request: j.request, ms: Date.now() - j.startedAt });
      // A run of one combination (a heatmap cell) keeps the grid it came from.
      if (value.rows.length > 1) setGrid({ value, request: j.request });
      setMessage(null);
    } else if (f.status === 'cancelled') {
      setMessage(`Cancelled after ${j.done} of ${j.total} backtests: nothing of that run is shown.`);
    } else {
      setMessage(`Backtest failed: ${f.error}`);
    }
  }, []);

  useEffect(() => {
    const offProgress = api.on('backtest.onDidProgress', (p) => {
      const j = jobRef.current;
      if (j?.id === p.id) setJob({ ...j, done: p.done, total: p.total });
      else if (j && j.id === null) early.current.set(p.id, { ...early.current.get(p.id), progress: p });
    });
    const offFinish = api.on('backtest.onDidFinish', (f) => {
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
    if (j?.id) void api.invoke('backtest.cancel', { id: j.id }).catch(() => undefined);
  }, [api]);

  const run = useCallback(
    async (request: BacktestRunDraft) => {
      const before = jobRef.current;
      if (before?.id) void api.invoke('backtest.cancel', { id: before.id }).catch(() => undefined);
      const pending: BacktestJobState = { id: null, done: 0, total: 0, request, startedAt: Date.now() };
      jobRef.current = pending;
      setJob(pending);
      setMessage(null);
      early.current.clear();
      try {
        const { id, total } = await api.invoke('backtest.run', request);
        if (jobRef.current !== pending) {
          // Another run started meanwhile: this one is not wanted any more.
          void api.invoke('backtest.cancel', { id }).catch(() => undefined);
          return;
        }
        const seen = early.current.get(id);
        early.current.clear();
        const started: BacktestJobState = { ...pending, id, total, done: seen?.progress?.done ?? 0 };
        jobRef.current = started;
        if (seen?.finish) onFinish(seen.finish, started);
        else setJob(started);
      } catch (e) {
        if (jobRef.current !== pending) return;
        jobRef.current = null;
        setJob(null);
        setMessage(e instanceof Error ? e.message : String(e));
      }
    },
    [api, onFinish],
  );

  return { form, setForm, job, result, grid, message, run, cancel };
}
