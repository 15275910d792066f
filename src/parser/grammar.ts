import { CstParser, type IOrAlt, type TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { structuredErrorMessages } from './error-messages.js';

/**
 * The grammar of every dialect, one statement at a time: `parse` cuts the file into statements and feeds them here
 * one by one, so an error can never run past its statement. The grammar is deliberately lenient where a precise
 * message helps more than a generic one (a missing value or `)`, stray tokens inside an argument list, a name
 * where an sd-mecha value is expected): it accepts those and the CST-to-AST builders report them. That is also
 * faster: Chevrotain's error path (exceptions, re-synchronisation) costs far more than an OPTION that is skipped.
 */
export class MechaGrammar extends CstParser {
  /** Each OR's alternatives, built on first use and reused: allocating them on every call showed up in profiles. */
  private readonly alternatives: Record<string, IOrAlt<unknown>[]> = {};

  /**
   * `validate` runs Chevrotain's checks of the grammar itself (ambiguities, left recursion): a test builds the
   * grammar with them once, so the instance every command uses can skip them and start faster.
   */
  constructor({ validate = false }: { validate?: boolean } = {}) {
    super([...T.ALL_TOKENS] as TokenType[], {
      recoveryEnabled: true,
      skipValidations: !validate,
      maxLookahead: 2,
      // Each node's start offset, so the builders can order a node's children without walking them.
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: structuredErrorMessages,
    });
    this.performSelfAnalysis();
  }

  // ------------------------------------------------------------------------------------------------------------
  // Shared

  /** `version 1`, `version 0.1.0` */
  readonly versionDecl = this.RULE('versionDecl', () => {
    this.CONSUME(T.Version);
    this.OR(
      (this.alternatives['versionDecl1'] ??= [
        { ALT: () => this.CONSUME(T.VersionNumber) },
        { ALT: () => this.CONSUME(T.NumberLike) },
      ]),
    );
  });

  // ------------------------------------------------------------------------------------------------------------
  // v1

  readonly v1Statement = this.RULE('v1Statement', () => {
    this.OR(
      (this.alternatives['v1Statement1'] ??= [
        { ALT: () => this.SUBRULE(this.modelDecl) },
        { ALT: () => this.SUBRULE(this.paramDecl) },
        { ALT: () => this.SUBRULE(this.letDecl) },
        { ALT: () => this.SUBRULE(this.outputDecl) },
      ]),
    );
  });

  /** The name a statement binds; `KeyName` because a name followed by `=` is lexed as one. */
  readonly bindingName = this.RULE('bindingName', () => {
    this.OR(
      (this.alternatives['bindingName1'] ??= [
        { ALT: () => this.CONSUME(T.Name) },
        { ALT: () => this.CONSUME(T.KeyName) },
      ]),
    );
  });

  readonly modelDecl = this.RULE('modelDecl', () => {
    this.CONSUME(T.Model);
    this.SUBRULE(this.bindingName);
    this.CONSUME(T.Equals);
    this.CONSUME(T.StringLike);
    this.OPTION(() => this.SUBRULE(this.typeAnnotation));
  });

  readonly paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(T.Param);
    this.SUBRULE(this.bindingName);
    this.OPTION(() => this.SUBRULE(this.typeAnnotation));
  });

  readonly letDecl = this.RULE('letDecl', () => {
    this.CONSUME(T.Let);
    this.SUBRULE(this.bindingName);
    this.CONSUME(T.Equals);
    this.OPTION(() => this.SUBRULE(this.expression));
  });

  readonly outputDecl = this.RULE('outputDecl', () => {
    this.CONSUME(T.Output);
    this.OPTION(() => this.SUBRULE(this.expression));
  });

  /** `: sd1`, `: sd1 delta` */
  readonly typeAnnotation = this.RULE('typeAnnotation', () => {
    this.CONSUME(T.Colon);
    this.CONSUME(T.Name);
    this.OPTION(() => this.CONSUME2(T.Name));
  });

  /** Operands joined by `|`; the builder folds them to the left and reports a missing operand. */
  readonly expression = this.RULE('expression', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.OPTION(() => this.SUBRULE2(this.primary));
    });
  });

  readonly primary = this.RULE('primary', () => {
    this.OR(
      (this.alternatives['primary1'] ??= [
        { ALT: () => this.CONSUME(T.NumberLike) },
        { ALT: () => this.CONSUME(T.StringLike) },
        { ALT: () => this.CONSUME(T.True) },
        { ALT: () => this.CONSUME(T.False) },
        { ALT: () => this.CONSUME(T.Null) },
        { ALT: () => this.CONSUME(T.Reference) },
        { ALT: () => this.SUBRULE(this.nameExpression) },
        { ALT: () => this.SUBRULE(this.parenExpression) },
      ]),
    );
  });

  /** `name`, `name.member` or `name(args)`. */
  readonly nameExpression = this.RULE('nameExpression', () => {
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.OR(
        (this.alternatives['nameExpression1'] ??= [
          {
            ALT: () => {
              this.CONSUME(T.Dot);
              this.CONSUME2(T.Name);
            },
          },
          { ALT: () => this.SUBRULE(this.callArguments) },
        ]),
      );
    });
  });

  /** `( ... )`. Commas and stray tokens are collected in any order; the builder checks their placement. */
  readonly callArguments = this.RULE('callArguments', () => {
    this.CONSUME(T.LParen);
    this.MANY(() => {
      this.OR(
        (this.alternatives['callArguments1'] ??= [
          { ALT: () => this.SUBRULE(this.argument) },
          { ALT: () => this.CONSUME(T.Comma) },
          { ALT: () => this.SUBRULE(this.strayInArguments) },
        ]),
      );
    });
    this.OPTION(() => this.CONSUME(T.RParen));
  });

  readonly argument = this.RULE('argument', () => {
    this.OR(
      (this.alternatives['argument1'] ??= [
        {
          ALT: () => {
            this.CONSUME(T.KeyName);
            this.CONSUME(T.Equals);
            this.OPTION(() => this.SUBRULE(this.expression));
          },
        },
        { ALT: () => this.SUBRULE2(this.expression) },
      ]),
    );
  });

  /** Tokens that cannot start an argument; taken here so one of them does not end the whole call. */
  readonly strayInArguments = this.RULE('strayInArguments', () => {
    this.OR(
      (this.alternatives['strayInArguments1'] ??= [
        { ALT: () => this.CONSUME(T.Colon) },
        { ALT: () => this.CONSUME(T.Equals) },
        { ALT: () => this.CONSUME(T.Dot) },
        { ALT: () => this.CONSUME(T.Pipe) },
        { ALT: () => this.CONSUME(T.VersionNumber) },
        { ALT: () => this.CONSUME(T.Model) },
        { ALT: () => this.CONSUME(T.Param) },
        { ALT: () => this.CONSUME(T.Let) },
        { ALT: () => this.CONSUME(T.Output) },
        { ALT: () => this.CONSUME(T.Version) },
      ]),
    );
  });

  readonly parenExpression = this.RULE('parenExpression', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.expression));
    this.OPTION2(() => this.CONSUME(T.RParen));
  });

  // ------------------------------------------------------------------------------------------------------------
  // Legacy (sd-mecha 0.0.x and 0.1.0): a command word, then values and key=value pairs

  readonly legacyStatement = this.RULE('legacyStatement', () => {
    this.OR(
      (this.alternatives['legacyStatement1'] ??= [
        { ALT: () => this.CONSUME(T.Model) },
        { ALT: () => this.CONSUME(T.Merge) },
        { ALT: () => this.CONSUME(T.Parameter) },
        { ALT: () => this.CONSUME(T.Dict) },
        { ALT: () => this.CONSUME(T.Literal) },
      ]),
    );
    this.MANY(() => {
      this.OR2(
        (this.alternatives['legacyStatement2'] ??= [
          { ALT: () => this.SUBRULE(this.legacyArgument) },
          { ALT: () => this.SUBRULE(this.strayInLegacy) },
        ]),
      );
    });
  });

  readonly legacyArgument = this.RULE('legacyArgument', () => {
    this.OR(
      (this.alternatives['legacyArgument1'] ??= [
        {
          ALT: () => {
            this.CONSUME(T.KeyName);
            this.CONSUME(T.Equals);
            this.OPTION(() => this.SUBRULE(this.legacyValue));
          },
        },
        { ALT: () => this.SUBRULE2(this.legacyValue) },
      ]),
    );
  });

  readonly legacyValue = this.RULE('legacyValue', () => {
    this.OR(
      (this.alternatives['legacyValue1'] ??= [
        { ALT: () => this.CONSUME(T.Reference) },
        { ALT: () => this.CONSUME(T.NumberLike) },
        { ALT: () => this.CONSUME(T.StringLike) },
        { ALT: () => this.CONSUME(T.True) },
        { ALT: () => this.CONSUME(T.False) },
        { ALT: () => this.CONSUME(T.Null) },
        { ALT: () => this.CONSUME(T.Name) },
      ]),
    );
  });

  readonly strayInLegacy = this.RULE('strayInLegacy', () => {
    this.OR(
      (this.alternatives['strayInLegacy1'] ??= [
        { ALT: () => this.CONSUME(T.Colon) },
        { ALT: () => this.CONSUME(T.Equals) },
        { ALT: () => this.CONSUME(T.Dot) },
        { ALT: () => this.CONSUME(T.Pipe) },
        { ALT: () => this.CONSUME(T.Comma) },
        { ALT: () => this.CONSUME(T.LParen) },
        { ALT: () => this.CONSUME(T.RParen) },
        { ALT: () => this.CONSUME(T.VersionNumber) },
        { ALT: () => this.CONSUME(T.Model) },
        { ALT: () => this.CONSUME(T.Param) },
        { ALT: () => this.CONSUME(T.Let) },
        { ALT: () => this.CONSUME(T.Output) },
        { ALT: () => this.CONSUME(T.Version) },
      ]),
    );
  });
}

export type EntryRule = 'versionDecl' | 'v1Statement' | 'legacyStatement';

let instance: MechaGrammar | undefined;

/** The one parser instance: building it runs Chevrotain's grammar analysis, so it is built once and reused. */
export function grammar(): MechaGrammar {
  instance ??= new MechaGrammar();
  return instance;
}
