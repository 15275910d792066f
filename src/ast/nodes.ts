import type { Span } from '../text/span.js';

/**
 * The syntax tree of a `.mecha` file. One tree for all three dialects:
 * - `v1`: `version 1`, `model x = "p" : sd1`, `param`, `let`, `output`, calls with `|`;
 * - `legacy`: sd-mecha 0.0.x, no header, `model "p" "sd1" "base"`, `merge "m" &0 &1 k=v`, `parameter`, `dict`;
 * - `legacy-0.1.0`: sd-mecha 1.x, `version 0.1.0` header, adds `literal`, keyword model options, `null`/`true`/`false`.
 *
 * Nodes are plain readonly data tagged by `kind`, each with the span of source text it covers.
 * The tree carries no semantic information: types, symbols and resolved references live in the checker's output.
 */

export type Dialect = 'v1' | 'legacy' | 'legacy-0.1.0';

interface NodeBase {
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------------------------
// Document and trivia

export interface Document extends NodeBase {
  readonly kind: 'Document';
  readonly dialect: Dialect;
  /** The `version ...` header, when present. */
  readonly version: VersionDecl | undefined;
  readonly statements: readonly Statement[];
  /** Every comment of the file, in source order; the formatter places them back. */
  readonly comments: readonly Comment[];
}

export interface Comment extends NodeBase {
  readonly kind: 'Comment';
  /** The comment's text without the leading `#`. */
  readonly text: string;
}

export interface VersionDecl extends NodeBase {
  readonly kind: 'VersionDecl';
  /** As written: `1`, `0.1.0`. */
  readonly value: string;
}

// ---------------------------------------------------------------------------------------------------------------
// v1 statements

export type Statement =
  | ModelDecl
  | ParamDecl
  | LetDecl
  | OutputDecl
  | LegacyStatement
  | ErrorStatement;

/** `model base = "v1-5-pruned" : sd1` */
export interface ModelDecl extends NodeBase {
  readonly kind: 'ModelDecl';
  readonly name: Identifier;
  readonly path: StringLiteral;
  readonly type: TypeAnnotation | undefined;
}

/** `param style : sd1` */
export interface ParamDecl extends NodeBase {
  readonly kind: 'ParamDecl';
  readonly name: Identifier;
  readonly type: TypeAnnotation | undefined;
}

/** `let out = weighted_sum(a, b, alpha=0.3)` */
export interface LetDecl extends NodeBase {
  readonly kind: 'LetDecl';
  readonly name: Identifier;
  readonly value: Expression;
}

/** `output out` */
export interface OutputDecl extends NodeBase {
  readonly kind: 'OutputDecl';
  readonly value: Expression;
}

/** `: sd1`, `: sd1 delta`, `: sdxl weight` */
export interface TypeAnnotation extends NodeBase {
  readonly kind: 'TypeAnnotation';
  readonly arch: Identifier;
  /** `weight`, `delta`, `lora`; absent means `weight`. */
  readonly space: Identifier | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Legacy statements (both sd-mecha dialects): one line, a command and its arguments

export type LegacyCommand = 'model' | 'merge' | 'parameter' | 'dict' | 'literal';

/**
 * One line of a legacy recipe: `merge "weighted_sum" &0 &1 alpha=0.5`.
 * `index` is the number the line is referred to by (`&index`): its position among the file's legacy statements.
 */
export interface LegacyStatement extends NodeBase {
  readonly kind: 'LegacyStatement';
  readonly command: LegacyCommand;
  /** The span of the command word. */
  readonly commandSpan: Span;
  readonly index: number;
  /** Positional arguments and keyword arguments, in source order. */
  readonly args: readonly Argument[];
}

/** A statement the parser could not make sense of; it still covers its text so later lines stay aligned. */
export interface ErrorStatement extends NodeBase {
  readonly kind: 'ErrorStatement';
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | Identifier
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | Reference
  | MemberExpression
  | CallExpression
  | PipeExpression
  | ParenExpression
  | ErrorExpression;

export interface Identifier extends NodeBase {
  readonly kind: 'Identifier';
  readonly name: string;
}

export interface NumberLiteral extends NodeBase {
  readonly kind: 'NumberLiteral';
  readonly value: number;
  /** As written, so the formatter keeps `1e-6` and `0.50` (and legacy int/float distinctions). */
  readonly raw: string;
}

export interface StringLiteral extends NodeBase {
  readonly kind: 'StringLiteral';
  /** The unescaped value. */
  readonly value: string;
  /** As written, quotes included. */
  readonly raw: string;
}

export interface BooleanLiteral extends NodeBase {
  readonly kind: 'BooleanLiteral';
  readonly value: boolean;
}

export interface NullLiteral extends NodeBase {
  readonly kind: 'NullLiteral';
}

/** `&3` in legacy files: the value of the statement with that index. */
export interface Reference extends NodeBase {
  readonly kind: 'Reference';
  readonly index: number;
}

/** `sd1.unet`: a component of an architecture. */
export interface MemberExpression extends NodeBase {
  readonly kind: 'MemberExpression';
  readonly object: Identifier;
  readonly property: Identifier;
}

/** `weighted_sum(a, b, alpha=0.5)`, `blocks(sd1.unet, in2=0.75, out*=0.1)` */
export interface CallExpression extends NodeBase {
  readonly kind: 'CallExpression';
  readonly callee: Identifier;
  readonly args: readonly Argument[];
  /** The span of the argument list, parentheses included (for signature help and completion). */
  readonly argsSpan: Span;
}

/** `a | b`: joins hyperparameter maps; the right side wins where both set an entry. */
export interface PipeExpression extends NodeBase {
  readonly kind: 'PipeExpression';
  readonly left: Expression;
  readonly right: Expression;
}

/** `(expr)` kept so the formatter can keep the parentheses a person wrote. */
export interface ParenExpression extends NodeBase {
  readonly kind: 'ParenExpression';
  readonly expression: Expression;
}

/** Where an expression was expected but none could be parsed. */
export interface ErrorExpression extends NodeBase {
  readonly kind: 'ErrorExpression';
}

export type Argument = PositionalArgument | KeywordArgument;

export interface PositionalArgument extends NodeBase {
  readonly kind: 'PositionalArgument';
  readonly value: Expression;
}

/** `alpha=0.5`; block names may hold a `*` wildcard: `out*=0.1`. */
export interface KeywordArgument extends NodeBase {
  readonly kind: 'KeywordArgument';
  readonly name: KeywordName;
  /** `ErrorExpression` when the value is missing (`alpha=`). */
  readonly value: Expression;
}

export interface KeywordName extends NodeBase {
  readonly kind: 'KeywordName';
  /** As written, `*` included. */
  readonly name: string;
}

export type Node =
  | Document
  | Comment
  | VersionDecl
  | Statement
  | TypeAnnotation
  | Expression
  | Argument
  | KeywordName;

export type NodeKind = Node['kind'];
