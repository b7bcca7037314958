import { useEffect, useRef, useState } from 'react';
import { PANEL_IDS, type PanelId, type Settings } from '../settings/settings';

export const PANEL_NAMES: Record<PanelId, string> = {
  candles: 'Y candles',
  'candles-x': 'X candles',
  normalised: '% change',
  spread: 'spread',
  zscore: 'z-score',
  correlation: 'correlation',
  hedge: 'hedge ratio',
};

interface Props {
  settings: Settings;
  update: (patch: Partial<Settings>) => void;
}

/**
 * Which chart panels the pair view shows, and "share the space" for panels sized by hand.
 * It sits in the corner of the time axis strip, under the value axes, which is always in
 * view at the bottom of the stack.
 */
export function PanelChooser({ settings: s, update }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);
  const shown = PANEL_IDS.length - s.hidden.length;
  const sized = Object.keys(s.heights).length;

  return (
    <div className="panel-chooser" ref={root}>
      <button
        data-testid="panel-chooser"
        className={open ? 'on' : ''}
        title="Choose the chart panels"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Panels {shown}/{PANEL_IDS.length}
      </button>
      {open && (
        <div className="popover up" data-testid="panel-toggles">
          <h3>Chart panels</h3>
          {PANEL_IDS.map((id) => (
            <label key={id}>
              <input
                type="checkbox"
                data-testid={`toggle-${id}`}
                checked={!s.hidden.includes(id)}
                onChange={(e) =>
                  update({ hidden: e.target.checked ? s.hidden.filter((h) => h !== id) : [...s.hidden, id] })
                }
              />
              {PANEL_NAMES[id]}
              {s.heights[id] !== undefined && <span className="muted small"> · {s.heights[id]} px</span>}
            </label>
          ))}
          <button
            data-testid="panels-share"
            disabled={sized === 0}
            onClick={() => update({ heights: {} })}
            title="Forget the heights set by dragging: every panel shares the space again"
          >
            Share the space evenly
          </button>
        </div>
      )}
    </div>
  );
}
