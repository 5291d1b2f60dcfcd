import type { NodeSpec, PropertySpec } from './catalog-types';
import { NODE_CATALOG } from './node-catalog';
import { formatSignature } from './signature-format';

/**
 * Renders the node catalog as Markdown, one section per node with its chaining method, its
 * properties and (for alert handlers) their own properties. The docs are generated from the same
 * specs the compiler validates against, so they cannot drift apart.
 */
export function renderCatalogMarkdown(catalog: readonly NodeSpec[] = NODE_CATALOG): string {
  const sections = catalog.filter((spec) => !spec.internal || spec.name === 'stream').map(renderNode);
  return `# TICKscript nodes\n\n${sections.join('\n')}`;
}

function renderNode(spec: NodeSpec): string {
  const heading = spec.name === 'stream' ? '## stream' : `## |${spec.name}(${formatSignature(spec)})`;
  const lines = [heading, '', spec.unsupported ? `**Not supported by vigil:** ${spec.unsupported}.` : spec.doc, ''];
  const supported = spec.properties.filter((property) => !property.unsupported);
  if (supported.length > 0) {
    lines.push('| property | description |', '|---|---|');
    for (const property of supported) {
      lines.push(propertyRow(property, ''));
      for (const inner of (property.opens?.properties ?? []).filter((option) => !option.unsupported)) lines.push(propertyRow(inner, `.${property.name}()`));
    }
    lines.push('');
  }
  return lines.join('\n');
}

function propertyRow(property: PropertySpec, prefix: string): string {
  const call = `\`${prefix}.${property.name}(${formatSignature(property)})\``;
  const fallback = property.opens ? ' Opens a handler: the properties below it apply to this handler.' : '';
  return `| ${call} | ${escapeCell(property.doc + fallback)} |`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
