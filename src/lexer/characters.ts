/**
 * How to name characters the lexer does not accept, so a message can show an invisible or look-alike character
 * unambiguously, with a hint for the usual suspects (typographic quotes, no-break spaces, single quotes).
 */

const NAMED: Readonly<Record<number, string>> = {
  0x00a0: 'no-break space',
  0x200b: 'zero-width space',
  0x2018: 'left single quotation mark',
  0x2019: 'right single quotation mark',
  0x201c: 'left double quotation mark',
  0x201d: 'right double quotation mark',
  0x2013: 'en dash',
  0x2014: 'em dash',
  0xfffd: 'replacement character',
};

function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** One character (code point) as a message shows it: `'@'`, `U+00A0 (no-break space)`, `'é' (U+00E9)`. */
export function describeCodePoint(cp: number): string {
  if (cp < 0x20 || cp === 0x7f) return codePointLabel(cp) + ' (a control character)';
  const name = NAMED[cp];
  if (name) return `${codePointLabel(cp)} (${name})`;
  if (cp < 0x7f) return `'${String.fromCodePoint(cp)}'`;
  return `'${String.fromCodePoint(cp)}' (${codePointLabel(cp)})`;
}

export interface CharacterDescription {
  readonly description: string;
  readonly help: string | undefined;
}

/**
 * Describes a run of rejected characters: `character '@'`, `characters '@$'` when the run is short printable
 * ASCII, else the first one in full and how many follow.
 */
export function describeCharacter(chars: string): CharacterDescription {
  const cp = chars.codePointAt(0) ?? 0;
  const width = cp > 0xffff ? 2 : 1;
  const help = helpFor(cp);
  if (chars.length === width) return { description: `character ${describeCodePoint(cp)}`, help };
  if (chars.length <= 16 && /^[\x21-\x7e]+$/.test(chars)) return { description: `characters '${chars}'`, help };
  return { description: `character ${describeCodePoint(cp)} and ${chars.length - width} more`, help };
}

function helpFor(cp: number): string | undefined {
  if (cp === 0x2018 || cp === 0x2019 || cp === 0x27) return 'strings are written in straight double quotes: "text"';
  if (cp === 0x201c || cp === 0x201d) return 'strings are written in straight double quotes: "text"';
  if (cp === 0x00a0 || cp === 0x200b) return 'replace it with an ordinary space';
  if (cp === 0x2013 || cp === 0x2014) return "a negative number is written with '-'";
  if (cp > 0x7f)
    return "names are made of ASCII letters, digits and '_'; other characters belong in strings or comments";
  return undefined;
}
