// What the emulators' hand-written expression parsers share (Okta's filter/search, Auth0's SCIM
// filter, Auth0's Lucene `q`): the nesting limit that keeps their recursion bounded, and the
// `and` / `or` chain with `and` binding tighter. Tokens, comparisons and every error text stay
// with each vendor's parser.
import { MAX_EXPRESSION_DEPTH } from './request-parsers.ts';

/** Counts how deep a recursive-descent parser is; past MAX_EXPRESSION_DEPTH levels it throws `tooDeep()` (the vendor's words). */
export class NestingLimit {
  #depth = 0;
  constructor(private readonly tooDeep: () => Error) {}

  /** One level deeper (parentheses, a value filter, NOT) for the time of `parse`. */
  nested<T>(parse: () => T): T {
    if (++this.#depth > MAX_EXPRESSION_DEPTH) throw this.tooDeep();
    const result = parse();
    this.#depth--;
    return result;
  }
}

/** Comparisons (any node whose kind is not `and` / `or`) joined by `and` and `or`. */
export type Junction<Leaf> = Leaf | { kind: 'and' | 'or'; left: Junction<Leaf>; right: Junction<Leaf> };

/**
 * `x or y`, `x and y`, left-associative, `and` before `or`. `operand` parses one comparison or
 * parenthesised group; `accept(word)` consumes `word` when it comes next and says whether it did.
 */
export function parseJunctions<Leaf>(operand: () => Junction<Leaf>, accept: (word: 'and' | 'or') => boolean): Junction<Leaf> {
  const conjunction = () => {
    let node = operand();
    while (accept('and')) node = { kind: 'and', left: node, right: operand() };
    return node;
  };
  let node = conjunction();
  while (accept('or')) node = { kind: 'or', left: node, right: conjunction() };
  return node;
}

function isJunction<Leaf>(node: Junction<Leaf>): node is { kind: 'and' | 'or'; left: Junction<Leaf>; right: Junction<Leaf> } {
  const kind = (node as { kind?: unknown }).kind;
  return kind === 'and' || kind === 'or';
}

/** Whether the expression holds, `test` deciding each comparison. */
export function evaluateJunctions<Leaf>(node: Junction<Leaf>, test: (leaf: Leaf) => boolean): boolean {
  if (!isJunction(node)) return test(node);
  return node.kind === 'and'
    ? evaluateJunctions(node.left, test) && evaluateJunctions(node.right, test)
    : evaluateJunctions(node.left, test) || evaluateJunctions(node.right, test);
}

/** Every comparison of the expression, left to right. */
export function leavesOf<Leaf>(node: Junction<Leaf>): Leaf[] {
  return isJunction(node) ? [...leavesOf(node.left), ...leavesOf(node.right)] : [node];
}
