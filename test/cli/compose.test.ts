import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCompose } from '../../src/cli/commands/compose.js';
import { parse } from '../../src/parser/parse.js';
import { createRegistry } from '../../src/registry/index.js';
import { check } from '../../src/typecheck/check.js';

const GOLDEN = relative(process.cwd(), join(import.meta.dirname, '..', 'fixtures', 'golden'));

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mecha-compose-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, 'utf8');
  return dir;
}

function run(file: string, params: string[], output?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCompose(file, { params, output, modelsDirs: [GOLDEN] }, { out: (t) => void out.push(t), err: (t) => void err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

const TEMPLATE = `version 1
# A template: a base, and the style to transplant onto it.
model base = "sd1-tiny/models/c" : sd1
param style : sd1

let out = add_difference(base, subtract(style, base), alpha=0.6)
output out
`;

const STYLE = `version 1
# the style: a mix of two models
model base = "sd1-tiny/models/a" : sd1
model b    = "sd1-tiny/models/b" : sd1
let mix = weighted_sum(base, b, alpha=0.3)
`;

/** The composed text checks clean (no host: names, types and architectures only). */
function expectClean(text: string): void {
  const result = check(parse(text).document, createRegistry(), undefined, { text });
  expect(result.diagnostics).toEqual([]);
}

describe('mechac compose', () => {
  test('a param filled with a model becomes a model of the same type', () => {
    const dir = workspace({ 't.mecha': TEMPLATE });
    const result = run(join(dir, 't.mecha'), ['style=sd1-tiny/models/b']);
    expect(result.code).toBe(0);
    expect(result.out).toBe(`version 1
# A template: a base, and the style to transplant onto it.
model base  = "sd1-tiny/models/c" : sd1
model style = "sd1-tiny/models/b" : sd1

let out = add_difference(base, subtract(style, base), alpha=0.6)
output out
`);
  });

  test("a param filled with a recipe: its output takes the param's name, its clashing names are renamed", () => {
    const dir = workspace({ 't.mecha': TEMPLATE, 'style.mecha': STYLE });
    const output = join(dir, 'out.mecha');
    const result = run(join(dir, 't.mecha'), [`style=${join(dir, 'style.mecha')}`], output);
    expect(result.code).toBe(0);
    expect(result.out).toBe('');
    const text = readFileSync(output, 'utf8');
    expect(text).toBe(`version 1
# A template: a base, and the style to transplant onto it.
model base   = "sd1-tiny/models/c" : sd1
# style: ${join(dir, 'style.mecha')}
# the style: a mix of two models
model base_2 = "sd1-tiny/models/a" : sd1
model b      = "sd1-tiny/models/b" : sd1
let style = weighted_sum(base_2, b, alpha=0.3)

let out = add_difference(base, subtract(style, base), alpha=0.6)
output out
`);
    expectClean(text);
  });

  test('an inserted recipe written `output <expression>` binds the expression; legacy recipes are converted', () => {
    const dir = workspace({
      't.mecha': 'parameter "a" "BASE" "sd1"\nparameter "b" "BASE" "sd1"\nmerge "weighted_sum" &0 &1 alpha=0.5\n',
      'a.mecha': 'version 1\nmodel x = "sd1-tiny/models/a" : sd1\nmodel y = "sd1-tiny/models/b" : sd1\noutput slerp(x, y, alpha=0.4)\n',
    });
    const result = run(join(dir, 't.mecha'), [`a=${join(dir, 'a.mecha')}`, 'b=sd1-tiny/models/c']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('let a = slerp(x, y, alpha=0.4)');
    expect(result.out).toContain('model b = "sd1-tiny/models/c" : sd1');
    expect(result.out.startsWith('version 1\n')).toBe(true);
    expectClean(result.out);
  });

  test('-p fills params of inserted recipes too; params left over are warned about', () => {
    const dir = workspace({
      't.mecha': TEMPLATE,
      'inner.mecha': 'version 1\nparam left : sd1\nparam right : sd1\nlet mix = weighted_sum(left, right)\n',
    });
    const result = run(join(dir, 't.mecha'), [`style=${join(dir, 'inner.mecha')}`, 'left=sd1-tiny/models/a']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('model left = "sd1-tiny/models/a" : sd1');
    expect(result.out).toContain('param right : sd1');
    expect(result.err).toContain("warning MECHA3016: param 'right' has no value");
  });

  test('an unknown param name is an error, with a did-you-mean', () => {
    const dir = workspace({ 't.mecha': TEMPLATE });
    const result = run(join(dir, 't.mecha'), ['stlye=sd1-tiny/models/b']);
    expect(result.code).toBe(1);
    expect(result.err).toContain("no param named 'stlye'");
    expect(result.err).toContain("did you mean 'style'?");
  });

  test('a recipe that fills itself, directly or not, is a cycle', () => {
    const dir = workspace({
      't.mecha': TEMPLATE,
      'loop.mecha': 'version 1\nparam style : sd1\nlet again = weighted_sum(style, style)\n',
    });
    const self = run(join(dir, 't.mecha'), [`style=${join(dir, 't.mecha')}`]);
    expect(self.code).toBe(1);
    expect(self.err).toContain('makes a cycle');
    const loop = run(join(dir, 't.mecha'), [`style=${join(dir, 'loop.mecha')}`]);
    expect(loop.code).toBe(1);
    expect(loop.err).toContain(`makes a cycle: ${join(dir, 'loop.mecha')} -> ${join(dir, 'loop.mecha')}`);
  });

  test('a composed recipe with errors is not written', () => {
    const dir = workspace({ 't.mecha': TEMPLATE });
    const output = join(dir, 'out.mecha');
    // The template says sd1; the file is sdxl.
    const result = run(join(dir, 't.mecha'), ['style=sdxl-tiny/models/a'], output);
    expect(result.code).toBe(1);
    expect(result.err).toContain('MECHA5004');
    expect(result.err).toContain('nothing was written');
    expect(existsSync(output)).toBe(false);
  });

  test('a recipe with errors stops the composition, its diagnostics shown', () => {
    const dir = workspace({ 't.mecha': TEMPLATE, 'bad.mecha': 'version 1\nlet x = weighted_sum(nope, nope)\n' });
    const result = run(join(dir, 't.mecha'), [`style=${join(dir, 'bad.mecha')}`]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("MECHA2001: cannot find name 'nope'");
  });

  test('-o naming a FIFO is refused before any work, and the FIFO is left as it was', () => {
    const dir = workspace({ 't.mecha': TEMPLATE });
    const fifo = join(dir, 'out.mecha');
    execFileSync('mkfifo', [fifo]);
    const result = run(join(dir, 't.mecha'), ['style=sd1-tiny/models/b'], fifo);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`mechac compose: nothing was written: ${fifo}: is a named pipe (FIFO), not a regular file; choose a file name\n`);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['out.mecha', 't.mecha']);
  });

  test('-o naming the template or a recipe filled in, by any path, is refused and leaves it untouched', () => {
    const dir = workspace({ 't.mecha': TEMPLATE, 'style.mecha': STYLE });
    const template = join(dir, 't.mecha');
    const style = join(dir, 'style.mecha');
    linkSync(template, join(dir, 'hard-link.mecha'));
    for (const output of [join(dir, 'sub', '..', 't.mecha'), join(dir, 'hard-link.mecha'), style]) {
      const result = run(template, [`style=${style}`], output);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/^mechac compose: nothing was written: .*: the output is the input ".*"; choose another output path\n$/);
    }
    expect(readFileSync(template, 'utf8')).toBe(TEMPLATE);
    expect(readFileSync(style, 'utf8')).toBe(STYLE);
  });

  test('usage errors: a malformed -p, a param given twice, a missing recipe', () => {
    const dir = workspace({ 't.mecha': TEMPLATE });
    expect(run(join(dir, 't.mecha'), ['style']).code).toBe(2);
    expect(run(join(dir, 't.mecha'), ['style=a', 'style=b']).code).toBe(2);
    const missing = run(join(dir, 'nope.mecha'), []);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file');
  });
});
