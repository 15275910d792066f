import { describe, expect, test, vi } from 'vitest';
import { formatDuration, ProgressDisplay, shortenKey } from '../../src/cli/progress.js';
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
    let now = 1000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    const display = new ProgressDisplay(stream, true);
    now += 2000; // 2 s for 5 MiB: 2.5 MiB/s, 2 s to go
    display.update(progress(5, 'model.diffusion_model.out.2.weight'));
    clock.mockRestore();
    expect(written).toHaveLength(1);
    expect(written[0]).toBe('\r\x1b[2K 50% 5/10 keys  2.5 MiB/s  ETA 2.0s  model.diffusion_model.out.2.weight [320, 320, 3, 3]');
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

  test('the first frame shows no ETA guessed from start-up; the last no rate that the summary would contradict', () => {
    const { stream, written } = fakeTerminal();
    const display = new ProgressDisplay(stream, true);
    display.update(progress(1, 'first'));
    expect(written[0]).toContain('ETA …');
    expect(written[0]).not.toMatch(/\/s/);
    display.update(progress(10, 'last'));
    expect(written[1]).toContain('10/10 keys  finishing the file');
    expect(written[1]).not.toMatch(/\/s|ETA/);
  });

  test('at 80 columns a UNet key keeps its block and its end', () => {
    const { stream, written } = fakeTerminal(80);
    const key = 'model.diffusion_model.input_blocks.4.1.transformer_blocks.0.attn1.to_q.weight';
    new ProgressDisplay(stream, true).update({ ...progress(3, key), shape: [640, 640] });
    const line = written[0]!.replace('\r\x1b[2K', '');
    expect(line.length).toBeLessThan(80);
    expect(line).toMatch(/…input_blocks\.4.*to_q\.weight \[640, 640\]$/);
  });

  test('a terminal that reports zero columns is drawn as a wide one, and a narrow one is never overrun', () => {
    for (const columns of [0, 12, 30]) {
      const { stream, written } = fakeTerminal(columns);
      new ProgressDisplay(stream, true).update(progress(3, 'model.diffusion_model.output_blocks.2.1.conv.weight'));
      const line = written[0]!.replace('\r\x1b[2K', '');
      expect(line.length).toBeLessThan(columns === 0 ? 100 : columns);
      expect(line.length).toBeGreaterThan(0);
    }
  });

  test('shortenKey fits the room and keeps short keys whole', () => {
    const key = 'model.diffusion_model.input_blocks.4.1.transformer_blocks.0.attn1.to_q.weight';
    for (let room = 16; room < 90; room++) expect(shortenKey(key, room).length).toBeLessThanOrEqual(room);
    expect(shortenKey('short.weight', 20)).toBe('short.weight');
    expect(shortenKey(key, 27)).toBe('…input_blocks.4…to_q.weight');
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
    expect(formatDuration(4439.7)).toBe('74m00s'); // never 73m60s
    expect(formatDuration(59.7)).toBe('1m00s');
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
