import { useCallback, useRef, useState } from 'react';
import type { EngineStatus, ReplayFiles, SourceSetting, TickscopeApi } from '../../shared/contract';

export interface SourceSwitch {
  /** The kind being switched to, while the engine works on it. */
  pending: SourceSetting['kind'] | null;
  /** Why the engine refused the request (a bad path, a bad symbol); its own words. */
  error: string | null;
  set: (setting: SourceSetting) => Promise<boolean>;
  /** The files the engine may replay (granted by its file dialog or its command line). */
  replayFiles: () => Promise<ReplayFiles>;
  /** Opens the engine's file dialog (desktop app); the files chosen, none when cancelled. */
  pickReplayFiles: () => Promise<string[]>;
}

/**
 * Asks the engine to change its tick source. The new status arrives through the status
 * push as well, so nothing else is stored here: only what the request itself says.
 */
export function useSourceSwitch(api: TickscopeApi, onSwitched?: (status: EngineStatus) => void): SourceSwitch {
  const after = useRef(onSwitched);
  after.current = onSwitched;
  const [pending, setPending] = useState<SourceSetting['kind'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = useCallback(
    async (setting: SourceSetting) => {
      setPending(setting.kind);
      setError(null);
      try {
        const status = await api.invoke('system.setSource', setting);
        after.current?.(status);
        return true;
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        return false;
      } finally {
        setPending(null);
      }
    },
    [api],
  );
  const replayFiles = useCallback(() => api.invoke('system.listReplayFiles', {}), [api]);
  const pickReplayFiles = useCallback(async () => {
    setError(null);
    try {
      return (await api.invoke('system.pickReplayFiles', {})).files;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return [];
    }
  }, [api]);
  return { pending, error, set, replayFiles, pickReplayFiles };
}
