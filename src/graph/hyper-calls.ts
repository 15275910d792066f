import type { Argument, CallExpression, Expression } from '../ast/nodes.js';
import type { Span } from '../text/span.js';
import type { HyperEntry, HyperMap, HyperMapSource, HyperValue } from './types.js';

/** The calls that build per-key hyperparameter maps rather than merging models. */
export const HYPER_MAP_CALLS: ReadonlySet<string> = new Set<HyperMapSource>(['blocks', 'classes', 'default', 'mbw']);

export function isHyperMapCall(call: CallExpression): boolean {
  return HYPER_MAP_CALLS.has(call.callee.name);
}

/** `sd1` or `sd1.unet`, the first argument of every hyper map call. */
interface Target {
  readonly arch: string | undefined;
  readonly component: string | undefined;
  readonly span: Span | undefined;
}

function targetOf(argument: Argument | undefined): Target {
  if (argument?.kind !== 'PositionalArgument') return { arch: undefined, component: undefined, span: undefined };
  const value = argument.value;
  if (value.kind === 'Identifier') return { arch: value.name, component: undefined, span: value.span };
  if (value.kind === 'MemberExpression') {
    return { arch: value.object.name, component: value.property.name, span: value.span };
  }
  return { arch: undefined, component: undefined, span: value.span };
}

/**
 * Reads `blocks(sd1.unet, in2=0.75)`, `classes(sd1.txt, mlp_fc1=0.5)`, `default(sd1, 0.5)` and
 * `mbw(sd1, "...")` into a map. Arguments that fit nowhere become `invalid` entries for the checker to report.
 */
export function hyperMapOfCall(call: CallExpression, valueOf: (expression: Expression) => HyperValue): HyperMap {
  const source = call.callee.name as Exclude<HyperMapSource, 'dict'>;
  const [first, ...rest] = call.args;
  const target = targetOf(first);
  const entries: HyperEntry[] = [];
  if (first && first.kind !== 'PositionalArgument') rest.unshift(first);

  if (source === 'blocks' || source === 'classes') {
    const kind = source === 'blocks' ? 'block' : 'class';
    for (const argument of rest) {
      if (argument.kind === 'KeywordArgument') {
        entries.push({
          kind,
          arch: target.arch,
          component: target.component,
          name: argument.name.name,
          nameSpan: argument.name.span,
          value: valueOf(argument.value),
          span: argument.span,
        });
      } else {
        entries.push({ kind: 'invalid', span: argument.span });
      }
    }
  } else if (source === 'default') {
    // `default(sd1, 0.5)`, also `default(sd1, value=0.5)`.
    let valueArgument: Argument | undefined;
    for (const argument of rest) {
      const isValue =
        !valueArgument && (argument.kind === 'PositionalArgument' || argument.name.name === 'value');
      if (isValue) valueArgument = argument;
      else entries.push({ kind: 'invalid', span: argument.span });
    }
    if (valueArgument) {
      entries.unshift({
        kind: 'default',
        arch: target.arch,
        component: target.component,
        value: valueOf(valueArgument.value),
        span: call.span,
      });
    }
  } else {
    const [values, ...extra] = rest;
    if (values?.kind === 'PositionalArgument' && values.value.kind === 'StringLiteral') {
      entries.push({ kind: 'mbw', arch: target.arch, values: values.value.value, span: call.span });
    } else if (values) {
      entries.push({ kind: 'invalid', span: values.span });
    }
    for (const argument of extra) entries.push({ kind: 'invalid', span: argument.span });
  }
  return { kind: 'map', source, entries, targetSpan: target.span, span: call.span };
}
