import { useEffect, useRef } from 'react';

export type ShortcutMap = Record<string, () => void>;

/**
 * Global shortcuts (see HelpOverlay). Single keys are ignored while typing in an input or
 * select so a search for "ETH" does not toggle the theme; Escape always goes through.
 * `Mod+<key>` entries are Ctrl (Cmd on macOS) chords: they work while typing too, since a
 * chord cannot be a typed character, and take precedence over the browser's own (Ctrl+E).
 */
export function useShortcuts(map: ShortcutMap): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey) return;
      if (e.ctrlKey || e.metaKey) {
        const chord = ref.current[`Mod+${e.key.toLowerCase()}`];
        if (!chord) return;
        e.preventDefault();
        chord();
        return;
      }
      const target = e.target as HTMLElement | null;
      const typing =
        target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA');
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
