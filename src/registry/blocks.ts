import { globMatcher, WILDCARD } from '../text/glob.js';
import type { ComponentData } from './architecture-data.js';

/** A block of one component: its keys start with one of `prefixes` followed by a `.` or the end of the key. */
export interface BlockDefinition {
  readonly name: string;
  readonly prefixes: readonly string[];
}

function asList(patterns: string | readonly string[]): readonly string[] {
  return typeof patterns === 'string' ? [patterns] : patterns;
}

/**
 * Finds the blocks of a component the way sd-mecha 0.0.x did: for each entry in order, the first pattern is
 * matched against the merged keys; a wildcard entry makes one block per distinct id its `*` matched (a run of
 * word characters), a plain entry one block if any key matched. A block an earlier entry already made keeps its
 * earlier patterns. Each block's patterns match a key from its start up to a `.` or the key's end.
 */
export function discoverBlocks(component: ComponentData, mergedKeys: Iterable<string>): BlockDefinition[] {
  const prefix = component.prefix;
  const entries = Object.entries(component.blocks).map(([shorthand, patterns]) => {
    const list = asList(patterns);
    return { shorthand, list, match: firstPatternMatcher(`${prefix}.`, list[0] ?? '') };
  });

  const keys = [...mergedKeys];
  const blocks = new Map<string, BlockDefinition>();
  for (const entry of entries) {
    for (const key of keys) {
      const id = entry.match(key);
      if (id === undefined) continue;
      const name = entry.shorthand.replace(WILDCARD, id);
      if (blocks.has(name)) continue;
      blocks.set(name, { name, prefixes: entry.list.map((p) => `${prefix}.${p.replace(WILDCARD, id)}`) });
    }
  }
  return [...blocks.values()];
}

/**
 * Matches the start of a key against an entry's first pattern after the component's prefix: text as written,
 * where the first `*` takes a run of word characters (the block's id, returned: the longest run that the rest of
 * the pattern follows). Without a `*` the id is ''. A further `*` is taken literally, as sd-mecha did.
 */
function firstPatternMatcher(prefix: string, pattern: string): (key: string) => string | undefined {
  const star = pattern.indexOf(WILDCARD);
  if (star < 0) return (key) => (key.startsWith(prefix + pattern) ? '' : undefined);
  const head = prefix + pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return (key) => {
    if (!key.startsWith(head)) return undefined;
    let runEnd = head.length;
    while (runEnd < key.length && isWordCharacter(key.charCodeAt(runEnd))) runEnd++;
    for (let end = runEnd; end > head.length; end--) {
      if (key.startsWith(tail, end)) return key.slice(head.length, end);
    }
    return undefined;
  };
}

/** `\w`: ASCII letters, digits and `_`. */
function isWordCharacter(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95
  );
}

/**
 * A function from a key to the names of the blocks it belongs to, in the order of `blocks`. It looks up the
 * dot-delimited heads of the key (`a`, `a.b`, `a.b.c`, ...) in a table, so its cost does not grow with the number
 * of blocks.
 */
export function blockMatcher(blocks: readonly BlockDefinition[]): (key: string) => string[] {
  const byPrefix = new Map<string, number[]>();
  // Only heads with as many segments as some prefix can match; the others need not be looked up.
  let minSegments = Number.POSITIVE_INFINITY;
  let maxSegments = 0;
  blocks.forEach((block, i) => {
    for (const p of block.prefixes) {
      const list = byPrefix.get(p);
      if (list) list.push(i);
      else byPrefix.set(p, [i]);
      const segments = p.split('.').length;
      minSegments = Math.min(minSegments, segments);
      maxSegments = Math.max(maxSegments, segments);
    }
  });
  return (key) => {
    let hits: number[] | undefined;
    let segments = 0;
    for (let dot = key.indexOf('.'); segments < maxSegments; dot = key.indexOf('.', dot + 1)) {
      segments++;
      if (segments >= minSegments) {
        const found = byPrefix.get(dot < 0 ? key : key.slice(0, dot));
        if (found) hits = hits ? [...hits, ...found] : found;
      }
      if (dot < 0) break;
    }
    if (!hits) return [];
    return [...new Set(hits)].sort((x, y) => x - y).map((i) => blocks[i]!.name);
  };
}

/** The names of the blocks `key` belongs to, in the order of `blocks`. */
export function blocksOfKey(key: string, blocks: readonly BlockDefinition[]): string[] {
  return blockMatcher(blocks)(key);
}

/** Block names matching a pattern where `*` stands for any run of characters (`out*`, `in1*`). */
export function matchBlockPattern(pattern: string, names: readonly string[]): string[] {
  if (!pattern.includes(WILDCARD)) return names.includes(pattern) ? [pattern] : [];
  const matches = globMatcher(pattern);
  return names.filter(matches);
}
