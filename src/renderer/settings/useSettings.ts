import { useCallback, useEffect, useState } from 'react';
import { loadSettings, saveSettings, type Settings } from './settings';

/** Settings state that is written back to localStorage on every change. */
export function useSettings(): [Settings, (patch: Partial<Settings> | ((s: Settings) => Partial<Settings>)) => void] {
  const [settings, setSettings] = useState<Settings>(() => loadSettings());
  useEffect(() => saveSettings(settings), [settings]);
  const update = useCallback((patch: Partial<Settings> | ((s: Settings) => Partial<Settings>)) => {
    setSettings((s) => ({ ...s, ...(typeof patch === 'function' ? patch(s) : patch) }));
  }, []);
  return [settings, update];
}
