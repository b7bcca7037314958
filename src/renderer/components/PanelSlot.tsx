import { useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { PANEL_HEIGHT_RANGE, type PanelId } from '../settings/settings';

interface Props {
  id: PanelId;
  /** Height the trader dragged it to, or undefined to share the stack's space. */
  height: number | undefined;
  /** Share of the free space when not sized by hand (the candles take twice a line panel's). */
  grow: number;
  /** A new height (a drag ended, or arrow keys on the handle), or null for "share the space". */
  onResize: (height: number | null) => void;
  children: ReactNode;
}

const KEY_STEP_PX = 20;

const clampHeight = (h: number) => Math.round(Math.min(PANEL_HEIGHT_RANGE[1], Math.max(PANEL_HEIGHT_RANGE[0], h)));

/**
 * A panel's place in the stack and the handle under it. Dragging the handle sizes the panel
 * (the panel's least height, a readable plot, still holds: CSS keeps the slot at least as
 * tall as its content's minimum); double-clicking gives it back its share of the space.
 * While dragging only this slot re-renders; the height is saved when the drag ends.
 */
export function PanelSlot({ id, height, grow, onResize, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [dragged, setDragged] = useState<number | null>(null);
  const h = dragged ?? height;

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || !ref.current) return;
    e.preventDefault();
    const slot = ref.current;
    const handle = e.currentTarget;
    const startY = e.clientY;
    const startH = slot.getBoundingClientRect().height;
    handle.setPointerCapture(e.pointerId);
    handle.classList.add('active');
    const move = (m: PointerEvent) => setDragged(clampHeight(startH + m.clientY - startY));
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
      handle.classList.remove('active');
      // What the slot measures now: a drag below the panel's least height stops there.
      onResize(clampHeight(slot.getBoundingClientRect().height));
      setDragged(null);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!ref.current || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    e.stopPropagation();
    const now = ref.current.getBoundingClientRect().height;
    onResize(clampHeight(now + (e.key === 'ArrowDown' ? KEY_STEP_PX : -KEY_STEP_PX)));
  };

  return (
    <div
      ref={ref}
      className="panel-slot"
      data-testid={`slot-${id}`}
      style={h !== undefined ? { flex: '0 0 auto', height: h } : { flexGrow: grow }}
    >
      {children}
      <div
        className="resize-handle"
        data-testid={`resize-${id}`}
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize the panel above"
        tabIndex={0}
        title="Drag to resize the panel above (arrow keys too); double-click to share the space again"
        onPointerDown={onPointerDown}
        onDoubleClick={() => onResize(null)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
