import { useEffect, useRef } from 'react';

export type ShortcutMap = Record<string, () => void>;

/**
 * Global single-key shortcuts (see HelpOverlay). Ignored while typing in an input or
 * select so a search for "ETH" does not toggle the theme; Escape always goes through.
 */
export function useShortcuts(map: ShortcutMap): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA');
      if (typing && e.key !== 'Escape') return;
      const action = ref.current[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
