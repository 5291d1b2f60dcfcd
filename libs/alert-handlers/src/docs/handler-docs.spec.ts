import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXED_ENV_BINDINGS } from '../config/handler-config.env';
import { loadHandlerConfig } from '../config/load-handler-config';
import { HANDLER_SPECS } from '../handler-registry';
import { renderEnvTable, renderHandlerReference } from './handler-docs';

const DOC = join(__dirname, '../../../../docs/handlers.md');

/** Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->`. */
function fill(doc: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->\n`;
  const end = `<!-- ${name}:end -->`;
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/handlers.md lacks the ${name} markers`);
  return doc.slice(0, from + begin.length) + body + doc.slice(to);
}

describe('docs/handlers.md', () => {
  it('shows the registry and the environment variables as they are (VIGIL_WRITE_DOCS=1 rewrites it)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const rendered = fill(fill(doc, 'handlers', renderHandlerReference(HANDLER_SPECS)), 'env', renderEnvTable(FIXED_ENV_BINDINGS));
    if (process.env['VIGIL_WRITE_DOCS'] === '1') writeFileSync(DOC, rendered);
    expect(doc).toBe(rendered);
  });

  it('shows example files that load', () => {
    const examples = [...readFileSync(DOC, 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? '') as unknown);
    expect(examples).toHaveLength(3);
    for (const example of examples) expect(() => loadHandlerConfig(example, {})).not.toThrow();
  });

  it('documents a property for every handler that accepts some', () => {
    expect(renderHandlerReference(HANDLER_SPECS)).toContain("| `.to()` | `.to('a@example.com', ...)` adds recipients");
  });
});
