/**
 * The TICKscript syntax tree. Every node carries the position of its first character so that
 * the checker and the engine can report line:column.
 */
export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in characters. */
  readonly column: number;
  /** 0-based character offset into the script. */
  readonly offset: number;
}

export type BinaryOperator =
  | '+' | '-' | '*' | '/' | '%'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '=~' | '!~'
  | 'AND' | 'OR';

export type UnaryOperator = '-' | '!';

export type Expr =
  | { readonly kind: 'Identifier'; readonly name: string; readonly pos: Position }
  | { readonly kind: 'Int'; readonly value: bigint; readonly pos: Position }
  | { readonly kind: 'Float'; readonly value: number; readonly pos: Position }
  /** A duration literal such as `10s`; `ns` is the length in nanoseconds. */
  | { readonly kind: 'Duration'; readonly ns: bigint; readonly literal: string; readonly pos: Position }
  | { readonly kind: 'String'; readonly value: string; readonly pos: Position }
  | { readonly kind: 'Bool'; readonly value: boolean; readonly pos: Position }
  /** A double-quoted field or tag reference, e.g. `"usage_idle"`. */
  | { readonly kind: 'Reference'; readonly name: string; readonly pos: Position }
  /** A regex literal `/.../`, holding the pattern text between the slashes (RE2 syntax). */
  | { readonly kind: 'Regex'; readonly pattern: string; readonly pos: Position }
  | { readonly kind: 'Star'; readonly pos: Position }
  | { readonly kind: 'List'; readonly items: readonly Expr[]; readonly pos: Position }
  | { readonly kind: 'Lambda'; readonly body: Expr; readonly pos: Position }
  | { readonly kind: 'Unary'; readonly op: UnaryOperator; readonly operand: Expr; readonly pos: Position }
  /** `pos` is the operator's position (as in Kapacitor), the most precise place for a type error. */
  | { readonly kind: 'Binary'; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr; readonly pos: Position }
  /** A function call inside a lambda, e.g. `sigma("x")`, or a top-level call. */
  | { readonly kind: 'Call'; readonly name: string; readonly args: readonly Expr[]; readonly pos: Position }
  /**
   * A chain link: `object | method(args)` (chaining method, makes a child node),
   * `object . method(args)` (property method) or `object @ method(args)` (UDF).
   */
  | {
      readonly kind: 'Chain';
      readonly operator: '|' | '.' | '@';
      readonly object: Expr;
      readonly method: string;
      readonly args: readonly Expr[];
      /** Position of the method name. */
      readonly pos: Position;
      /**
       * True for a property named without parentheses (`.noRecoveries`): Kapacitor reads that as
       * a field access, not a call, so the compiler rejects it. Absent for ordinary calls.
       */
      readonly bare?: boolean;
    };

export type VarType = 'int' | 'float' | 'bool' | 'string' | 'regex' | 'duration' | 'lambda' | 'list' | 'star';

export type Statement =
  | { readonly kind: 'VarDecl'; readonly name: string; readonly value: Expr; readonly pos: Position }
  | { readonly kind: 'TypeDecl'; readonly name: string; readonly type: VarType; readonly pos: Position }
  | { readonly kind: 'Dbrp'; readonly database: string; readonly retentionPolicy: string; readonly pos: Position }
  | { readonly kind: 'ExprStatement'; readonly expr: Expr; readonly pos: Position };

export interface Program {
  readonly statements: readonly Statement[];
}
