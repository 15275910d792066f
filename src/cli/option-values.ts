import { InvalidArgumentError } from 'commander';
import { formatSize, parseSize } from './sizes.js';

/** The values a numeric option accepts, both ends included. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/**
 * A commander parser for an option taking a whole number within `range`: digits only, so `1e3`, `1.5`, `-1`, `0x10`
 * and an empty value are refused (a usage error, exit 2) with a message that states the range.
 */
export function wholeNumberOption(flag: string, range: Range): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!(n >= range.min && n <= range.max)) throw new InvalidArgumentError(`${flag} takes a whole number from ${range.min} to ${range.max}.`);
    return n;
  };
}

/**
 * A commander parser for an option taking a size (`512M`, `2G`) within `range`; the message states the range in
 * sizes the option reads back.
 */
export function sizeOption(flag: string, range: Range): (value: string) => number {
  return (value) => {
    const bytes = parseSize(value);
    if (bytes === undefined || bytes < range.min || bytes > range.max) {
      throw new InvalidArgumentError(`${flag} takes a size from ${formatSize(range.min)} to ${formatSize(range.max)}, such as 512M or 2G.`);
    }
    return bytes;
  };
}
