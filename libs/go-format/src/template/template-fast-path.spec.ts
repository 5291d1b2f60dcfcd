import { GoDuration, GoTime } from '../go-time';
import { GoMap } from '../go-value';
import { applyHtmlContext } from './html-context';
import { kapacitorDetailsFuncs } from './kapacitor-funcs';
import { BUILTINS, type TemplateFunc } from './template-builtins';
import { executeProgram, type Program } from './template-exec';
import { compileFastPath, FALLBACK } from './template-fast-path';
import { TemplateParser } from './template-parser';

function program(source: string, html: boolean, funcs: Readonly<Record<string, TemplateFunc>> = html ? kapacitorDetailsFuncs : {}): Program {
  const table = new Map(Object.entries(funcs));
  const root = new TemplateParser(source, (fn) => table.has(fn) || BUILTINS.has(fn)).parse();
  if (html) applyHtmlContext(root, table.has('html'));
  return { root, html, funcs: table };
}

/** The interpreter's text, or its error message. */
function interpreted(p: Program, data: unknown): string {
  try {
    return executeProgram(p, data);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const data = {
  Name: 'cpu',
  Group: 'host=a',
  Tags: new GoMap([['host', 'a<b>'], ['dc', 'eu+1']], ''),
  ServerInfo: { Hostname: 'h', ClusterID: 'c' },
  ID: 'cpu:host=a',
  Fields: new Map<string, unknown>([['value', 1.5], ['count', 3n], ['nil', null], ['big', 1e21], ['quote', 'it\'s "x" & +1']]),
  Level: 'CRITICAL',
  Time: new GoTime(1_700_000_000_123_000_000n),
  Duration: new GoDuration(90_000_000_000n),
  Nothing: null,
  Method: () => 'called',
};

const TAKEN = [
  '{{ .ID }} is {{ .Level }}',
  'status_{{ index .Tags "host" }}{{ index .Tags "dc" }}',
  '{{ index .Tags "missing" }}|{{ index .Fields "missing" }}|{{ index .Fields "nil" }}',
  '{{ .ServerInfo.Hostname }} {{ .Fields.value }} {{ .Fields.count }} {{ .Fields.absent }} {{ .Time }} {{ .Duration }}',
  '{{ json . }}',
  '{{ jsonCompact .Tags }} and {{ json .Fields.value }}',
  '{{ .Tags }} {{ .ServerInfo }}',
  '<!-- {{ .ID }} --> {{ .Name }}',
];

const FALLING_BACK = [
  '{{ .Missing }}',
  '{{ .Nothing.x }}',
  '{{ .ID.x }}',
  '{{ .Method }}',
  '{{ .Time.Unix }}',
  '{{ index .Nothing "x" }}',
  '{{ index .ID "x" }}',
  '{{ index .Missing "x" }}',
];

describe('template fast path', () => {
  for (const html of [false, true]) {
    describe(html ? 'html' : 'text', () => {
      it.each(TAKEN.filter((source) => html || !source.includes('json')))('renders %s as the interpreter does', (source) => {
        const p = program(source, html);
        const fast = compileFastPath(p);
        expect(fast).toBeDefined();
        const rendered = fast?.(data);
        expect(rendered).not.toBe(FALLBACK);
        expect(rendered).toBe(interpreted(p, data));
      });

      it.each(FALLING_BACK)('leaves %s to the interpreter', (source) => {
        const p = program(source, html);
        expect(compileFastPath(p)?.(data)).toBe(FALLBACK);
      });
    });
  }

  it('uses the escaped variant of json only where the escaper would run', () => {
    const custom = program('{{ json . }}', true, { json: (value: unknown) => `"${typeof value}"` });
    expect(compileFastPath(custom)?.(data)).toBe('&#34;object&#34;');
    const inComment = program('<!-- {{ json . }} -->{{ jsonCompact .Fields }}', true);
    expect(compileFastPath(inComment)?.(data)).toBe(interpreted(inComment, data));
  });

  it('does not compile other shapes', () => {
    for (const source of ['{{ if .ID }}x{{ end }}', '{{ $x := .ID }}', '{{ .ID | printf "%s" }}', '{{ printf "%s" .ID }}', '{{ index .Tags .ID }}x']) {
      const p = program(source, false);
      const fast = compileFastPath(p);
      if (fast === undefined) continue;
      // A shape it does compile must still agree with the interpreter.
      const rendered = fast(data);
      if (rendered !== FALLBACK) expect(rendered).toBe(interpreted(p, data));
    }
    expect(compileFastPath(program('{{ if .ID }}x{{ end }}', false))).toBeUndefined();
    expect(compileFastPath(program('{{ printf "%s" .ID }}', false))).toBeUndefined();
  });

  it('lets a custom function of the same name as a builtin take precedence', () => {
    const p = program('{{ index .Tags "host" }}', false, { index: (...args: unknown[]) => `custom ${args.length}` });
    const fast = compileFastPath(p);
    const rendered = fast?.(data) ?? FALLBACK;
    expect(rendered === FALLBACK ? interpreted(p, data) : rendered).toBe('custom 2');
  });

  it('falls back when a custom function throws, so the interpreter reports it', () => {
    const p = program('{{ boom . }}', false, { boom: () => { throw new Error('no'); } });
    expect(compileFastPath(p)?.(data)).toBe(FALLBACK);
    expect(interpreted(p, data)).toMatch(/error calling boom: no/);
  });
});
