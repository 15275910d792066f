import fc from 'fast-check';

/** Pieces of every dialect plus junk; random sequences of them reach the parser's corners. */
export const PIECES = [
  'version',
  'model',
  'param',
  'let',
  'output',
  'merge',
  'parameter',
  'dict',
  'literal',
  'true',
  'false',
  'null',
  'sd1',
  'unet',
  'weighted_sum',
  'alpha',
  'out*',
  'in2',
  'a',
  'b',
  '0',
  '1',
  '0.5',
  '-1',
  '1e-6',
  '.5',
  '0.1.0',
  '12abc',
  '"x"',
  '"a\\"b"',
  '"C:\\m"',
  '"unterminated',
  "'single'",
  '“curly”',
  '&',
  '&0',
  '&12',
  '&x',
  '(',
  ')',
  '=',
  '|',
  ',',
  '.',
  ':',
  '*',
  '#',
  '# comment',
  '\n',
  '\n',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '@',
  '$',
  'é',
  '\u00a0',
  '\uFFFD',
  '\\',
];

export const soup = fc
  .array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom('', ' ', ' ', '\n')), { maxLength: 60 })
  .map((parts) => parts.map(([piece, sep]) => piece + sep).join(''));


/** Calls, groupings and pipes nested `depth` deep, sometimes left unclosed. */
export const nesting = fc
  .tuple(
    fc.integer({ min: 0, max: 150 }),
    fc.constantFrom('call', 'paren', 'pipe', 'mixed'),
    fc.boolean(),
  )
  .map(([depth, shape, closed]) => {
    let open = '';
    let close = '';
    for (let i = 0; i < depth; i++) {
      const kind = shape === 'mixed' ? (['call', 'paren', 'pipe'] as const)[i % 3]! : shape;
      if (kind === 'call') {
        open += 'weighted_sum(';
        close = ', b)' + close;
      } else if (kind === 'paren') {
        open += '(';
        close = ')' + close;
      } else {
        open += 'default(sd1, 0.5) | (';
        close = ')' + close;
      }
    }
    return `version 1\nmodel a = "a" : sd1\nmodel b = "b" : sd1\nlet x = ${open}a${closed ? close : ''}\n`;
  });

/** A string, name or number literal up to 60 KiB long, in a place where each is read. */
export const hugeLiteral = fc
  .tuple(fc.integer({ min: 1, max: 60 * 1024 }), fc.constantFrom('string', 'name', 'number', 'path', 'comment', 'legacy'))
  .map(([length, kind]) => {
    const long = 'x'.repeat(length);
    switch (kind) {
      case 'string':
        return `version 1\nmodel a = "a" : sd1\nlet x = weighted_sum(a, "${long}", alpha="${long}")\n`;
      case 'name':
        return `version 1\nmodel ${long} = "a" : sd1\nlet x = weighted_sum(${long}, ${long}y)\n`;
      case 'number':
        return `version 1\nmodel a = "a" : sd1\nlet x = weighted_sum(a, a, alpha=0.${'5'.repeat(length)})\n`;
      case 'path':
        return `version 1\nmodel a = "${'dir/'.repeat(length >> 2)}a" : sd1\nlet x = weighted_sum(a, a)\n`;
      case 'comment':
        return `version 1\n# ${long}\nmodel a = "a" : sd1 # ${long}\nlet x = weighted_sum(a, a)\n`;
      default:
        return `model "${long}" "sd1" "base"\nmerge "${long}" &0 &0 ${long}=${long}\n`;
    }
  });
