import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, test } from 'vitest';
import { formatText } from '../../src/format/format.js';
import plugin, { languages, parsers, printers } from '../../src/format/plugin.js';
import { mechaFiles, read } from './golden.js';

describe('the Prettier plugin', () => {
  test('has the shape Prettier expects', () => {
    expect(languages[0]).toMatchObject({ name: 'mecha', parsers: ['mecha'], extensions: ['.mecha'] });
    expect(parsers['mecha']!.astFormat).toBe('mecha');
    expect(printers['mecha']).toBeDefined();
  });

  const cases = mechaFiles(join('test', 'fixtures', 'format')).filter(
    (f) => !f.endsWith('.expected.mecha') && !f.endsWith('.v1.mecha') && !f.includes('syntax-error'),
  );
  for (const file of cases) {
    test(`prints ${file} as mechac fmt does`, async () => {
      const text = read(file);
      const viaPrettier = await prettier.format(text, { filepath: file, plugins: [plugin], endOfLine: 'auto' });
      expect(viaPrettier).toBe(formatText(text).text);
    });
  }

  test('reports a syntax error with its location', async () => {
    const text = read(join('test', 'fixtures', 'format', 'syntax-error.mecha'));
    await expect(prettier.format(text, { parser: 'mecha', plugins: [plugin] })).rejects.toMatchObject({
      loc: { start: { line: 3 } },
    });
  });

  test('honours printWidth', async () => {
    const text = 'version 1\nlet out = weighted_sum(first_model, second_model, alpha=0.5)\n';
    const narrow = await prettier.format(text, { parser: 'mecha', plugins: [plugin], printWidth: 50 });
    expect(narrow).toBe('version 1\nlet out = weighted_sum(first_model, second_model,\n                       alpha=0.5)\n');
    await expect(prettier.check(narrow, { parser: 'mecha', plugins: [plugin], printWidth: 50 })).resolves.toBe(true);
  });
});
