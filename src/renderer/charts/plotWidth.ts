import { MAX_FOLD_BUCKETS } from '../../shared/barFolding';
import { GRID_LEFT, GRID_RIGHT } from './axisStyle';

/**
 * Width in CSS pixels of a time chart's plot inside `container` (what useTimeChart folds
 * data to), read from the first chart canvas there; before any chart is laid out, a
 * guess from the container's width. Long series are requested folded to this width, so it
 * is a whole number within what the contract accepts.
 */
export function plotWidthIn(container: HTMLElement | null): number {
  const canvas = container?.querySelector<HTMLElement>('.chart-canvas');
  const width = canvas?.clientWidth || (container?.clientWidth ?? window.innerWidth) * 0.75;
  return Math.min(MAX_FOLD_BUCKETS, Math.max(50, Math.floor(width - GRID_LEFT - GRID_RIGHT)));
}
