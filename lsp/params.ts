import { ErrorCodes, ResponseError, type Position, type Range } from 'vscode-languageserver';

/**
 * Reading a request's params without trusting them: the protocol library hands over whatever JSON arrived. A field
 * that is missing or of the wrong type is answered with InvalidParams (-32602) and a message naming it, rather than
 * failing inside a handler as an internal error.
 */

/** LSP's `uinteger`. */
const MAX_UINTEGER = 2 ** 31 - 1;

function invalid(message: string): never {
  throw new ResponseError(ErrorCodes.InvalidParams, message);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The params object itself. */
export function paramsObject(params: unknown): Record<string, unknown> {
  if (!isObject(params)) invalid(`params must be an object, got ${describe(params)}`);
  return params;
}

/** `textDocument.uri`. */
export function documentUri(params: unknown): string {
  const document = paramsObject(params)['textDocument'];
  if (!isObject(document)) invalid(`textDocument must be an object with a uri, got ${describe(document)}`);
  const uri = document['uri'];
  if (typeof uri !== 'string' || uri === '') invalid(`textDocument.uri must be a non-empty string, got ${describe(uri)}`);
  return uri;
}

function uinteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_UINTEGER) {
    invalid(`${name} must be a whole number from 0 to ${MAX_UINTEGER}, got ${describe(value)}`);
  }
  return value;
}

function positionAt(value: unknown, name: string): Position {
  if (!isObject(value)) invalid(`${name} must be an object with line and character, got ${describe(value)}`);
  return { line: uinteger(value['line'], `${name}.line`), character: uinteger(value['character'], `${name}.character`) };
}

/** `position`: a line and a character, both unsigned integers (past the end of a line or text is clamped later). */
export function position(params: unknown): Position {
  return positionAt(paramsObject(params)['position'], 'position');
}

/** `range`. */
export function range(params: unknown): Range {
  const value = paramsObject(params)['range'];
  if (!isObject(value)) invalid(`range must be an object with start and end, got ${describe(value)}`);
  return { start: positionAt(value['start'], 'range.start'), end: positionAt(value['end'], 'range.end') };
}

/** A string field such as rename's `newName`. */
export function stringField(params: unknown, name: string): string {
  const value = paramsObject(params)[name];
  if (typeof value !== 'string') invalid(`${name} must be a string, got ${describe(value)}`);
  return value;
}

/** references' `context.includeDeclaration`. */
export function includeDeclaration(params: unknown): boolean {
  const context = paramsObject(params)['context'];
  if (!isObject(context) || typeof context['includeDeclaration'] !== 'boolean') {
    invalid(`context must be an object with a boolean includeDeclaration, got ${describe(context)}`);
  }
  return context['includeDeclaration'];
}

/** codeAction's `context.only`: the kinds asked for; undefined for all (a missing context included). */
export function onlyKinds(params: unknown): readonly string[] | undefined {
  const context = paramsObject(params)['context'];
  if (context === undefined) return undefined;
  if (!isObject(context)) invalid(`context must be an object, got ${describe(context)}`);
  const only = context['only'];
  if (only === undefined || only === null) return undefined;
  if (!Array.isArray(only) || !only.every((kind) => typeof kind === 'string')) invalid(`context.only must be a list of strings, got ${describe(only)}`);
  return only as string[];
}
