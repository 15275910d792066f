import type { CallExpression, Document, Expression, LegacyStatement, MemberExpression, ModelDecl, ParamDecl } from '../ast/nodes.js';
import type { GraphNode } from '../graph/types.js';
import type { Span } from '../text/span.js';
import { spanKey as key, type SpanKey } from './span-key.js';

/** Where a piece of a declaration is written, so a diagnostic (and its fix) can point at exactly that. */
export interface WrittenAt {
  readonly span: Span;
  /** Written as a string literal (legacy files): a replacement keeps the quotes. */
  readonly quoted: boolean;
}

/** The parts of a `model`, `param`, `parameter` or `literal` statement a diagnostic may point at. */
export interface DeclParts {
  /** The name of a legacy `parameter` (v1 names are in the graph). */
  readonly name?: WrittenAt | undefined;
  readonly arch?: WrittenAt | undefined;
  readonly space?: WrittenAt | undefined;
  readonly config?: WrittenAt | undefined;
}

/**
 * Lookups from the graph back to the syntax: the graph keeps the spans of nodes, the tree keeps their parts (the
 * annotation of a `model`, the string of an `mbw(...)`). Built once per check by one walk of the tree.
 */
export class SourceIndex {
  private readonly statements = new Map<number, ModelDecl | ParamDecl | LegacyStatement>();
  private readonly calls = new Map<SpanKey, CallExpression>();
  private readonly members = new Map<SpanKey, MemberExpression>();
  private readonly identifiers = new Map<SpanKey, string>();

  constructor(document: Document) {
    for (const statement of document.statements) {
      if (statement.kind === 'ModelDecl' || statement.kind === 'ParamDecl' || statement.kind === 'LegacyStatement') {
        this.statements.set(statement.span.start, statement);
      }
    }
    for (const statement of document.statements) {
      switch (statement.kind) {
        case 'LetDecl':
        case 'OutputDecl':
          this.expression(statement.value);
          break;
        case 'LegacyStatement':
          for (const arg of statement.args) this.expression(arg.value);
          break;
        default:
          break;
      }
    }
  }

  /** Indexes the calls, components and names of an expression (a direct walk: this runs on every keystroke). */
  private expression(e: Expression): void {
    switch (e.kind) {
      case 'CallExpression':
        this.calls.set(key(e.span), e);
        for (const arg of e.args) this.expression(arg.value);
        break;
      case 'MemberExpression':
        this.members.set(key(e.span), e);
        break;
      case 'Identifier':
        this.identifiers.set(key(e.span), e.name);
        break;
      case 'PipeExpression':
        this.expression(e.left);
        this.expression(e.right);
        break;
      case 'ParenExpression':
        this.expression(e.expression);
        break;
      default:
        break;
    }
  }

  /** The call written at a span (`mbw(sd1, "...")`). */
  call(span: Span): CallExpression | undefined {
    return this.calls.get(key(span));
  }

  /** The `sd1.unet` written at a span, if a component reference is what is there. */
  member(span: Span): MemberExpression | undefined {
    return this.members.get(key(span));
  }

  /** The name written at a span, if a plain name is what is there. */
  identifier(span: Span): string | undefined {
    return this.identifiers.get(key(span));
  }

  /** Where a declaration writes its architecture, space and config. */
  parts(node: GraphNode): DeclParts {
    const statement = this.statements.get(node.span.start);
    if (!statement || statement.span.end !== node.span.end) return {};
    if (statement.kind !== 'LegacyStatement') {
      const type = statement.type;
      return {
        arch: type ? { span: type.arch.span, quoted: false } : undefined,
        space: type?.space ? { span: type.space.span, quoted: false } : undefined,
      };
    }
    const positional = statement.args.filter((a) => a.kind === 'PositionalArgument').map((a) => a.value);
    const keyword = (name: string): Expression | undefined =>
      statement.args.find((a) => a.kind === 'KeywordArgument' && a.name.name === name)?.value;
    const at = (e: Expression | undefined): WrittenAt | undefined =>
      e?.kind === 'StringLiteral' ? { span: e.span, quoted: true } : undefined;
    switch (statement.command) {
      case 'model':
        return {
          arch: at(positional[1]),
          space: at(positional[2]) ?? at(keyword('merge_space')),
          config: at(keyword('model_config')),
        };
      case 'parameter':
        return {
          name: at(positional[0]),
          arch: at(positional[2]) ?? at(keyword('model_arch')),
          space: at(positional[1]) ?? at(keyword('merge_space')),
        };
      case 'literal':
        return { space: at(keyword('merge_space')), config: at(keyword('model_config')) };
      default:
        return {};
    }
  }
}
