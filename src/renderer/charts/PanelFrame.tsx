import type { ReactNode, RefObject } from 'react';

/** The frame every chart panel shares: title bar, the chart's canvas, and a placeholder over it. */
export function PanelFrame({ id, header, placeholder, canvasRef }: { id: string; header: ReactNode; placeholder: ReactNode; canvasRef: RefObject<HTMLDivElement | null> }) {
  return (
    <section className="panel" data-testid={`panel-${id}`}>
      <div className="panel-title">{header}</div>
      <div className="chart">
        <div className="chart-canvas" ref={canvasRef} />
        {placeholder && <div className="empty">{placeholder}</div>}
      </div>
    </section>
  );
}
