import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenizeLine, type Grammar, type Rule } from './textmate-lite.js';

const grammar = JSON.parse(readFileSync(join('grammar', 'mecha.tmLanguage.json'), 'utf8')) as Grammar;
const configuration = JSON.parse(readFileSync(join('grammar', 'language-configuration.json'), 'utf8')) as {
  comments: { lineComment: string };
  brackets: string[][];
  autoClosingPairs: { open: string; close: string }[];
  wordPattern: string;
};

/** The scopes of the token where `fragment` (its `nth` occurrence) starts. */
function scopesAt(line: string, fragment: string, nth = 0): readonly string[] {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = line.indexOf(fragment, at + 1);
  if (at < 0) throw new Error(`'${fragment}' not in '${line}'`);
  let offset = 0;
  for (const token of tokenizeLine(grammar, line)) {
    if (at < offset + token.text.length) return token.scopes;
    offset += token.text.length;
  }
  throw new Error('unreachable');
}

function expectScope(line: string, fragment: string, scope: string, nth = 0): void {
  expect(scopesAt(line, fragment, nth), `'${fragment}' in '${line}'`).toContain(scope);
}

function expectNoScope(line: string, fragment: string, scope: string): void {
  expect(scopesAt(line, fragment), `'${fragment}' in '${line}'`).not.toContain(scope);
}

describe('mecha.tmLanguage.json', () => {
  test('is a TextMate grammar for source.mecha whose patterns all compile', () => {
    expect(grammar.scopeName).toBe('source.mecha');
    const rules: Rule[] = [...grammar.patterns, ...Object.values(grammar.repository)];
    const visit = (rule: Rule): void => {
      for (const source of [rule.match, rule.begin, rule.end]) if (source) expect(() => new RegExp(source)).not.toThrow();
      rule.patterns?.forEach(visit);
      if (rule.include) expect(grammar.repository[rule.include.slice(1)], rule.include).toBeDefined();
    };
    rules.forEach(visit);
  });

  test('v1 declarations, types and comments', () => {
    const line = 'model base  = "v1-5-pruned" : sd1 delta  # the base';
    expectScope(line, 'model', 'storage.type.declaration.mecha');
    expectScope(line, 'base', 'entity.name.variable.mecha');
    expectScope(line, '=', 'keyword.operator.assignment.mecha');
    expectScope(line, 'v1-5', 'string.quoted.double.mecha');
    expectScope(line, 'sd1', 'entity.name.type.architecture.mecha');
    expectScope(line, 'delta', 'storage.modifier.space.mecha');
    expectScope(line, 'the base', 'comment.line.number-sign.mecha');
    expectScope('param style : sdxl', 'style', 'entity.name.variable.mecha');
    expectScope('param style : sdxl', 'sdxl', 'entity.name.type.architecture.mecha');
    expectScope('output out', 'output', 'keyword.other.output.mecha');
    expectScope('version 1', 'version', 'keyword.other.version.mecha');
    expectScope('version 0.1.0', '0.1.0', 'constant.numeric.version.mecha');
  });

  test('calls, keyword arguments and values', () => {
    const line = 'let out = weighted_sum(a, "other", alpha=0.5, k=-1e-6, on=true, off=null)';
    expectScope(line, 'weighted_sum', 'entity.name.function.mecha');
    expectScope(line, 'a,', 'variable.other.mecha');
    expectScope(line, 'alpha', 'variable.parameter.keyword.mecha');
    expectScope(line, '0.5', 'constant.numeric.mecha');
    expectScope(line, '-1e-6', 'constant.numeric.mecha');
    expectScope(line, 'true', 'constant.language.mecha');
    expectScope(line, 'null', 'constant.language.mecha');
    expectScope(line, '(', 'punctuation.section.parens.begin.mecha');
    expectNoScope('let v1_5 = f(x)', 'v1_5', 'constant.numeric.mecha');
  });

  test('hyper maps: builders, components, wildcards and the | operator', () => {
    const line = 'let mix = default(sd1, 0.33) | blocks(sd1.unet, in2=0.75, out*=0.1)';
    expectScope(line, 'default', 'support.function.builtin.mecha');
    expectScope(line, 'sd1,', 'entity.name.type.architecture.mecha');
    expectScope(line, 'blocks', 'support.function.builtin.mecha');
    expectScope(line, '|', 'keyword.operator.pipe.mecha');
    expectScope(line, 'sd1.unet', 'entity.name.type.architecture.mecha');
    expectScope(line, 'unet', 'variable.other.property.component.mecha');
    expectScope(line, 'out*', 'variable.parameter.keyword.mecha');
  });

  test('strings and their escapes', () => {
    const line = 'model a = "with \\"quotes\\" and \\\\ and \\q"';
    expectScope(line, '\\"', 'constant.character.escape.mecha');
    expectScope(line, '\\\\', 'constant.character.escape.mecha');
    expectScope(line, '\\q', 'invalid.illegal.escape.mecha');
    expectScope(line, 'quotes', 'string.quoted.double.mecha');
    expectNoScope('model a = "x # not a comment"', '# not', 'comment.line.number-sign.mecha');
  });

  test('legacy lines: commands, references, dict keys', () => {
    const merge = 'merge "weighted_sum" &0 &12 alpha=&3';
    expectScope(merge, 'merge', 'keyword.other.command.mecha');
    expectScope(merge, 'weighted_sum', 'string.quoted.double.mecha');
    expectScope(merge, '&12', 'variable.other.reference.mecha');
    expectScope(merge, 'alpha', 'variable.parameter.keyword.mecha');
    expectScope('model "a" "sd1" "base"', 'model', 'keyword.other.command.mecha');
    const dict = 'dict sd1_unet_block_in2=0.75 sd1_txt_default=0.5';
    expectScope(dict, 'dict', 'keyword.other.command.mecha');
    expectScope(dict, 'sd1_unet_block_in2', 'variable.parameter.keyword.mecha');
    expectScope('literal &2 model_config="singleton-mecha" merge_space="param"', 'literal', 'keyword.other.command.mecha');
  });

  test('legacy command words are plain names in v1 code', () => {
    const line = 'let merge = dict';
    expectScope(line, 'merge', 'entity.name.variable.mecha');
    expectNoScope(line, 'dict', 'keyword.other.command.mecha');
  });
});

describe('language-configuration.json', () => {
  test('comments, brackets and pairs', () => {
    expect(configuration.comments.lineComment).toBe('#');
    expect(configuration.brackets).toContainEqual(['(', ')']);
    expect(configuration.autoClosingPairs.map((p) => p.open)).toEqual(expect.arrayContaining(['(', '"']));
  });

  test('the word pattern selects names, wildcards and references whole', () => {
    const word = new RegExp(configuration.wordPattern, 'g');
    expect('let out = weighted_sum(a, out*=0.1, x=&12)'.match(word)).toEqual(
      expect.arrayContaining(['weighted_sum', 'out*', '&12']),
    );
  });
});
