import type { ComponentData } from './architecture-data.js';

/** A block of one component: its keys start with one of `prefixes` followed by a `.` or the end of the key. */
export interface BlockDefinition {
  readonly name: string;
  readonly prefixes: readonly string[];
}

const WILDCARD = '*';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
    const first = list[0] ?? '';
    const firstRe = new RegExp(
      `^${escapeRegExp(prefix)}\\.${escapeRegExp(first).replace(escapeRegExp(WILDCARD), '(\\w+)')}`,
    );
    return { shorthand, list, firstRe, wild: first.includes(WILDCARD) };
  });

  const keys = [...mergedKeys];
  const blocks = new Map<string, BlockDefinition>();
  for (const entry of entries) {
    for (const key of keys) {
      const match = entry.firstRe.exec(key);
      if (!match) continue;
      const id = entry.wild ? match[1]! : '';
      const name = entry.shorthand.replace(WILDCARD, id);
      if (blocks.has(name)) continue;
      blocks.set(name, { name, prefixes: entry.list.map((p) => `${prefix}.${p.replace(WILDCARD, id)}`) });
    }
  }
  return [...blocks.values()];
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
  const re = new RegExp(`^${pattern.split(WILDCARD).map(escapeRegExp).join('.*')}$`);
  return names.filter((n) => re.test(n));
}
