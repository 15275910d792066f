import type { Comment, Document, Statement } from '../ast/nodes.js';
import { SYNTAX } from '../diagnostics/codes/syntax.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { MAX_SYNTAX_DIAGNOSTICS, parse, type ParseResult } from '../parser/parse.js';
import { SUPPORTED_VERSIONS } from '../parser/dialect.js';
import { shiftSpans } from './shift.js';
import { classifyStatements, type StatementClass } from './statement-classes.js';
import { changedRange } from './text-diff.js';

/** A text with its parse, and what the incremental parser needs to reuse that parse for the next text. */
export interface ParsedText {
  readonly text: string;
  readonly result: ParseResult;
  /** One per statement of `result.document`. */
  readonly classes: readonly StatementClass[];
  /** The text has characters that binary detection counts; such texts are always parsed whole. */
  readonly suspicious: boolean;
  /** How many statements were parsed to get here (all of them for a whole parse). */
  readonly parsedStatements: number;
}

export function parseWhole(text: string): ParsedText {
  const result = parse(text);
  const statements = result.document.statements;
  return {
    text,
    result,
    classes: classifyStatements(text, 0, statements),
    suspicious: hasSuspicious(text, 0, text.length),
    parsedStatements: statements.length,
  };
}

/**
 * The parse of `text`, reusing `previous` where the edit between them did not reach. Statements are cut at
 * line-initial statement words and parsed one by one, so only the statements around the change are parsed
 * again, in a copy of the text where everything else is blanked out (line breaks kept, so positions and line
 * numbers in messages stay right). What the parser decides for the whole file (the dialect, `&N` numbering,
 * binary detection, the cap on syntax errors) is checked, and the whole text is parsed when reuse could differ.
 * The result equals `parse(text)`; the property test in test/service holds it to that.
 */
export function reparse(previous: ParsedText, text: string): ParsedText {
  if (previous.text === text) return previous;
  return reuse(previous, text) ?? parseWhole(text);
}

function reuse(previous: ParsedText, text: string): ParsedText | undefined {
  const old = previous.result;
  const document = old.document;
  if (previous.suspicious || old.diagnostics.length > MAX_SYNTAX_DIAGNOSTICS || old.diagnostics.some(wholeFile))
    return undefined;
  const version = document.version;
  if (version && !SUPPORTED_VERSIONS.has(version.value)) return undefined;

  const change = changedRange(previous.text, text);
  const delta = text.length - previous.text.length;
  if (hasSuspicious(text, change.start, change.newEnd)) return undefined;

  // Everything up to the end of the header line is kept as it is; an edit there may change the dialect.
  const headerEnd = version ? lineBreakAfter(previous.text, version.span.end) : 0;
  if (headerEnd < 0 || change.start < headerEnd) return undefined;

  // The statements parsed again: from the one before the first touched to the one after the last touched, since an
  // edit can join a statement to its neighbour or split one. The statement after them (`next`) is parsed for
  // context (it ends the last one) and dropped.
  const statements = document.statements;
  const first = firstEndingAtOrAfter(statements, change.start);
  const from = Math.max(first - 1, 0);
  const next = lastStartingAtOrBefore(statements, change.oldEnd) + 2;
  const regionStart = first - 1 >= 0 ? statements[first - 1]!.span.start : headerEnd;
  // Without a statement after them, the region runs to the end of the file (diagnostics may sit at its very end).
  const hasNext = next < statements.length;
  const oldRegionEnd = hasNext ? statements[next]!.span.start : Number.POSITIVE_INFINITY;
  const newRegionEnd = oldRegionEnd + delta;
  if (regionStart > change.start || oldRegionEnd < change.oldEnd) return undefined;
  const contextEnd = hasNext ? statements[next]!.span.end + delta : text.length;

  // Lines that decide the dialect of a header-less file and lie before the region are kept, so the partial parse
  // reads the file as the whole parse does.
  const anchors: number[] = [];
  if (!version) {
    const v1 = previous.classes.findIndex((c, i) => i < from && c.v1Only);
    const legacy = previous.classes.findIndex((c, i) => i < from && c.legacy);
    for (const index of [v1, legacy].filter((i) => i >= 0).sort((a, b) => a - b)) anchors.push(index);
  }
  const padded = paddedText(
    text,
    headerEnd,
    anchors.map((i) => lineOf(text, statements[i]!.span.start)),
    regionStart,
    contextEnd,
  );
  const partial = parse(padded);
  const part = partial.document;
  if (part.dialect !== document.dialect || part.version?.value !== version?.value) return undefined;
  if (partial.diagnostics.some(wholeFile)) return undefined;

  const inRegion = (offset: number) => offset >= regionStart && offset < newRegionEnd;
  const regionStatements = part.statements.filter((s) => inRegion(s.span.start));
  // The region must start and end where it did: at the first statement kept and at the context statement.
  if (first - 1 >= 0 && regionStatements[0]?.span.start !== regionStart) return undefined;
  if (hasNext && !part.statements.some((s) => s.span.start === newRegionEnd)) return undefined;

  const regionClasses = classifyStatements(
    text.slice(regionStart, hasNext ? newRegionEnd : text.length),
    regionStart,
    regionStatements,
  );
  const classes = [...previous.classes.slice(0, from), ...regionClasses, ...previous.classes.slice(next)];
  if (!version && !sameInference(classes, from + regionClasses.length)) return undefined;

  // `&N` numbers: the partial parse counted from its anchors; the file counts from its first line.
  let renumber = (s: Statement): Statement => s;
  let suffixShift = 0;
  if (document.dialect !== 'v1') {
    const countedBefore = count(previous.classes.slice(0, from));
    const anchorsCounted = anchors.filter((i) => previous.classes[i]!.counts).length;
    const offset = countedBefore - anchorsCounted;
    renumber = (s) => (s.kind === 'LegacyStatement' && offset !== 0 ? { ...s, index: s.index + offset } : s);
    suffixShift = count(regionClasses) - count(previous.classes.slice(from, next));
  }
  const suffix = statements.slice(next).map((s) => {
    const moved = shiftSpans(s, delta);
    return moved.kind === 'LegacyStatement' && suffixShift !== 0
      ? { ...moved, index: moved.index + suffixShift }
      : moved;
  });

  const regionDiagnostics = partial.diagnostics.filter((d) => inRegion(d.span.start));
  const suffixDiagnostics = old.diagnostics.filter((d) => d.span.start >= oldRegionEnd);
  // Messages that quote a line number go stale when lines are added or removed before them: the line of an
  // unclosed `(` in a later statement, and (without a header) the line that made the file v1.
  if (!version && [...old.diagnostics, ...regionDiagnostics].some((d) => d.id === SYNTAX.LegacyStatementInV1.id))
    return undefined;
  if (
    suffixDiagnostics.some((d) => QUOTES_POSITION.has(d.id)) &&
    lineBreaks(previous.text, Math.max(0, change.start - 1), Math.min(oldRegionEnd, previous.text.length)) !==
      lineBreaks(text, Math.max(0, change.start - 1), Math.min(newRegionEnd, text.length))
  ) {
    return undefined;
  }
  const diagnostics: Diagnostic[] = [
    ...old.diagnostics.filter((d) => d.span.start < regionStart),
    ...regionDiagnostics,
    ...suffixDiagnostics.map((d) => shiftSpans(d, delta)),
  ];
  if (diagnostics.length > MAX_SYNTAX_DIAGNOSTICS) return undefined;
  const comments: Comment[] = [
    ...document.comments.filter((c) => c.span.start < regionStart),
    ...part.comments.filter((c) => inRegion(c.span.start)),
    ...document.comments.filter((c) => c.span.start >= oldRegionEnd).map((c) => shiftSpans(c, delta)),
  ];
  const merged: Document = {
    kind: 'Document',
    span: { start: 0, end: text.length },
    dialect: document.dialect,
    version,
    statements: [...statements.slice(0, from), ...regionStatements.map(renumber), ...suffix],
    comments,
  };
  return {
    text,
    result: { document: merged, diagnostics },
    classes,
    suspicious: false,
    parsedStatements: regionStatements.length,
  };
}

