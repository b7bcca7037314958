import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportProgress, ExportRequest, TickscopeApi } from '../../shared/contract';
import { saveDownload } from '../api/download';

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; rows: number; what: string }
  | { phase: 'done'; message: string; rows: number | null }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Runs one export at a time and reports it in words. Progress events can arrive before the
 * request answers (the save dialog writes first), so they are kept by id until it does.
 */
export function useExport(api: TickscopeApi): {
  state: ExportState;
  run: (req: ExportRequest, what: string) => Promise<void>;
  reset: () => void;
} {
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const seen = useRef(new Map<string, ExportProgress>());
  const current = useRef<string | null>(null);
  const waiters = useRef(new Map<string, (p: ExportProgress) => void>());

  useEffect(
    () =>
      api.on('export.onDidProgress', (p) => {
        seen.current.set(p.id, p);
        if ((p.id === current.current || current.current === null) && !p.done)
          setState((s) => (s.phase === 'running' ? { ...s, rows: p.rows } : s));
        if (p.done) waiters.current.get(p.id)?.(p);
      }),
    [api],
  );

  /** The final progress event of an export (already seen, or still to come). */
  const finished = useCallback((id: string) => {
    const p = seen.current.get(id);
    if (p?.done) return Promise.resolve(p);
    return new Promise<ExportProgress>((resolve) => waiters.current.set(id, resolve));
  }, []);

  const run = useCallback(
    async (req: ExportRequest, what: string) => {
      setState({ phase: 'running', rows: 0, what });
      try {
        const result = await api.invoke('export.run', req);
        current.current = result.id;
        if (result.status === 'cancelled') return setState({ phase: 'cancelled' });
        if (result.status === 'saved')
          return setState({
            phase: 'done',
            rows: result.rows,
            message: `Saved ${fmt(result.rows)} rows to ${result.path}`,
          });
        const last = finished(result.id);
        await saveDownload(result.url, result.fileName);
        // The engine's count arrives once it has streamed the file; the file is saved either way.
        const p = await Promise.race([last, new Promise<null>((r) => setTimeout(() => r(null), 5_000))]);
        if (p?.error) return setState({ phase: 'failed', message: `Export failed: ${p.error}` });
        setState({
          phase: 'done',
          rows: p?.rows ?? null,
          message: `Downloaded ${result.fileName}${p ? ` (${fmt(p.rows)} rows)` : ''}`,
        });
      } catch (e) {
        setState({ phase: 'failed', message: `Export failed: ${e instanceof Error ? e.message : String(e)}` });
      } finally {
        if (current.current) waiters.current.delete(current.current);
        current.current = null;
      }
    },
    [api, finished],
  );

  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, run, reset };
}
