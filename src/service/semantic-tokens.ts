import type { IToken } from 'chevrotain';
import { walk } from '../ast/visit.js';
import { HYPER_MAP_CALLS } from '../graph/hyper-calls.js';
import * as T from '../lexer/tokens.js';
import type { SemanticToken, SemanticTokenType } from './api.js';
import type { DocumentState } from './document-state.js';

type Modifier = SemanticToken['modifiers'][number];
interface Role {
  readonly type: SemanticTokenType;
  readonly modifiers: readonly Modifier[];
}

/**
 * Every token of the text with what it is, sorted and non-overlapping (they are the lexer's tokens and the
 * comments). The lexer says what a token looks like; the tree and the graph say what a name means: a method, a
 * hyper builtin, an architecture, a component, a model, a param, a bound value, a keyword argument.
 */
export function semanticTokens(state: DocumentState): SemanticToken[] {
  const roles = namedRoles(state);
  const out: SemanticToken[] = [];
  for (const token of state.tokens) {
    const span = { start: token.startOffset, end: token.startOffset + token.image.length };
    const role = roles.get(span.start) ?? tokenRole(token);
    if (role) out.push({ span, type: role.type, modifiers: role.modifiers });
  }
  for (const comment of state.document.comments) out.push({ span: comment.span, type: 'comment', modifiers: [] });
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Roles of the names and keyword names, by their start offset. */
function namedRoles(state: DocumentState): Map<number, Role> {
  const roles = new Map<number, Role>();
  const set = (start: number, type: SemanticTokenType, ...modifiers: Modifier[]) =>
    roles.set(start, { type, modifiers });
  const registry = state.registry;

  walk(state.document, {
    CallExpression(call) {
      const name = call.callee.name;
      if (HYPER_MAP_CALLS.has(name)) set(call.callee.span.start, 'function', 'defaultLibrary');
      else set(call.callee.span.start, 'method', ...(registry.method(name) ? (['defaultLibrary'] as const) : []));
      const first = call.args[0];
      if (HYPER_MAP_CALLS.has(name) && first?.kind === 'PositionalArgument' && first.value.kind === 'Identifier') {
        set(first.value.span.start, 'type');
      }
      for (const arg of call.args) {
        if (arg.kind === 'KeywordArgument')
          set(arg.name.span.start, name === 'blocks' || name === 'classes' ? 'property' : 'parameter');
      }
    },
    MemberExpression(member) {
      set(member.object.span.start, 'type');
      set(member.property.span.start, 'property');
    },
    TypeAnnotation(annotation) {
      set(annotation.arch.span.start, 'type');
      if (annotation.space) set(annotation.space.span.start, 'type');
    },
    LegacyStatement(statement) {
      set(statement.commandSpan.start, 'keyword');
      for (const arg of statement.args) {
        if (arg.kind === 'KeywordArgument')
          set(arg.name.span.start, statement.command === 'dict' ? 'property' : 'parameter');
      }
    },
  });

  const semantic = state.semantic;
  const roleOf = (kind: 'model' | 'param' | 'let' | undefined, ...extra: Modifier[]): Role => {
    if (kind === 'model') return { type: 'variable', modifiers: [...extra, 'readonly'] };
    if (kind === 'param') return { type: 'parameter', modifiers: extra };
    return { type: 'variable', modifiers: extra };
  };
  for (const binding of semantic.graph.bindings) roles.set(binding.nameSpan.start, roleOf(binding.kind, 'declaration'));
  for (const use of semantic.graph.uses) {
    if (use.text.startsWith('&')) continue;
    const binding = use.binding === undefined ? undefined : semantic.binding(use.binding);
    roles.set(use.span.start, roleOf(binding?.kind));
  }
  return roles;
}

/** What a token is by its kind alone: keywords, literals, operators; plain names read as variables. */
function tokenRole(token: IToken): Role | undefined {
  const plain = (type: SemanticTokenType): Role => ({ type, modifiers: [] });
  switch (token.tokenType) {
    case T.Model:
    case T.Param:
    case T.Let:
    case T.Output:
    case T.Version:
    case T.True:
    case T.False:
    case T.Null:
      return plain('keyword');
    case T.NumberLiteral:
    case T.MalformedNumber:
    case T.VersionNumber:
      return plain('number');
    case T.StringLiteral:
    case T.UnterminatedString:
    case T.MisquotedString:
      return plain('string');
    case T.Equals:
    case T.Pipe:
    case T.Colon:
    case T.Dot:
      return plain('operator');
    case T.KeyName:
      return plain('parameter');
    case T.Name:
    case T.Merge:
    case T.Parameter:
    case T.Dict:
    case T.Literal:
    case T.Reference:
      return plain('variable');
    default:
      return undefined;
  }
}
