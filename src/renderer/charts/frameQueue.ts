/**
 * One animation frame for every panel's redraw, ordered and budgeted. With a frame per
 * panel, all seven redrew in the same long frame whenever data arrived: the second leg's
 * first candles waited for the first leg's and the line panels' redraws (~100 ms on a day
 * of 1 s bars). Here first draws go first, and redraws past the frame budget move to the
 * next frame (at least one job runs per frame, so the queue always drains).
 */
export interface DrawJob {
  run: () => void;
  /** Lower runs first; 0 (a panel's first data) is never deferred. */
  priority: () => number;
}

const FRAME_BUDGET_MS = 12;
let queue: DrawJob[] = [];
let handle = 0;

function flush(): void {
  handle = 0;
  const start = performance.now();
  const jobs = queue
    .map((job, order) => ({ job, order, priority: job.priority() }))
    .sort((a, b) => a.priority - b.priority || a.order - b.order);
  queue = [];
  for (let i = 0; i < jobs.length; i++) {
    const { job, priority } = jobs[i];
    if (i > 0 && priority > 0 && performance.now() - start > FRAME_BUDGET_MS) {
      queue.push(...jobs.slice(i).map((j) => j.job));
      break;
    }
    job.run();
  }
  if (queue.length > 0 && handle === 0) handle = requestAnimationFrame(flush);
}

/** Runs `job` on a coming frame; the returned function cancels it if it has not run yet. */
export function requestDraw(job: DrawJob): () => void {
  queue.push(job);
  if (handle === 0) handle = requestAnimationFrame(flush);
  return () => {
    queue = queue.filter((j) => j !== job);
  };
}
