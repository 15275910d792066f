import { InvalidArgumentError } from 'commander';
import { describe, expect, test } from 'vitest';
import { sizeOption, wholeNumberOption } from '../../src/cli/option-values.js';
import { formatSize, parseSize } from '../../src/cli/sizes.js';

describe('wholeNumberOption', () => {
  const threads = wholeNumberOption('--threads', { min: 0, max: 64 });

  test('digits within the range, both ends included', () => {
    expect(threads('0')).toBe(0);
    expect(threads('64')).toBe(64);
    expect(threads('007')).toBe(7);
  });

  test.each(['1e3', '1.5', '-1', 'abc', '', ' ', '0x10', '+3', '3.0', '1_0', 'Infinity', '65', '99999', '9'.repeat(400)])(
    "refuses '%s', stating the range",
    (value) => {
      expect(() => threads(value)).toThrow(InvalidArgumentError);
      expect(() => threads(value)).toThrow('--threads takes a whole number from 0 to 64.');
    },
  );
});

describe('parseSize (strict)', () => {
  test.each([
    ['512M', 512 * 1024 ** 2],
    ['512MiB', 512 * 1024 ** 2],
    ['512mb', 512 * 1024 ** 2],
    ['1.5g', 1.5 * 1024 ** 3],
    ['64 KB', 64 * 1024],
    ['2T', 2 * 1024 ** 4],
    ['100B', 100],
    ['65536', 65536],
  ])("'%s' is %d bytes", (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  test.each(['1e3', '-1M', '+1M', '0x10', '1.5', '1.5B', '5bb', '1bib', '1ib', '1MM', 'M', '.5G', '1.G', '0', '0.0001K', ''])("'%s' is not a size", (text) => {
    expect(parseSize(text)).toBeUndefined();
  });
});

describe('formatSize', () => {
  test('the largest unit, rounded down so that the result parses back within the value', () => {
    expect(formatSize(1024 ** 2)).toBe('1M');
    expect(formatSize(512 * 1024 ** 2)).toBe('512M');
    expect(formatSize(1023)).toBe('1023B');
    expect(formatSize(1.99 * 1024 ** 3)).toBe('1.9G');
    for (const bytes of [1, 1023, 1024, 25_276_157_952, 2 ** 40 - 1, 2 ** 45]) {
      const back = parseSize(formatSize(bytes))!;
      expect(back).toBeLessThanOrEqual(bytes);
      expect(back).toBeGreaterThan(bytes * 0.9);
    }
  });
});

describe('sizeOption', () => {
  const budget = sizeOption('--memory-budget', { min: 1024 ** 2, max: 8 * 1024 ** 3 });

  test('sizes within the range', () => {
    expect(budget('1M')).toBe(1024 ** 2);
    expect(budget('8G')).toBe(8 * 1024 ** 3);
    expect(budget('512M')).toBe(512 * 1024 ** 2);
  });

  test.each(['9999999999T', '8.1G', '1023K', '0', '', 'lots', '1e3', '-1'])("refuses '%s', stating the range in sizes", (value) => {
    expect(() => budget(value)).toThrow('--memory-budget takes a size from 1M to 8G, such as 512M or 2G.');
  });
});
