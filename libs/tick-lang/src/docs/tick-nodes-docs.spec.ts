import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { NodeSpec } from '../catalog/catalog-types';
import { NODE_CATALOG } from '../catalog/node-catalog';
import { KAPACITOR_NODES } from './kapacitor-nodes';
import { chainingCell, extensionSpecs, nodeStatusRows, renderNodeReference, renderNodeStatus } from './tick-nodes-docs';

const DOC = join(__dirname, '../../../../docs/tick-nodes.md');

/** Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->`. */
function fill(doc: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->\n`;
  const end = `<!-- ${name}:end -->`;
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/tick-nodes.md lacks the ${name} markers`);
  return doc.slice(0, from + begin.length) + body + doc.slice(to);
}

/** Kapacitor 1.5.9's pipeline/ folder in the Go module cache, if the module was downloaded. */
function kapacitorPipeline(): string | undefined {
  const go = spawnSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' });
  const caches = [process.env['GOMODCACHE'], go.status === 0 ? go.stdout.trim() : undefined, join(homedir(), 'go/pkg/mod')];
  return caches.map((cache) => cache && join(cache, 'github.com/influxdata/kapacitor@v1.5.9/pipeline')).find((dir) => dir !== undefined && existsSync(dir));
}

/** Every chaining method of pipeline/*.go that creates a node, first letter lowered as TICKscript writes it. */
function chainingMethods(pipeline: string): string[] {
  const method = /^func \(\w+ \*(?:chainnode|node|StreamNode|BatchNode)\) ([A-Z]\w*)\(.*\) \*\w*Node \{/gm;
  return readdirSync(pipeline)
    .filter((file) => file.endsWith('.go') && !file.endsWith('_test.go'))
    .flatMap((file) => [...readFileSync(join(pipeline, file), 'utf8').matchAll(method)].map((match) => match[1] ?? ''))
    .map((name) => name.charAt(0).toLowerCase() + name.slice(1))
    .sort();
}

const pipeline = kapacitorPipeline();

describe('docs/tick-nodes.md', () => {
  it('shows every Kapacitor node with its status, and the reference, as the catalog gives them (VIGIL_WRITE_DOCS=1 rewrites it)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const rendered = fill(fill(doc, 'nodes', renderNodeStatus()), 'reference', renderNodeReference());
    if (process.env['VIGIL_WRITE_DOCS'] === '1') writeFileSync(DOC, rendered);
    expect(doc).toBe(rendered);
  });

  it('lists every node of the catalog, as a Kapacitor node or as an extension that says so', () => {
    const doc = readFileSync(DOC, 'utf8');
    for (const spec of NODE_CATALOG.filter((candidate) => !candidate.internal)) expect(doc).toContain(`| ${chainingCell(spec.name)} |`);
    // A catalog name that is not Kapacitor's must be meant: otherwise it is a misspelt Kapacitor node.
    for (const spec of extensionSpecs()) expect({ name: spec.name, extension: /vigil's extension/.test(spec.doc) }).toEqual({ name: spec.name, extension: true });
  });

  it.skipIf(pipeline === undefined)(`names Kapacitor 1.5.9's nodes as its source declares them${pipeline === undefined ? ' (skipped: the Go module is not in the module cache)' : ''}`, () => {
    const dir = pipeline ?? '';
    const declared = KAPACITOR_NODES.filter((node) => node.form === undefined).map((node) => node.name).sort();
    expect(declared).toEqual(chainingMethods(dir));
    for (const node of KAPACITOR_NODES) expect({ name: node.name, file: existsSync(join(dir, node.file)) }).toEqual({ name: node.name, file: true });
  });
});

describe('nodeStatusRows', () => {
  const spec = (name: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ name, kapacitorName: name, category: 'transform', args: [], properties: [], wants: 'any', provides: 'same', doc: `Does ${name}. More.`, ...extra });

  it('derives supported, partly, not yet and refused from the catalog and the plans', () => {
    const catalog = [
      spec('window'),
      spec('alert', { properties: [{ name: 'post', args: [], doc: 'x' }, { name: 'kafka', args: [], doc: 'x', unsupported: 'no kafka handler' }] }),
      spec('barrier', { unsupported: 'barrier nodes are not supported by vigil yet' }),
    ];
    const rows = nodeStatusRows(catalog, [
      { name: 'window', file: 'window.go' },
      { name: 'alert', file: 'alert.go' },
      { name: 'barrier', file: 'barrier.go', plan: { issue: 13 } },
      { name: 'k8sAutoscale', file: 'k8s_autoscale.go', plan: { refused: 'the orchestrator scales' } },
      { name: 'flatten', file: 'flatten.go' },
    ]);
    expect(rows.map((row) => [row.node.name, row.status, row.note])).toEqual([
      ['window', 'supported', 'Does window.'],
      ['alert', 'partly', 'refused at definition: `.kafka()` (no kafka handler).'],
      ['barrier', 'not yet', 'issue 13; today: barrier nodes are not supported by vigil yet.'],
      ['k8sAutoscale', 'refused', 'the orchestrator scales.'],
      ['flatten', 'not yet', "not in vigil's node catalog."],
    ]);
  });

  it('takes a node the catalog gains as supported, whatever plan was declared for it', () => {
    const rows = nodeStatusRows([spec('join')], [{ name: 'join', file: 'join.go', plan: { issue: 13 } }]);
    expect(rows.map((row) => row.status)).toEqual(['supported']);
  });
});
