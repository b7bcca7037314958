import type { ReactNode, RefObject } from 'react';

interface Props {
  id: string;
  header: ReactNode;
  placeholder: ReactNode;
  canvasRef: RefObject<HTMLDivElement | null>;
  /** The chart area's least height: its plot's least readable height plus the grid's margins. */
  minChartHeight: number;
}

/** The frame every chart panel shares: title bar, the chart's canvas, and a placeholder over it. */
export function PanelFrame({ id, header, placeholder, canvasRef, minChartHeight }: Props) {
  return (
    <section className="panel" data-testid={`panel-${id}`}>
      <div className="panel-title">{header}</div>
      <div className="chart" style={{ minHeight: minChartHeight }}>
        <div className="chart-canvas" ref={canvasRef} />
        {placeholder && <div className="empty">{placeholder}</div>}
      </div>
    </section>
  );
}
