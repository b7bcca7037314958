import { useEffect, useState } from 'react';
import type { EngineStatus, TickscopeApi } from '../../shared/contract';

/** The engine's status (feeds, counters, database), refreshed by pushes. */
export function useStatus(api: TickscopeApi): { status: EngineStatus | null; error: string | null } {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const off = api.on('system.onDidChangeStatus', setStatus);
    api.invoke('system.getStatus', {}).then(setStatus, (e: Error) => setError(e.message));
    return off;
  }, [api]);
  return { status, error };
}
