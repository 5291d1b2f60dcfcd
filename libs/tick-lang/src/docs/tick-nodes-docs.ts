import type { NodeSpec, PropertySpec } from '../catalog/catalog-types';
import { renderCatalogMarkdown } from '../catalog/catalog-docs';
import { NODE_CATALOG } from '../catalog/node-catalog';
import { KAPACITOR_NODES, type KapacitorNode } from './kapacitor-nodes';

export type NodeStatus = 'supported' | 'partly' | 'not yet' | 'refused';

/** One row of docs/tick-nodes.md: a Kapacitor node and what vigil does with it. */
export interface NodeStatusRow {
  readonly node: KapacitorNode;
  readonly status: NodeStatus;
  /** What the node does (supported), what is missing (partly), or the plan or the reason. */
  readonly note: string;
}

/** The status of every Kapacitor node, from the catalog entry of the same name. */
export function nodeStatusRows(catalog: readonly NodeSpec[] = NODE_CATALOG, kapacitor: readonly KapacitorNode[] = KAPACITOR_NODES): NodeStatusRow[] {
  const byName = new Map(catalog.map((spec) => [spec.name, spec]));
  return kapacitor.map((node) => ({ node, ...statusOf(node, byName.get(node.name)) }));
}

/** Catalog nodes that are not Kapacitor's (`promQL`): vigil's extensions. */
export function extensionSpecs(catalog: readonly NodeSpec[] = NODE_CATALOG, kapacitor: readonly KapacitorNode[] = KAPACITOR_NODES): NodeSpec[] {
  const names = new Set(kapacitor.map((node) => node.name));
  return catalog.filter((spec) => !spec.internal && !names.has(spec.name));
}

function statusOf(node: KapacitorNode, spec: NodeSpec | undefined): { status: NodeStatus; note: string } {
  if (spec && !spec.unsupported) {
    const missing = unsupportedProperties(spec.properties);
    if (missing.length === 0) return { status: 'supported', note: firstSentence(spec.doc) };
    const reasons = new Set(missing.map(({ property }) => property.unsupported));
    const why = reasons.size === 1 ? ` (${[...reasons][0] ?? ''})` : '';
    return { status: 'partly', note: `refused at definition: ${missing.map(({ property, owner }) => `\`${owner}.${property.name}()\``).join(', ')}${why}.` };
  }
  const plan = node.plan;
  const reason = spec?.unsupported ?? 'not in vigil\'s node catalog';
  if (plan && 'refused' in plan) return { status: 'refused', note: `${plan.refused}.` };
  if (plan && 'issue' in plan) return { status: 'not yet', note: `issue ${plan.issue}; today: ${reason}.` };
  if (plan && 'open' in plan) return { status: 'not yet', note: `${plan.open}.` };
  return { status: 'not yet', note: `${reason}.` };
}

/** A node's properties, and those of the handlers it opens (owner `.post()`), that vigil refuses. */
function unsupportedProperties(properties: readonly PropertySpec[], owner = ''): { property: PropertySpec; owner: string }[] {
  return properties.flatMap((property) => [
    ...(property.unsupported ? [{ property, owner }] : []),
    ...unsupportedProperties(property.opens?.properties ?? [], `.${property.name}()`),
  ]);
}

/** The first sentence of a catalog doc, without a leading bold marker (`**vigil's extension...**`). */
function firstSentence(doc: string): string {
  const text = doc.replace(/^\*\*[^*]+\*\*\s*/, '');
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** How a script writes the node, as a table cell (a pipe is escaped even in a code span there). */
function written(node: KapacitorNode): string {
  if (node.form === 'variable') return `\`${node.name}\``;
  if (node.form === 'udf') return '`@name()`';
  if (node.form === 'internal') return `${node.name} (internal)`;
  return chainingCell(node.name);
}

/** `|name()` as a table cell. */
export function chainingCell(name: string): string {
  return `\`\\|${name}()\``;
}

/** Table cells: no pipes or line breaks, and `<`/`>` outside code spans escaped so they do not read as HTML. */
function cell(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part.replace(/</g, '&lt;').replace(/>/g, '&gt;') : part))
    .join('`')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');
}

/** The generated part of docs/tick-nodes.md: the summary, Kapacitor's nodes and vigil's extensions. */
export function renderNodeStatus(catalog: readonly NodeSpec[] = NODE_CATALOG, kapacitor: readonly KapacitorNode[] = KAPACITOR_NODES): string {
  const rows = nodeStatusRows(catalog, kapacitor);
  const count = (status: NodeStatus): number => rows.filter((row) => row.status === status).length;
  const lines = [
    `Of Kapacitor's ${rows.length} nodes, vigil supports ${count('supported')}, supports ${count('partly')} in part, does not run ${count('not yet')} yet and refuses ${count('refused')}.`,
    '',
    '| node | Kapacitor | vigil | what it does, what is missing, or why |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${written(row.node)} | \`pipeline/${row.node.file}\` | ${row.status} | ${cell(row.note)} |`),
    '',
  ];
  const extensions = extensionSpecs(catalog, kapacitor);
  if (extensions.length > 0) {
    lines.push("vigil's extensions, nodes Kapacitor does not have:", '', '| node | what it does |', '| --- | --- |');
    lines.push(...extensions.map((spec) => `| ${chainingCell(spec.name)} | ${cell(firstSentence(spec.doc))} |`), '');
  }
  return lines.join('\n');
}

/** The reference part of docs/tick-nodes.md: each node vigil knows, its chaining method and properties, one heading level down. */
export function renderNodeReference(catalog: readonly NodeSpec[] = NODE_CATALOG): string {
  const markdown = renderCatalogMarkdown(catalog).replace(/^# .*\n\n/, '');
  return (
    markdown
      .replace(/^## /gm, '### ')
      // catalog-docs leaves the pipe of a signature (`tag string|star`) bare in a call cell, where a table would end the cell.
      .replace(/^\| `([^`]*)` \|/gm, (_, call: string) => `| \`${call.replace(/\|/g, '\\|')}\` |`)
      .replace(/\n*$/, '\n')
  );
}
