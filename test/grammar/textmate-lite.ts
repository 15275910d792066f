/**
 * Just enough of a TextMate tokenizer to test the grammar's patterns on single lines: `match` rules with
 * `captures`, `begin`/`end` rules with inner `patterns`, `include` of `#repository` entries. At each position the
 * earliest match wins, ties going to the first rule; inside a begin/end rule its `end` wins ties. Patterns are
 * run as JavaScript regular expressions, which the test also checks they are.
 */
export interface Rule {
  readonly name?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly captures?: Readonly<Record<string, { name?: string }>>;
  readonly beginCaptures?: Readonly<Record<string, { name?: string }>>;
  readonly endCaptures?: Readonly<Record<string, { name?: string }>>;
  readonly patterns?: readonly Rule[];
  readonly include?: string;
}

export interface Grammar {
  readonly scopeName: string;
  readonly patterns: readonly Rule[];
  readonly repository: Readonly<Record<string, Rule>>;
}

export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

type Captures = Readonly<Record<string, { name?: string }>> | undefined;

export function tokenizeLine(grammar: Grammar, line: string): Token[] {
  const scopes: string[][] = Array.from({ length: line.length }, () => [grammar.scopeName]);
  const flatten = (rules: readonly Rule[]): Rule[] =>
    rules.flatMap((rule) => {
      if (rule.include) {
        const target = grammar.repository[rule.include.replace(/^#/, '')];
        if (!target) throw new Error(`unknown include ${rule.include}`);
        return flatten([target]);
      }
      if (!rule.match && !rule.begin && rule.patterns) return flatten(rule.patterns);
      return [rule];
    });
  const mark = (from: number, to: number, scope: string | undefined): void => {
    if (!scope) return;
    for (let i = from; i < to; i++) scopes[i]!.push(scope);
  };
  const markCaptures = (match: RegExpExecArray, captures: Captures): void => {
    if (!captures) return;
    for (const [group, capture] of Object.entries(captures)) {
      const range = match.indices?.[Number(group)];
      if (range) mark(range[0], range[1], capture.name);
    }
  };
  const find = (source: string, from: number): RegExpExecArray | null => {
    const regex = new RegExp(source, 'gd');
    regex.lastIndex = from;
    return regex.exec(line);
  };

  const run = (rules: readonly Rule[], from: number, end: string | undefined, endCaptures: Captures, scope: string | undefined): number => {
    let pos = from;
    const candidates = flatten(rules);
    while (pos <= line.length) {
      let best: { rule: Rule | undefined; match: RegExpExecArray } | undefined;
      if (end !== undefined) {
        const match = find(end, pos);
        if (match) best = { rule: undefined, match };
      }
      for (const rule of candidates) {
        const match = find((rule.match ?? rule.begin)!, pos);
        if (match && (!best || match.index < best.match.index)) best = { rule, match };
      }
      if (!best) return line.length;
      const { rule, match } = best;
      const start = match.index;
      const stop = start + match[0].length;
      if (!rule) {
        mark(start, stop, scope);
        markCaptures(match, endCaptures);
        return stop;
      }
      mark(start, stop, rule.name);
      if (rule.match) {
        markCaptures(match, rule.captures);
        pos = stop > pos ? stop : pos + 1;
        continue;
      }
      markCaptures(match, rule.beginCaptures);
      const inner = run(rule.patterns ?? [], stop, rule.end, rule.endCaptures, rule.name);
      // The begin/end rule's scope covers everything up to its end.
      mark(stop, inner, rule.name);
      pos = inner > pos ? inner : pos + 1;
      if (pos >= line.length) return pos;
    }
    return pos;
  };
  run(grammar.patterns, 0, undefined, undefined, undefined);

  const tokens: Token[] = [];
  for (let i = 0; i < line.length; i++) {
    const last = tokens[tokens.length - 1];
    const here = [...new Set(scopes[i])];
    if (last && last.scopes.join(' ') === here.join(' ')) tokens[tokens.length - 1] = { text: last.text + line[i], scopes: last.scopes };
    else tokens.push({ text: line[i]!, scopes: here });
  }
  return tokens;
}
