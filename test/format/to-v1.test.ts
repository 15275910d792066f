import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import { convertToV1 } from '../../src/format/to-v1.js';
import { parse } from '../../src/parser/parse.js';
import { read } from './golden.js';

function convert(text: string) {
  return formatText(text, { to: 'v1' });
}

describe('legacy to v1', () => {
  test('incompatible_fusion reads as named steps', () => {
    const result = convert(read(join('test', 'fixtures', 'recipes', 'incompatible_fusion.mecha')));
    expect(result.text).toBe(
      [
        'version 1',
        'param a : sdxl',
        'param c',
        'param b',
        '',
        'let perpendicular = perpendicular_component(subtract(a, c), subtract(b, c))',
        'let added         = add_difference(a, perpendicular, alpha=1.0)',
        'let out           = rotate(added, a, alpha=1.0, beta=0.0)',
        '',
      ].join('\n'),
    );
  });

  test('a v1 recipe is only formatted', () => {
    const text = 'version 1\nmodel a="a":sd1\nlet out=f(a)\n';
    expect(convert(text).text).toBe('version 1\nmodel a = "a" : sd1\nlet out = f(a)\n');
    const parsed = parse(text);
    expect(convertToV1(parsed.document, text)).toEqual({ text, diagnostics: [] });
  });

  test('what v1 cannot say is reported on its line, and the text is kept', () => {
    const text =
      'version 0.1.0\nmodel "a" model_config="sd1-ldm" merge_space="weight"\n' +
      'dict model.diffusion_model.out.0.weight=0.5\nliteral &1 model_config="sd1-ldm" merge_space="param"\n' +
      'merge "weighted_sum" &0 &0 alpha=&2\n';
    const result = convert(text);
    expect(result.text).toBe(text);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual([2090, 2090]);
    expect(errors[0]!.message).toContain("'model.diffusion_model.out.0.weight'");
    expect(text.slice(errors[1]!.span.start, errors[1]!.span.end)).toBe('literal &1 model_config="sd1-ldm" merge_space="param"');
  });

  test('a method name v1 would read as something else is not converted', () => {
    const result = convert('model "a" "sd1" "base"\nmerge "default" &0\n');
    expect(result.diagnostics.map((d) => d.code)).toEqual([2090]);
  });

  test('reference errors stop the conversion', () => {
    const text = 'model "a" "sd1" "base"\nmerge "weighted_sum" &0 &3\n';
    const result = convert(text);
    expect(result.text).toBe(text);
    expect(result.diagnostics.map((d) => d.code)).toContain(2005);
  });

  test('parameter names are kept, since compose fills them by name', () => {
    const result = convert('parameter "style" "BASE" "sd1"\nmodel "style" "sd1" "base"\nmerge "weighted_sum" &1 &0\n');
    expect(result.text).toContain('param style : sd1');
    expect(result.text).toContain('model style_2 = "style" : sd1');
    expect(result.text).toContain('let out = weighted_sum(style_2, style)');
  });

  test('comments follow the line that now holds their statement', () => {
    const text =
      'version 0.1.0\n# inputs\nmodel "a" model_config="sd1-ldm" merge_space="weight"  # first\n' +
      'model "b" model_config="sd1-ldm" merge_space="weight"\n# the strength\ndict key=0.5\n' +
      'literal &2 model_config="singleton-mecha" merge_space="param"\nmerge "convert_singleton" &3\n' +
      'merge "weighted_sum" &0 &1 alpha=&4  # the merge\n# done\n';
    expect(convert(text).text).toBe(
      [
        'version 1',
        '# inputs',
        'model a = "a" : sd1  # first',
        'model b = "b" : sd1',
        '',
        '# the strength',
        'let out = weighted_sum(a, b, alpha=0.5)  # the merge',
        '# done',
        '',
      ].join('\n'),
    );
  });

  test('a dict used by two merges is bound once and named after its keyword', () => {
    const text = 'model "a" "sd1" "base"\nmodel "b" "sd1" "base"\ndict sd1_txt_default=1\nmerge "weighted_sum" &0 &1 alpha=&2\nmerge "weighted_sum" &3 &1 beta=&2\n';
    const result = convert(text).text;
    expect(result).toContain('let alpha = default(sd1.txt, 1)');
    expect(result).toContain('alpha=alpha');
    expect(result).toContain('beta=alpha');
  });
});
