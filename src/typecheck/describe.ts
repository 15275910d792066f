import type { HyperValue } from '../graph/types.js';
import type { HyperParam, MergeSpace } from '../registry/methods/signature.js';
import type { NodeType, Space } from './types.js';

/** `a full model`, `an sd1 delta`: a type as messages name it. */
export function describeType(type: NodeType | undefined): string {
  const space = type?.space;
  const arch = type?.arch;
  switch (space) {
    case 'weight':
      return arch ? `a full ${arch} model` : 'a full model';
    case 'delta':
      return arch ? `${article(arch)} ${arch} delta` : 'a delta';
    case 'lora':
      return arch ? `${article(arch)} ${arch} LoRA` : 'a LoRA';
    case 'param':
      return 'a hyperparameter value';
    default:
      return arch ? `${article(arch)} ${arch} model` : 'a model';
  }
}

/** `a full model`, `a delta`: what a signature's space asks for. */
export function describeSpace(space: Space | MergeSpace): string {
  return describeType({ arch: undefined, space });
}

/** The alternatives a parameter accepts: `a full model or a delta`. */
export function describeSpaces(spaces: readonly (Space | MergeSpace)[]): string {
  const words = spaces.map(describeSpace);
  return words.length <= 1 ? (words[0] ?? 'nothing') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** `a number`, `a string`, `per-block values`: a hyperparameter value as messages name it. */
export function describeValue(value: HyperValue): string {
  switch (value.kind) {
    case 'number':
      return `the number ${value.raw}`;
    case 'bool':
      return String(value.value);
    case 'string':
      return `the string ${JSON.stringify(value.value)}`;
    case 'null':
      return 'null';
    case 'map':
    case 'pipe':
      return 'per-block values';
    case 'node':
      return 'a node';
    case 'invalid':
      return 'an invalid value';
  }
}

/** What a hyperparameter accepts: `a number`, `an integer`, `true or false`. */
export function describeHyperType(param: HyperParam): string {
  switch (param.type) {
    case 'number':
      return param.perKey ? 'a number or per-block values' : 'a number';
    case 'int':
      return 'an integer';
    case 'bool':
      return 'true or false';
    case 'string':
      return 'a string';
  }
}

/** `in [0, 1]`, `at least 0`: a range as messages state it. */
export function describeRange(range: readonly [number | null, number | null]): string {
  const [lo, hi] = range;
  if (lo !== null && hi !== null) return `between ${lo} and ${hi}`;
  if (lo !== null) return `at least ${lo}`;
  if (hi !== null) return `at most ${hi}`;
  return 'any number';
}

/** `a` or `an` before a word as it is pronounced (`an sd1`, `a flux`). */
export function article(word: string): string {
  return /^(?:[aeiou]|sd|x)/i.test(word) ? 'an' : 'a';
}

/** A list for people: `a, b and c`. */
export function listWords(words: readonly string[], conjunction = 'and'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}
