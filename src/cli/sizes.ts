const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * `512M`, `2G`, `1.5g`, `512MiB`, `64 KB`, `65536` (bytes) -> bytes; undefined when it is not a size. Binary units;
 * a count of plain bytes must be whole. Strict: no exponents, signs, hex or repeated units.
 */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?|(b))?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? '').toLowerCase();
  if (unit === '' && match[1]!.includes('.')) return undefined;
  const bytes = Math.round(Number(match[1]) * UNITS[unit]!);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}

/**
 * A size as `parseSize` reads it, in the largest unit that keeps it at least 1 and rounded down to one decimal, so
 * that a limit shown to the user can be typed back and is still within it: `1M`, `23.5G`.
 */
export function formatSize(bytes: number): string {
  let unit = 0;
  while (unit < 4 && bytes >= 1024 ** (unit + 1)) unit++;
  const tenths = Math.floor((bytes / 1024 ** unit) * 10) / 10;
  return `${tenths}${['B', 'K', 'M', 'G', 'T'][unit]}`;
}
