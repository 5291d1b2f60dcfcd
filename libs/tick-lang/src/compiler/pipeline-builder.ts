import type { Position } from '../ast';
import type { NodeSpec } from '../catalog/catalog-types';
import type { Dbrp, Pipeline, PipelineNode, TickValue } from '../pipeline';
import { freezeCall, type NodeBuilder } from './eval-value';

/**
 * Creates nodes in script order. Ids are assigned at creation, so node names (`from1`,
 * `state_count2`, `alert3`) match the ones Kapacitor gives the same script.
 */
export class PipelineBuilder {
  readonly nodes: NodeBuilder[] = [];
  /**
   * Kapacitor's next node number. It runs ahead of the node index once a node has several
   * parents: `Pipeline.assignID` gives a node a new number each time a parent links it, so the
   * join of two parents made after `from2` is `join4` and the next node is number 5.
   */
  private nextNumber = 0;

  /** A node without parents: `stream`, or a `stats` node (which remembers its source). */
  createRoot(spec: NodeSpec, args: readonly TickValue[], pos: Position, source?: number): NodeBuilder {
    return this.add(spec, args, pos, [], edgeOf(spec, 'stream'), source);
  }

  createChild(parent: NodeBuilder, spec: NodeSpec, args: readonly TickValue[], pos: Position): NodeBuilder {
    const child = this.add(spec, args, pos, [parent.id], edgeOf(spec, parent.edge));
    parent.children.push(child.id);
    return child;
  }

  /**
   * A node whose parents are all of `parents`, in that order (`join`, `union`). Each parent
   * must already exist; the node takes the number of the last link, as in Kapacitor.
   */
  createMultiParentChild(parents: readonly NodeBuilder[], spec: NodeSpec, pos: Position): NodeBuilder {
    const first = parents[0];
    if (!first) throw new Error('a node with several parents needs at least one parent');
    this.nextNumber += parents.length - 1;
    const child = this.add(spec, [], pos, parents.map((parent) => parent.id), edgeOf(spec, first.edge));
    for (const parent of parents) parent.children.push(child.id);
    return child;
  }

  build(dbrps: readonly Dbrp[]): Pipeline {
    return { dbrps, nodes: this.nodes.map(freezeNode) };
  }

  private add(spec: NodeSpec, args: readonly TickValue[], pos: Position, parents: number[], edge: NodeBuilder['edge'], source?: number): NodeBuilder {
    const node: NodeBuilder = {
      id: this.nodes.length,
      number: this.nextNumber++,
      spec,
      args,
      properties: [],
      parents,
      children: [],
      pos,
      edge,
      ...(source === undefined ? {} : { source }),
    };
    this.nodes.push(node);
    return node;
  }
}

export function nodeName(node: NodeBuilder): string {
  return `${node.spec.kapacitorName}${node.number}`;
}

function edgeOf(spec: NodeSpec, incoming: NodeBuilder['edge']): NodeBuilder['edge'] {
  return spec.provides === 'same' ? incoming : spec.provides;
}

function freezeNode(node: NodeBuilder): PipelineNode {
  return {
    id: node.id,
    type: node.spec.name,
    name: nodeName(node),
    args: node.args,
    properties: node.properties.map(freezeCall),
    parents: [...node.parents],
    children: [...node.children],
    pos: node.pos,
    ...(node.source === undefined ? {} : { source: node.source }),
  };
}
