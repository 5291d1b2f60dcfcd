import { handlerDeclaration, type PropertySpec } from '@vigil/tick-lang';
import type { EnvBinding } from '../config/handler-config.env';
import type { HandlerSpec } from '../handler-registry';

/** `<name>` outside code spans would read as an HTML tag, so it is escaped there. */
const prose = (text: string): string =>
  text
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part.replace(/</g, '&lt;').replace(/>/g, '&gt;') : part))
    .join('`');

/** Markdown table cells hold no pipes or line breaks. */
const cell = (text: string): string => prose(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The reference part of docs/handlers.md, rendered from the registry (delivery) and the catalog's
 * handler declarations (properties) so that neither drifts from the page.
 */
export function renderHandlerReference(specs: readonly HandlerSpec[]): string {
  const sections = specs.map((spec) => {
    const lines = [`### \`.${spec.kind}()\``, '', prose(spec.summary), ''];
    const options = handlerDeclaration(spec.kind)?.opens?.properties ?? [];
    if (options.length > 0) {
      const effect = (option: PropertySpec): string => (option.unsupported ? `Refused: ${option.unsupported}.` : option.doc);
      lines.push('| Property | Effect |', '| --- | --- |', ...options.map((option) => `| \`.${option.name}()\` | ${cell(effect(option))} |`), '');
    } else {
      lines.push('No properties.', '');
    }
    lines.push(`Configuration: ${spec.config === '' || spec.config === 'none' ? 'none.' : prose(spec.config)}`);
    lines.push('', `Repeats: ${prose(spec.repeats)}`);
    return lines.join('\n');
  });
  return sections.join('\n\n') + '\n';
}

/** The table of fixed-name environment variables. */
export function renderEnvTable(bindings: readonly EnvBinding[]): string {
  const kinds = { string: 'text', integer: 'integer', boolean: '`true`/`false`/`1`/`0`', list: 'comma-separated list' } as const;
  return ['| Variable | Setting | Value |', '| --- | --- | --- |', ...bindings.map((b) => `| \`${b.name}\` | \`${b.path.join('.')}\` | ${kinds[b.kind]} |`)].join('\n') + '\n';
}
