import { GoTime } from '../go-time';
import { GoMap } from '../go-value';
import { kapacitorDetailsFuncs } from './kapacitor-funcs';
import { parseTemplate } from './parse-template';
import { TemplateError } from './template-error';

// Expected outputs are what Go's html/template produces for the equivalent data.
const data = {
  Name: 'cpu',
  Tags: new GoMap([['host', 'a<b']], ''),
  Fields: new Map<string, unknown>([['value', 1.5]]),
  Time: new GoTime(1_709_287_210_250_000_000n),
  Quote: `it's "x" & y+z\u0000`,
};

const html = (source: string, value: unknown = data): string =>
  parseTemplate(source, { html: true, funcs: kapacitorDetailsFuncs }).execute(value);

describe('html/template in HTML text context', () => {
  it.each([
    ['{{ .Time }}', '2024-03-01 10:00:10.25 &#43;0000 UTC'],
    ['{{ .Quote }}', 'it&#39;s &#34;x&#34; &amp; y&#43;z\uFFFD'],
    ['<b>"lit" & text\'</b> {{ index .Tags "host" }}', '<b>"lit" & text\'</b> a&lt;b'],
    ['[{{ index .Fields "missing" }}][{{ .Fields.missing }}][{{ index .Tags "nope" }}]', '[][][]'],
    ['{{ index .Fields "value" }} {{ .Fields }}', '1.5 map[value:1.5]'],
    ['{{ "a+b<" | html }}', 'a+b&lt;'],
    ['{{ html .Fields.missing }}', '&lt;no value&gt;'],
    ['{{ "a b+" | urlquery }}', 'a&#43;b%2B'],
    ['{{ js "<x>" }}', '\\u003Cx\\u003E'],
    ['{{ printf "%q" .Name }}', '&#34;cpu&#34;'],
    ['{{ $x := "<v>" }}{{ $x }}', '&lt;v&gt;'],
    ['{{ if .Name }}<i>{{ .Name }}</i>{{ end }}', '<i>cpu</i>'],
    ['a<!-- hidden {{ .Name }} -->b<!--x-->c', 'abc'],
    ['<title>{{ .Quote }}</title>', '<title>it&#39;s &#34;x&#34; &amp; y&#43;z\uFFFD</title>'],
    ['<p class="c" title=\'{x}\'>{{ .Name }}</p>', '<p class="c" title=\'{x}\'>cpu</p>'],
    ['a < b {{ .Name }} <3', 'a &lt; b cpu &lt;3'],
  ])('%j', (source, expected) => {
    expect(html(source)).toBe(expected);
  });

  it('escapes the json function output, newline included', () => {
    expect(html('{{ json .Tags }}')).toBe('{&#34;host&#34;:&#34;a\\u003cb&#34;}\n');
    expect(html('{{ jsonCompact .Tags }}')).toBe('{&#34;host&#34;:&#34;a\\u003cb&#34;}');
  });

  it('renders json of an unencodable value as empty, like Kapacitor', () => {
    expect(html('[{{ json .Bad }}][{{ jsonCompact .Bad }}]', { Bad: NaN })).toBe('[][]');
  });

  it('does not escape in text mode', () => {
    expect(parseTemplate('{{ .Quote }}', { html: false }).execute(data)).toBe(`it's "x" & y+z\u0000`);
  });

  it.each([
    ['<a {{ .Name }}>', 'attribute-name and unquoted-value contexts are not emulated'],
    ['<script>var x = 1;</script>', '(JS/CSS) contexts are not emulated'],
    ['<style>p {}</style>', '(JS/CSS) contexts are not emulated'],
    ['<a href="x', 'ends in a non-text context'],
    ['<!-- open', 'ends in a non-text context'],
    ['{{ html .Name | printf "%s" }}', 'predefined escaper "html" disallowed'],
    ['{{ urlquery .Name | printf "%s" }}', 'predefined escaper "urlquery" disallowed'],
    ['{{ if .Name }}<b {{ end }}', 'branches end in different HTML contexts'],
  ])('refuses %j', (source, message) => {
    let failure: unknown;
    try {
      parseTemplate(source, { html: true });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(TemplateError);
    expect((failure as TemplateError).message).toContain(message);
  });
});
