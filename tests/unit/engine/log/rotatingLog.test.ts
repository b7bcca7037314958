import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRotatingLog, teeConsole, type ConsoleLike } from '../../../../src/engine/log/rotatingLog';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tickscope-log-'));
  dirs.push(d);
  return d;
};
const fixedNow = () => new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678));

describe('rotating log', () => {
  it('appends timestamped, levelled lines, creating the folder', () => {
    const file = join(tempDir(), 'logs', 'tickscope.log');
    const log = openRotatingLog({ file, now: fixedNow });
    log.info('engine started');
    log.error('feed failed\nstack line');
    log.close();
    expect(readFileSync(file, 'utf8')).toBe(
      '2025-01-02T03:04:05.678Z INFO  engine started\n2025-01-02T03:04:05.678Z ERROR feed failed\n    stack line\n',
    );
  });

  it('appends to an existing file across restarts and counts its size', () => {
    const file = join(tempDir(), 'a.log');
    writeFileSync(file, 'x'.repeat(90) + '\n');
    const log = openRotatingLog({ file, maxBytes: 100, now: fixedNow });
    log.info('this line does not fit');
    log.close();
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('x'.repeat(90) + '\n');
    expect(readFileSync(file, 'utf8')).toContain('this line does not fit');
  });

  it('rotates by size and keeps only N old files, newest in .1', () => {
    const dir = tempDir();
    const file = join(dir, 'tickscope.log');
    const log = openRotatingLog({ file, maxBytes: 200, keep: 2, now: fixedNow });
    // Each line ("2025-…Z INFO  msg-NN\n") is 38 bytes: 5 fit in 200, the 6th rotates.
    for (let i = 0; i < 23; i++) log.info(`msg-${String(i).padStart(2, '0')}`);
    log.close();
    expect(readdirSync(dir).sort()).toEqual(['tickscope.log', 'tickscope.log.1', 'tickscope.log.2']);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(200);
    const lines = (f: string) =>
      readFileSync(join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.slice(-6));
    expect(lines('tickscope.log')).toEqual(['msg-20', 'msg-21', 'msg-22']);
    expect(lines('tickscope.log.1')).toEqual(['msg-15', 'msg-16', 'msg-17', 'msg-18', 'msg-19']);
    expect(lines('tickscope.log.2')).toEqual(['msg-10', 'msg-11', 'msg-12', 'msg-13', 'msg-14']);
  });

  it('a line longer than the limit is still written, alone in its file', () => {
    const file = join(tempDir(), 't.log');
    const log = openRotatingLog({ file, maxBytes: 50, keep: 1, now: fixedNow });
    log.info('short');
    log.info('y'.repeat(120));
    log.close();
    expect(readFileSync(file, 'utf8')).toContain('y'.repeat(120));
    expect(readFileSync(`${file}.1`, 'utf8')).toContain('short');
  });

  it('writes after close are ignored, not thrown', () => {
    const file = join(tempDir(), 'c.log');
    const log = openRotatingLog({ file, now: fixedNow });
    log.close();
    expect(() => log.warn('late')).not.toThrow();
    expect(existsSync(file) && readFileSync(file, 'utf8')).toBe('');
  });

  it('teeConsole copies console output into the log and restores the console on dispose', () => {
    const file = join(tempDir(), 'tee.log');
    const log = openRotatingLog({ file, now: fixedNow });
    const seen: unknown[][] = [];
    const target: ConsoleLike = {
      log: (...a) => seen.push(a),
      info: (...a) => seen.push(a),
      warn: (...a) => seen.push(a),
      error: (...a) => seen.push(a),
    };
    const original = target.error;
    const tee = teeConsole(log, target);
    target.error('storing ticks failed: %s', 'SQLITE_FULL');
    target.log({ n: 1 });
    tee.dispose();
    target.warn('after dispose');
    log.close();
    expect(target.error).toBe(original);
    expect(seen).toHaveLength(3);
    expect(readFileSync(file, 'utf8')).toBe(
      '2025-01-02T03:04:05.678Z ERROR storing ticks failed: SQLITE_FULL\n2025-01-02T03:04:05.678Z INFO  { n: 1 }\n',
    );
  });
});
