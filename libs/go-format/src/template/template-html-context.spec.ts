import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoMap } from '../go-value';
import { kapacitorDetailsFuncs } from './kapacitor-funcs';
import { parseTemplate } from './parse-template';
import { TemplateError } from './template-error';

interface Vector {
  readonly template: string;
  readonly output?: string;
  readonly error?: string;
}

const VECTORS: Vector[] = readFileSync(join(__dirname, '../../test/html-template.vectors.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Vector);

/** The data the Go program executed the templates with (test/README.md). */
const DATA = {
  ID: 'cpu:host=a&b',
  Name: 'cpu',
  Level: 'CRITICAL',
  Tags: new GoMap(
    [
      ['host', 'a b/c?d#e'],
      ['dc', `x"y'z<>+`],
      ['url', 'javascript:alert(1)'],
      ['safe', 'https://example.com/a b?x=1&y=2'],
      ['pct', '50%25 ok %zz é'],
    ],
    '',
  ),
  Value: 1.5,
  Count: 42n,
  Nil: null,
};

const render = (source: string): string => parseTemplate(source, { html: true, funcs: kapacitorDetailsFuncs, name: 'details' }).execute(DATA);

describe("html/template's contextual escaping, against Go's own output", () => {
  it.each(VECTORS.filter((vector) => vector.output !== undefined).map((vector) => [vector.template, vector.output as string]))('%s', (template, output) => {
    expect(render(template)).toBe(output);
  });

  it.each(VECTORS.filter((vector) => vector.error !== undefined).map((vector) => [vector.template]))('refuses %s, as Go does', (template) => {
    expect(() => render(template)).toThrow(TemplateError);
  });
});

describe('template text against data', () => {
  it('writes a literal < of the template text as &lt;, as a < from the data', () => {
    // Go escapes only a stray `<` in the template's own text; the data escaper does all of & < > ' " + NUL.
    expect(render('cpu < 10%')).toBe('cpu &lt; 10%');
    expect(render(`{{ "cpu < 10%" }}`)).toBe('cpu &lt; 10%');
    expect(render(`cpu > 10% & 'x' + "y"`)).toBe(`cpu > 10% & 'x' + "y"`);
    expect(render(`{{ "cpu > 10% & 'x' + \\"y\\"" }}`)).toBe('cpu &gt; 10% &amp; &#39;x&#39; &#43; &#34;y&#34;');
  });
});

describe('contexts vigil refuses instead of printing other bytes', () => {
  it.each([
    ['<a {{ .Name }}>', 'attribute-name and unquoted-value contexts'],
    ['<a href={{ .Name }}>', 'attribute-name and unquoted-value contexts'],
    ['<a title=x{{ .Name }}>', 'unquoted attribute values'],
    ['<a onclick="f({{ .Name }})">', 'JS (on* attribute)'],
    ['<p style="color: {{ .Name }}">', 'CSS (style attribute)'],
    ['<img srcset="{{ .Name }}">', 'srcset'],
    ['<script>var x = {{ json . }};</script>', '(JS/CSS) contexts'],
    ['<a href="/{{ .Name | urlquery }}">', 'predefined escaper "urlquery" in an attribute'],
    ['<a title="{{ html .Name }}">', 'predefined escaper "html" in an attribute'],
    [`<a b"c="d">`, 'in attribute name'],
  ])('%s', (template, message) => {
    expect(() => render(template)).toThrow(message);
  });
});
