import type { CallExpression, Document, Expression, Identifier, Statement } from '../ast/nodes.js';
import { NAMES } from '../diagnostics/codes/names.js';
import type { Span } from '../text/span.js';
import { GraphBuilder } from './builder.js';
import { hyperMapOfCall, isHyperMapCall } from './hyper-calls.js';
import type { NameSuggestions } from './name-suggestions.js';
import { suggest } from '../text/suggest.js';
import type { HyperArg, HyperValue, NodeId } from './types.js';

/** Where a name is first declared, to tell "used before its definition" from "undefined". */
interface Declaration {
  readonly statement: number;
  readonly nameSpan: Span;
}

/** Builds the graph of a v1 recipe: names resolve in order, each defined once, used after its definition. */
export function buildV1(document: Document, builder: GraphBuilder, suggestions?: NameSuggestions): void {
  const declarations = new Map<string, Declaration>();
  document.statements.forEach((statement, index) => {
    const name = declaredName(statement);
    if (name && !declarations.has(name.name)) declarations.set(name.name, { statement: index, nameSpan: name.span });
  });

  /** Names in scope: the index of their (first) binding. */
  const scope = new Map<string, number>();
  /** The names declared, in order, listed on the first undefined name. */
  let declared: string[] | undefined;
  /** By binding index: whether a use resolved to it. */
  const used: boolean[] = [];
  /** Names used too early: already reported, so not reported again as unused. */
  const usedEarly = new Set<string>();
  let explicitOutput: Span | undefined;
  let lastLet: { node: NodeId; span: Span; binding: number | undefined } | undefined;

  const resolve = (identifier: Identifier): NodeId => {
    const binding = scope.get(identifier.name);
    if (binding !== undefined) {
      used[binding] = true;
      const node = builder.bindings[binding]!.node;
      builder.uses.push({ text: identifier.name, span: identifier.span, node, binding });
      return node;
    }
    builder.uses.push({ text: identifier.name, span: identifier.span, node: undefined });
    const later = declarations.get(identifier.name);
    if (later) {
      usedEarly.add(identifier.name);
      const line = builder.lineOf(later.nameSpan.start);
      builder.report(NAMES.UsedBeforeDefinition, identifier.span, { name: identifier.name }, {
        ...(line !== undefined ? { help: `it is defined on line ${line}` } : {}),
      });
    } else {
      declared ??= [...declarations.keys()];
      const suggestion = suggestions
        ? suggestions.suggest(identifier.name, declared)
        : suggest(identifier.name, declared);
      builder.report(NAMES.UndefinedName, identifier.span, { name: identifier.name }, {
        ...(suggestion
          ? {
              help: `did you mean '${suggestion}'?`,
              fixes: [{ title: `Change to '${suggestion}'`, edits: [{ span: identifier.span, newText: suggestion }] }],
            }
          : {}),
      });
    }
    return builder.errorNode(identifier.span);
  };

  /** The value of an expression in a place that takes a hyperparameter. */
  const valueOf = (expression: Expression): HyperValue => {
    switch (expression.kind) {
      case 'NumberLiteral':
        return { kind: 'number', value: expression.value, raw: expression.raw, span: expression.span };
      case 'StringLiteral':
        return { kind: 'string', value: expression.value, span: expression.span };
      case 'BooleanLiteral':
        return { kind: 'bool', value: expression.value, span: expression.span };
      case 'NullLiteral':
        return { kind: 'null', span: expression.span };
      case 'ParenExpression':
        return valueOf(expression.expression);
      case 'PipeExpression':
        return { kind: 'pipe', parts: pipeOperands(expression).map(valueOf), span: expression.span };
      case 'CallExpression':
        if (isHyperMapCall(expression)) return hyperMapOfCall(expression, valueOf);
        return { kind: 'node', node: merge(expression), span: expression.span };
      case 'Identifier': {
        const node = resolve(expression);
        return builder.nodes[node]!.kind === 'error'
          ? { kind: 'invalid', span: expression.span }
          : { kind: 'node', node, span: expression.span };
      }
      case 'MemberExpression':
      case 'Reference': // reported by the parser in v1 files
      case 'ErrorExpression':
        return { kind: 'invalid', span: expression.span };
    }
  };

  /** The node an expression denotes where a model (or any value) is expected. */
  const nodeOf = (expression: Expression): NodeId => {
    switch (expression.kind) {
      case 'Identifier':
        return resolve(expression);
      case 'ParenExpression':
        return nodeOf(expression.expression);
      case 'StringLiteral':
        // A string where a model is expected is an inline model.
        return builder.add({
          kind: 'model',
          path: expression.value,
          pathSpan: expression.span,
          inline: true,
          span: expression.span,
        });
      case 'CallExpression':
        if (!isHyperMapCall(expression)) return merge(expression);
        return builder.add({ kind: 'hyper', value: valueOf(expression), span: expression.span });
      case 'ErrorExpression':
        return builder.errorNode(expression.span);
      default:
        return builder.add({ kind: 'hyper', value: valueOf(expression), span: expression.span });
    }
  };

  const merge = (call: CallExpression): NodeId => {
    const inputs: NodeId[] = [];
    const inputSpans: Span[] = [];
    const hypers: HyperArg[] = [];
    for (const argument of call.args) {
      if (argument.kind === 'PositionalArgument') {
        inputs.push(nodeOf(argument.value));
        inputSpans.push(argument.span);
      } else {
        hypers.push({
          name: argument.name.name,
          nameSpan: argument.name.span,
          value: valueOf(argument.value),
          span: argument.span,
        });
      }
    }
    return builder.add({
      kind: 'merge',
      method: call.callee.name,
      methodSpan: call.callee.span,
      inputs,
      inputSpans,
      hypers,
      span: call.span,
    });
  };

  const bind = (name: Identifier, kind: 'model' | 'param' | 'let', node: NodeId, statementSpan: Span): number => {
    const first = scope.get(name.name);
    const duplicate = first !== undefined;
    if (duplicate) {
      const line = builder.lineOf(builder.bindings[first]!.nameSpan.start);
      builder.report(NAMES.DuplicateName, name.span, { name: name.name }, {
        ...(line !== undefined ? { help: `the first definition is on line ${line}` } : {}),
      });
    }
    const index = builder.bindings.length;
    builder.bindings.push({ name: name.name, nameSpan: name.span, statementSpan, kind, node, duplicate });
    if (!duplicate) scope.set(name.name, index);
    return index;
  };

  for (const statement of document.statements) {
    switch (statement.kind) {
      case 'ModelDecl': {
        const node = builder.add({
          kind: 'model',
          path: statement.path.value,
          pathSpan: statement.path.span,
          arch: statement.type?.arch.name,
          space: statement.type?.space?.name,
          inline: false,
          span: statement.span,
          name: statement.name.name,
          nameSpan: statement.name.span,
        });
        bind(statement.name, 'model', node, statement.span);
        break;
      }
      case 'ParamDecl': {
        const node = builder.add({
          kind: 'param',
          name: statement.name.name,
          arch: statement.type?.arch.name,
          space: statement.type?.space?.name,
          span: statement.span,
          nameSpan: statement.name.span,
        });
        bind(statement.name, 'param', node, statement.span);
        break;
      }
      case 'LetDecl': {
        const value = unparen(statement.value);
        const node = nodeOf(statement.value);
        // `let b = a` is another name for a's node; any other expression made a node of its own.
        if (value.kind !== 'Identifier' && builder.nodes[node]!.kind !== 'error') {
          builder.name(node, statement.name.name, statement.name.span, statement.span);
        }
        const binding = bind(statement.name, 'let', node, statement.span);
        lastLet = { node, span: statement.span, binding };
        break;
      }
      case 'OutputDecl': {
        if (explicitOutput) {
          const line = builder.lineOf(explicitOutput.start);
          builder.report(NAMES.DuplicateOutput, statement.span, {}, {
            ...(line !== undefined ? { help: `the first output is on line ${line}` } : {}),
          });
          nodeOf(statement.value);
          break;
        }
        explicitOutput = statement.span;
        builder.output = nodeOf(statement.value);
        builder.outputSpan = statement.span;
        break;
      }
      default:
        // Legacy lines in a v1 file and unparsable statements: the parser has reported them.
        break;
    }
  }

  if (!explicitOutput && lastLet) {
    builder.output = lastLet.node;
    builder.outputSpan = lastLet.span;
    if (lastLet.binding !== undefined) used[lastLet.binding] = true;
  }
  if (builder.output === undefined && !document.statements.some((s) => s.kind === 'ErrorStatement')) {
    builder.report(NAMES.NoOutput, { start: document.span.end, end: document.span.end });
  }

  builder.bindings.forEach((binding, index) => {
    if (binding.duplicate || used[index] === true || usedEarly.has(binding.name)) return;
    // The explicit output may name a binding through an alias chain; its node counts as used.
    if (builder.output !== undefined && binding.node === builder.output) return;
    builder.report(NAMES.UnusedBinding, binding.nameSpan, { name: binding.name });
  });
}

function declaredName(statement: Statement): Identifier | undefined {
  switch (statement.kind) {
    case 'ModelDecl':
    case 'ParamDecl':
    case 'LetDecl':
      return statement.name;
    default:
      return undefined;
  }
}

function unparen(expression: Expression): Expression {
  return expression.kind === 'ParenExpression' ? unparen(expression.expression) : expression;
}

/** The operands of `a | b | c`, left to right (parenthesized pipes stay one operand). */
export function pipeOperands(expression: Expression): Expression[] {
  if (expression.kind !== 'PipeExpression') return [expression];
  return [...pipeOperands(expression.left), ...pipeOperands(expression.right)];
}
