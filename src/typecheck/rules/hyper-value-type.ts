import { CHECK } from '../../diagnostics/codes/check.js';
import type { Fix } from '../../diagnostics/diagnostic.js';
import type { HyperValue } from '../../graph/types.js';
import type { HyperParam } from '../../registry/methods/signature.js';
import type { CheckContext, Rule } from '../context.js';
import { describeHyperType, listWords } from '../describe.js';
import { replaceFix } from '../fixes.js';
import { describeFound } from '../found.js';
import { isScalar, leavesOf } from '../hyper-values.js';

/**
 * A hyperparameter given a value of the wrong type: a model where a number is expected, `alpha="x"`, `seed=1.5`,
 * `vote_sgn=1` in a version 1 recipe (sd-mecha 0.0.x recipes wrote booleans as numbers, so those may). Values
 * inside per-block entries are checked by the map-entry rule.
 */
export const hyperValueTypeRule: Rule = (context) => ({
  merge(_node, facts) {
    const call = facts.call;
    if (!call) return;
    for (const [name, bound] of call.hypers) {
      // A plain value is its own one leaf, not in a map: no list to make for it.
      if (isScalar(bound.value)) {
        checkLeaf(context, call.signature.name, name, bound.param, bound.value);
        continue;
      }
      for (const leaf of leavesOf(context.graph, bound.value)) {
        if (!leaf.inMap) checkLeaf(context, call.signature.name, name, bound.param, leaf.value);
      }
    }
  },
});

function checkLeaf(context: CheckContext, method: string, name: string, param: HyperParam, value: HyperValue): void {
  const problem = problemOf(context, param, value);
  if (!problem) return;
  if (problem === 'choice') {
    context.report(CHECK.InvalidChoice, value.span, {
      method,
      name,
      choices: listWords((param.values ?? []).map((v) => `"${v}"`), 'or'),
      value: (value as { value: string }).value,
    });
    return;
  }
  const found = describeFound(context, value);
  context.report(
    CHECK.WrongValueType,
    value.span,
    { method, name, expected: describeHyperType(param), found },
    problem.fix ? { fixes: [problem.fix] } : {},
  );
}

type Problem = 'choice' | { readonly fix?: Fix | undefined };

function problemOf(context: CheckContext, param: HyperParam, value: HyperValue): Problem | undefined {
  switch (value.kind) {
    case 'number':
      // Infinity (a numeral too large) is the number-overflow rule's.
      if (param.type === 'number' || !Number.isFinite(value.value)) return undefined;
      if (param.type === 'int') return Number.isInteger(value.value) ? undefined : {};
      if (param.type === 'bool') {
        if (context.legacy) return undefined;
        const word = value.value === 1 ? 'true' : value.value === 0 ? 'false' : undefined;
        return { fix: word ? replaceFix(`Change to ${word}`, value.span, word) : undefined };
      }
      return {};
    case 'bool':
      return param.type === 'bool' ? undefined : {};
    case 'string': {
      if (param.type === 'string') return param.values && !param.values.includes(value.value) ? 'choice' : undefined;
      const number = Number(value.value);
      const numeric = (param.type === 'number' || param.type === 'int') && value.value.trim() !== '' && Number.isFinite(number);
      return { fix: numeric ? replaceFix(`Change to ${value.value.trim()}`, value.span, value.value.trim()) : undefined };
    }
    case 'null':
      return param.default === null ? undefined : {};
    case 'node': {
      const node = context.graph.nodes[value.node];
      if (!node || node.kind === 'error') return undefined;
      const space = context.typeOf(value.node).space;
      return space === undefined || space === 'param' ? undefined : {};
    }
    case 'invalid':
      return context.source.member(value.span) ? {} : undefined;
    default:
      return undefined;
  }
}
