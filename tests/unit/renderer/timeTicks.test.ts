import { describe, expect, it } from 'vitest';
import { timeTicks, type AxisSegment, type TimeTick } from '../../../src/renderer/charts/timeTicks';
import { formatDateTime } from '../../../src/renderer/lib/format';

/** About what 11 px UI text takes: labels in these tests are as wide as on screen. */
const measure = (text: string) => text.length * 6.5;
const axis = (from: number, to: number, width = 900): AxisSegment[] => [{ from, to, x0: 0, x1: width }];
const at = (iso: string) => Date.parse(`${iso}Z`);
const texts = (ticks: TimeTick[]) => ticks.map((t) => t.text);

function expectReadable(ticks: TimeTick[], width: number, gap = 16) {
  for (const t of ticks) {
    expect(t.x - t.width / 2).toBeGreaterThanOrEqual(0);
    expect(t.x + t.width / 2).toBeLessThanOrEqual(width);
  }
  for (let i = 1; i < ticks.length; i++) {
    expect(ticks[i].ts).toBeGreaterThan(ticks[i - 1].ts);
    expect(ticks[i - 1].x + ticks[i - 1].width / 2 + gap).toBeLessThanOrEqual(ticks[i].x - ticks[i].width / 2);
  }
}

describe('time-axis labels follow the visible span', () => {
  it('within one day: clock times only, seconds when the step is under a minute', () => {
    const minutes = timeTicks(axis(at('2024-07-18T14:00:00'), at('2024-07-18T16:00:00')), measure);
    expect(minutes.length).toBeGreaterThanOrEqual(5);
    for (const t of minutes) expect(t.text).toMatch(/^\d\d:\d\d$/);
    const seconds = timeTicks(axis(at('2024-07-18T14:00:00'), at('2024-07-18T14:01:00')), measure);
    expect(seconds.length).toBeGreaterThanOrEqual(4);
    for (const t of seconds) expect(t.text).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(new Set(texts(seconds)).size).toBe(seconds.length);
  });

  it('across midnight: the midnight label is the date, the others distinct clock times (the recordings window)', () => {
    const ticks = timeTicks(axis(at('2024-07-18T23:57:02'), at('2024-07-19T00:05:00')), measure);
    expect(texts(ticks)).toContain('Jul 19');
    const midnight = ticks.find((t) => t.text === 'Jul 19')!;
    expect(midnight.ts).toBe(at('2024-07-19T00:00:00'));
    expect(midnight.level).toBe('day');
    const clocks = ticks.filter((t) => t.level === 'time');
    expect(clocks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(texts(clocks)).size).toBe(clocks.length);
    expect(texts(clocks)).not.toContain('00:00:00');
  });

  it('over days: every midnight is labelled with its date; a narrower axis shows dates only', () => {
    const span = [at('2024-07-18T06:00:00'), at('2024-07-25T18:00:00')] as const;
    const wide = timeTicks(axis(...span, 900), measure);
    const days = wide.filter((t) => t.level === 'day');
    expect(texts(days)).toEqual(['Jul 19', 'Jul 20', 'Jul 21', 'Jul 22', 'Jul 23', 'Jul 24', 'Jul 25']);
    for (const t of wide.filter((x) => x.level === 'time')) expect(t.text).toMatch(/^\d\d:\d\d$/);
    const narrow = timeTicks(axis(...span, 400), measure);
    expect(narrow.length).toBeGreaterThanOrEqual(3);
    for (const t of narrow) expect(t.text).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
  });

  it('across a year (the export example, 2024-07-18 → 2025-12-02): months, and the year where it turns', () => {
    const ticks = timeTicks(axis(at('2024-07-18T23:57:02'), at('2025-12-02T02:39:29')), measure);
    expect(texts(ticks)).toContain('2025');
    expect(ticks.find((t) => t.text === '2025')!.ts).toBe(at('2025-01-01T00:00:00'));
    const months = ticks.filter((x) => x.level !== 'year');
    expect(months.length).toBeGreaterThanOrEqual(4);
    for (const t of months)
      expect(t.text).toBe(new Date(t.ts).toLocaleString('en-US', { month: 'short', timeZone: 'UTC' }));
  });

  it('an intraday view across New Year prints the year at midnight', () => {
    const ticks = timeTicks(axis(at('2024-12-31T20:00:00'), at('2025-01-01T04:00:00')), measure);
    expect(ticks.find((t) => t.ts === at('2025-01-01T00:00:00'))?.text).toBe('2025');
  });

  it('several years: one label per year (or every few years), never the same text twice', () => {
    const ticks = timeTicks(axis(at('2017-03-01T00:00:00'), at('2026-01-01T00:00:00'), 400), measure);
    for (const t of ticks) expect(t.text).toMatch(/^\d{4}$/);
    expect(new Set(texts(ticks)).size).toBe(ticks.length);
  });

  it('never overlap and never cross the axis ends, whatever the span and width', () => {
    const spans = [
      3_000,
      47_000,
      5 * 60_000,
      37 * 60_000,
      5 * 3600_000,
      26 * 3600_000,
      9 * 86_400_000,
      70 * 86_400_000,
      800 * 86_400_000,
      30 * 365 * 86_400_000,
    ];
    for (const width of [120, 333, 640, 900, 1850]) {
      for (const span of spans) {
        const from = at('2024-07-18T23:57:02') - span / 3;
        const ticks = timeTicks(axis(from, from + span, width), measure);
        expectReadable(ticks, width);
        if (width >= 333) expect(ticks.length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('picks the densest grid that fits: wider axes get more labels', () => {
    const span = axis(at('2024-07-18T10:00:00'), at('2024-07-18T18:00:00'));
    const narrow = timeTicks([{ ...span[0], x1: 300 }], measure);
    const wide = timeTicks([{ ...span[0], x1: 1800 }], measure);
    expect(wide.length).toBeGreaterThan(narrow.length);
  });
});

describe('an axis with breaks (segments)', () => {
  it('labels each segment on one grid; the first label after a break onto another day carries the date', () => {
    const segments: AxisSegment[] = [
      { from: at('2024-07-18T21:00:00'), to: at('2024-07-18T22:00:00'), x0: 0, x1: 450 },
      // The night is cut out: the axis continues at 09:00 the next day.
      { from: at('2024-07-19T09:00:00'), to: at('2024-07-19T10:00:00'), x0: 460, x1: 910 },
    ];
    const ticks = timeTicks(segments, measure);
    expectReadable(ticks, 910);
    const firstAfter = ticks.find((t) => t.ts >= segments[1].from)!;
    expect(firstAfter.text).toMatch(/^Jul 19 \d\d:\d\d$/);
    for (const t of ticks.filter((x) => x.ts < segments[1].from)) expect(t.text).toMatch(/^\d\d:\d\d$/);
    const second = ticks.filter((t) => t.ts >= segments[1].from)[1];
    expect(second.text).toMatch(/^\d\d:\d\d$/);
    // Positions follow each segment's own pixels.
    expect(firstAfter.x).toBeGreaterThanOrEqual(460);
  });

  it('after a break into another year the date carries the year', () => {
    const segments: AxisSegment[] = [
      { from: at('2024-12-30T10:00:00'), to: at('2024-12-30T12:00:00'), x0: 0, x1: 400 },
      { from: at('2025-01-02T10:00:00'), to: at('2025-01-02T12:00:00'), x0: 410, x1: 810 },
    ];
    const ticks = timeTicks(segments, measure);
    expect(ticks.find((t) => t.ts >= segments[1].from)!.text).toMatch(/^Jan 2 2025 \d\d:\d\d$/);
  });
});

describe('full date-time readout', () => {
  it('prints the year, the date and the time to the second (UTC)', () => {
    expect(formatDateTime(at('2024-07-18T23:57:02.450'))).toBe('2024-07-18 23:57:02');
    expect(formatDateTime(at('2025-12-02T02:39:29'))).toBe('2025-12-02 02:39:29');
  });
});
