import { describe, expect, test } from 'vitest';
import { createDiagnostic, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { SYNTAX } from '../../src/diagnostics/codes/syntax.js';
import { formatCode, renderBaseline, renderDiagnostic, renderDiagnostics } from '../../src/diagnostics/render.js';

function at(start: number, end: number, extra: Partial<Diagnostic> = {}): Diagnostic {
  return {
    ...createDiagnostic(SYNTAX.UnexpectedToken, { start, end }, { found: "name 'b'", where: 'here' }),
    ...extra,
  };
}

describe('renderDiagnostic', () => {
  const text = 'version 1\nlet a = x b\n';

  test('location, severity, code and message, then the line with a marker under the range', () => {
    expect(renderDiagnostic(at(20, 21), text, 'r.mecha')).toBe(
      ["r.mecha:2:11 - error MECHA1013: unexpected name 'b' here", '', '  2 | let a = x b', '    |           ^'].join(
        '\n',
      ),
    );
  });

  test('a longer range is marked ^~~~', () => {
    const lines = renderDiagnostic(at(10, 13), text, 'r.mecha').split('\n');
    expect(lines[3]).toBe('    | ^~~');
  });

  test('help and fix titles follow the frame', () => {
    const d = at(20, 21, { help: 'remove it', fixes: [{ title: "Remove 'b'", edits: [] }] });
    expect(renderDiagnostic(d, text, 'r.mecha').split('\n').slice(4)).toEqual([
      '  help: remove it',
      "  fix: Remove 'b'",
    ]);
  });

  test('an empty range gets a single caret, also at the end of a line', () => {
    const lines = renderDiagnostic(at(21, 21), text, 'r.mecha').split('\n');
    expect(lines[1 + 1]).toBe('  2 | let a = x b');
    expect(lines[3]).toBe('    |            ^');
  });

  test('a range over several lines is marked to the end of its first line', () => {
    const lines = renderDiagnostic(at(14, text.length), text, 'r.mecha').split('\n');
    expect(lines[3]).toBe('    |     ^~~~~~~');
  });

  test('tabs are shown as four spaces and the marker stays under its column', () => {
    const tabbed = 'let a =\tf(\tb)';
    const lines = renderDiagnostic(at(11, 12), tabbed, 'r.mecha').split('\n');
    expect(lines[0]).toContain('r.mecha:1:12');
    expect(lines[2]).toBe('  1 | let a =    f(    b)');
    expect(lines[3]).toBe('    |                  ^');
  });

  test('the gutter widens with the line number', () => {
    const many = 'x\n'.repeat(120) + 'let a = 1';
    const start = many.length - 1;
    const lines = renderDiagnostic(at(start, start + 1), many, 'r.mecha').split('\n');
    expect(lines[2]).toBe('  121 | let a = 1');
    expect(lines[3]).toBe('      |         ^');
  });

  test('long lines are cut to a window around the range', () => {
    const long = 'let a = f(' + 'x, '.repeat(200) + 'oops)';
    const start = long.indexOf('oops');
    const lines = renderDiagnostic(at(start, start + 4), long, 'r.mecha').split('\n');
    expect(lines[2]!.length).toBeLessThan(140);
    expect(lines[2]).toMatch(/^ {2}1 \| …/);
    const caret = lines[3]!.indexOf('^');
    expect(lines[2]!.slice(caret, caret + 4)).toBe('oops');
  });

  test('control characters are made visible instead of printed', () => {
    const lines = renderDiagnostic(at(2, 3), 'a\x1bb\x07', 'r.mecha').split('\n');
    expect(lines[2]).toBe('  1 | a\uFFFDb\uFFFD');
  });

  test('warnings and infos say so', () => {
    expect(renderDiagnostic(at(0, 1, { severity: 'warning' }), text, 'r.mecha')).toContain(' - warning MECHA1013:');
    expect(renderDiagnostic(at(0, 1, { severity: 'info' }), text, 'r.mecha')).toContain(' - info MECHA1013:');
  });

  test('colour is off by default and uses ANSI codes when asked', () => {
    expect(renderDiagnostic(at(0, 1), text, 'r.mecha')).not.toContain('\x1b[');
    const coloured = renderDiagnostic(at(0, 1), text, 'r.mecha', { color: true });
    expect(coloured).toContain('\x1b[31m');
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(renderDiagnostic(at(0, 1), text, 'r.mecha'));
  });

  test('positions in an empty text and at its very end', () => {
    expect(renderDiagnostic(at(0, 0), '', 'e.mecha').split('\n')[0]).toBe(
      "e.mecha:1:1 - error MECHA1013: unexpected name 'b' here",
    );
    expect(renderDiagnostic(at(4, 4), 'a\nb\n', 'e.mecha').split('\n')[0]).toContain('e.mecha:3:1');
  });
});

describe('renderDiagnostics', () => {
  test('joins diagnostics with a blank line, in the given order, and ends with a newline', () => {
    const text = 'a b c';
    const out = renderDiagnostics([at(4, 5), at(2, 3)], text, 'r.mecha');
    expect(out.endsWith('\n')).toBe(true);
    const headers = out.split('\n').filter((l) => l.startsWith('r.mecha:'));
    expect(headers.map((h) => h.split(' ')[0])).toEqual(['r.mecha:1:5', 'r.mecha:1:3']);
    expect(out).toContain('^\n\nr.mecha:1:3');
  });

  test('nothing to render is an empty string', () => {
    expect(renderDiagnostics([], 'x', 'r.mecha')).toBe('');
  });
});

describe('renderBaseline', () => {
  test('echoes the source with ~ under each range and the code and message after the line', () => {
    const text = 'let a = x b\nlet c = d\n';
    const out = renderBaseline([at(10, 11)], text, 'r.mecha');
    expect(out.split('==== r.mecha (1 error) ====\n')[1]).toBe(
      [
        '    let a = x b',
        '              ~',
        "!!! error MECHA1013: unexpected name 'b' here",
        '    let c = d',
        '',
        '',
      ].join('\n'),
    );
  });

  test('a range over several lines is underlined on each', () => {
    const text = 'f(a,\n  b\n';
    const out = renderBaseline([at(1, 8)], text, 'r.mecha');
    expect(out.split('====\n')[1]).toBe(
      ['    f(a,', '     ~~~', "!!! error MECHA1013: unexpected name 'b' here", '      b', '    ~~~', '', ''].join(
        '\n',
      ),
    );
  });

  test('without diagnostics it is only the echoed source', () => {
    expect(renderBaseline([], 'a\n', 'r.mecha')).toBe('==== r.mecha (0 errors) ====\n    a\n\n');
  });
});

test('codes are printed as MECHA followed by the number', () => {
  expect(formatCode(1001)).toBe('MECHA1001');
});
