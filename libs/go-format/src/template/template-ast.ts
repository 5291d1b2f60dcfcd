/** The parse tree of a Go text/template (`text/template/parse/node.go`), reduced to what vigil runs. */

export type ListNode = readonly ItemNode[];

export type ItemNode = TextNode | ActionNode | IfNode | RangeNode | WithNode | LoopControlNode;

export interface TextNode {
  readonly kind: 'text';
  readonly pos: number;
  /** The text as written (trim markers applied); html mode may rewrite it (comments removed). */
  text: string;
}

export interface ActionNode {
  readonly kind: 'action';
  readonly pos: number;
  readonly pipe: PipeNode;
  /** html mode: the action sits inside an HTML comment, so its output is dropped. */
  silent: boolean;
  /**
   * html mode: the escapers the printed value goes through, in order, chosen by the action's
   * HTML context (html-context.ts); empty after a final `html` in text.
   */
  escapers: readonly ((text: string) => string)[];
}

export interface IfNode {
  readonly kind: 'if' | 'with';
  readonly pos: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}

export type WithNode = IfNode & { readonly kind: 'with' };

export interface RangeNode {
  readonly kind: 'range';
  readonly pos: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}

export interface LoopControlNode {
  readonly kind: 'break' | 'continue';
  readonly pos: number;
}

export interface PipeNode {
  readonly kind: 'pipe';
  readonly pos: number;
  /** Declared or assigned variables (`$x :=`, `$i, $e :=` in range, `$x =`). */
  readonly decl: readonly string[];
  readonly isAssign: boolean;
  readonly cmds: readonly CommandNode[];
}

export interface CommandNode {
  readonly pos: number;
  readonly args: readonly ArgNode[];
}

export type ArgNode =
  | PipeNode
  | { readonly kind: 'field'; readonly pos: number; readonly idents: readonly string[] }
  | { readonly kind: 'variable'; readonly pos: number; readonly name: string; readonly idents: readonly string[] }
  | { readonly kind: 'chain'; readonly pos: number; readonly node: ArgNode; readonly fields: readonly string[] }
  | { readonly kind: 'identifier'; readonly pos: number; readonly name: string }
  | { readonly kind: 'dot'; readonly pos: number }
  | { readonly kind: 'nil'; readonly pos: number }
  | { readonly kind: 'bool'; readonly pos: number; readonly value: boolean }
  | { readonly kind: 'number'; readonly pos: number; readonly text: string; readonly value: bigint | number }
  | { readonly kind: 'string'; readonly pos: number; readonly value: string };

/** A short description of an argument node for error messages (`.Fields.x`, `$v`, `index`). */
export function describeArg(node: ArgNode): string {
  switch (node.kind) {
    case 'field':
      return '.' + node.idents.join('.');
    case 'variable':
      return [node.name, ...node.idents].join('.');
    case 'chain':
      return `(${describeArg(node.node)}).${node.fields.join('.')}`;
    case 'identifier':
      return node.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(node.value);
    case 'number':
      return node.text;
    case 'string':
      return JSON.stringify(node.value);
    case 'pipe':
      return '(pipeline)';
  }
}

/** A printed value after its action's escapers. */
export function applyEscapers(text: string, escapers: ActionNode['escapers']): string {
  let out = text;
  for (const escape of escapers) out = escape(out);
  return out;
}