/** Syntax diagnostics whose message may name a line and column (`missing ')' to close '(' at 3:18`). */
const QUOTES_POSITION: ReadonlySet<string> = new Set([SYNTAX.UnclosedParenthesis.id, SYNTAX.ExpectedToken.id]);

/** Line breaks in `[start, end)` of a text (`\r\n` counts once). */
function lineBreaks(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Diagnostics about the file as a whole (binary, internal error, too many errors): never reused. */
function wholeFile(d: Diagnostic): boolean {
  return d.id === SYNTAX.BinaryFile.id || d.id === SYNTAX.InternalError.id || d.id === SYNTAX.TooManyErrors.id;
}

/**
 * A header-less file's dialect: v1 if any line is v1-only (the first one is named in messages), else legacy if
 * any line is an sd-mecha line. The partial parse sees the anchors, the region and the context statement; it
 * decides as the whole parse does unless the deciding line lies after the context statement.
 */
function sameInference(classes: readonly StatementClass[], regionTo: number): boolean {
  const seen = regionTo + 1; // the context statement is parsed too
  const firstV1 = classes.findIndex((c) => c.v1Only);
  if (firstV1 >= 0) return firstV1 < seen;
  const anyLegacy = classes.findIndex((c) => c.legacy);
  return anyLegacy < seen;
}

function count(classes: readonly StatementClass[]): number {
  let n = 0;
  for (const c of classes) if (c.counts) n++;
  return n;
}

/**
 * `text` with everything before `regionStart` blanked (spaces for every character but line breaks), except the
 * header (`[0, headerEnd)`) and the anchor lines, and cut after `contextEnd`.
 */
function paddedText(
  text: string,
  headerEnd: number,
  keep: readonly (readonly [number, number])[],
  regionStart: number,
  contextEnd: number,
): string {
  const parts: string[] = [text.slice(0, headerEnd)];
  let at = headerEnd;
  for (const [start, end] of keep) {
    if (start < at) continue;
    parts.push(blank(text.slice(at, start)), text.slice(start, end));
    at = end;
  }
  parts.push(blank(text.slice(at, regionStart)), text.slice(regionStart, contextEnd));
  return parts.join('');
}

function blank(text: string): string {
  return text.replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length));
}

/** The line holding `offset`, from `offset` to its line break. */
function lineOf(text: string, offset: number): [number, number] {
  let end = offset;
  while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
  return [offset, end];
}

/** The offset just after the line break that ends the line holding `offset`; -1 when the line is the last. */
function lineBreakAfter(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return -1;
}

/** Index of the first statement whose span ends at or after `offset` (statements.length if none). */
function firstEndingAtOrAfter(statements: readonly Statement[], offset: number): number {
  let lo = 0;
  let hi = statements.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid]!.span.end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last statement starting at or before `offset` (-1 if none). */
function lastStartingAtOrBefore(statements: readonly Statement[], offset: number): number {
  let lo = 0;
  let hi = statements.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid]!.span.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Characters binary detection counts (NUL, U+FFFD, C0 controls but tab, line breaks and form feed). */
function hasSuspicious(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13)) return true;
  }
  return false;
}
