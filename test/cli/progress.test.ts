import { describe, expect, test } from 'vitest';
import { formatDuration, ProgressDisplay } from '../../src/cli/progress.js';
import { parseSize } from '../../src/cli/sizes.js';

function fakeTerminal(columns = 100): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { columns, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

const progress = (keysDone: number, key: string) => ({
  keysDone,
  keysTotal: 10,
  bytesDone: keysDone * 1024 * 1024,
  bytesTotal: 10 * 1024 * 1024,
  key,
  shape: [320, 320, 3, 3],
});

describe('ProgressDisplay', () => {
  test('on a terminal: percent, keys, rate, ETA and the current key with its shape, on one redrawn line', () => {
    const { stream, written } = fakeTerminal();
    const display = new ProgressDisplay(stream, true);
    display.update(progress(10, 'model.diffusion_model.out.2.weight'));
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\r\x1b\[2K100% 10\/10 keys  .*\/s  ETA .*model\.diffusion_model\.out\.2\.weight \[320, 320, 3, 3\]$/);
    display.clear();
    expect(written[1]).toBe('\r\x1b[2K');
  });

  test('redraws at most ten times a second, but always the last key', () => {
    const { stream, written } = fakeTerminal();
    const display = new ProgressDisplay(stream, true);
    for (let i = 1; i < 10; i++) display.update(progress(i, `key${i}`));
    expect(written).toHaveLength(1);
    display.update(progress(10, 'last'));
    expect(written).toHaveLength(2);
  });

  test('keeps the end of a long key name within the terminal width', () => {
    const { stream, written } = fakeTerminal(80);
    new ProgressDisplay(stream, true).update(progress(10, 'x'.repeat(200) + '.weight'));
    const line = written[0]!.replace('\r\x1b[2K', '');
    expect(line.length).toBeLessThanOrEqual(80);
    expect(line).toMatch(/…x+\.weight \[320, 320, 3, 3\]$/);
  });

  test('prints nothing when not on a terminal', () => {
    const { stream, written } = fakeTerminal();
    const display = new ProgressDisplay(stream, false);
    display.update(progress(10, 'k'));
    display.clear();
    expect(written).toEqual([]);
  });

  test('durations', () => {
    expect(formatDuration(3.25)).toBe('3.3s');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(Infinity)).toBe('?');
  });
});

describe('parseSize', () => {
  test('binary units, case-insensitive, with or without B', () => {
    expect(parseSize('512M')).toBe(512 * 1024 ** 2);
    expect(parseSize('2g')).toBe(2 * 1024 ** 3);
    expect(parseSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('65536')).toBe(65536);
    expect(parseSize('64 KB')).toBe(64 * 1024);
  });

  test('anything else is not a size', () => {
    for (const bad of ['', 'lots', '-1M', '0', '1X', 'M']) expect(parseSize(bad), bad).toBeUndefined();
  });
});
