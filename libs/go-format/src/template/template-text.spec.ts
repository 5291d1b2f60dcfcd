import { GoDuration, GoTime } from '../go-time';
import { GoMap } from '../go-value';
import { parseTemplate } from './parse-template';
import { TemplateError } from './template-error';

// Expected outputs are what Go's text/template produces for the equivalent Go data.
const data = {
  Name: 'cpu',
  Group: 'nil',
  Tags: new GoMap([['host', 'a'], ['dc', 'eu']], ''),
  Fields: new Map<string, unknown>([['value', 1234567.0], ['count', 3n], ['ok', true], ['text', 'x y']]),
  Level: 'CRITICAL',
  Time: new GoTime(1_709_287_210_250_000_000n),
  Duration: new GoDuration(9_750_000_000n),
  ServerInfo: { Hostname: 'host1', ClusterID: 'c', ServerID: 's' },
  List: [1n, 2n, 3n],
  Empty: [] as unknown[],
  Nothing: null,
};

const render = (source: string, value: unknown = data): string => parseTemplate(source, { html: false }).execute(value);

describe('text/template output', () => {
  it.each([
    // fields, maps and missing values
    ['{{ .Name }}:{{ .Group }}', 'cpu:nil'],
    ['{{ .ServerInfo.Hostname }}', 'host1'],
    ['{{ .Tags.host }}|{{ .Tags.missing }}', 'a|<no value>'],
    ['{{ index .Tags "dc" }}|{{ index .Tags "missing" }}|', 'eu||'],
    ['{{ index .Fields "count" }}|{{ index .Fields "missing" }}', '3|<no value>'],
    ['{{ .Fields.missing.deeper }}', '<no value>'],
    ['{{ .Tags }}', 'map[dc:eu host:a]'],
    ['{{ .Fields }}', 'map[count:3 ok:true text:x y value:1.234567e+06]'],
    ['{{ .ServerInfo }}', '{host1 c s}'],
    ['{{ .List }}|{{ .Empty }}', '[1 2 3]|[]'],
    ['{{ .Nothing }}', '<no value>'],
    // times, durations and their methods
    ['{{ .Time }}', '2024-03-01 10:00:10.25 +0000 UTC'],
    ['{{ .Duration }}', '9.75s'],
    ['{{ .Time.Unix }} {{ .Time.Format "15:04:05.000" }}', '1709287210 10:00:10.250'],
    ['{{ .Duration.Seconds }} {{ .Duration.Nanoseconds }}', '9.75 9750000000'],
    // constants
    ['{{ 1.0 }} {{ 1e6 }} {{ 010 }} {{ 0x1F }} {{ \'a\' }} {{ -3 }} {{ 1_000 }} {{ .5 }}', '1 1e+06 8 31 97 -3 1000 0.5'],
    ['{{ "a\\tb\\u00e9\\"" }}|{{ `raw\\n` }}', 'a\tbé"|raw\\n'],
    ['{{ true }} {{ false }}', 'true false'],
    // variables
    ['{{ $x := 1 }}{{ $x }}{{ $x = 2 }}{{ $x }}', '12'],
    ['{{ $.Name }}{{ with .ServerInfo }}{{ $.Name }}/{{ .ServerID }}{{ end }}', 'cpucpu/s'],
    ['{{ $t := .Tags }}{{ $t.host }}', 'a'],
    // control structures
    ['{{ if eq .Level "OK" }}ok{{ else if eq .Level "CRITICAL" }}crit{{ else }}other{{ end }}', 'crit'],
    ['{{ if .Empty }}yes{{ else }}no{{ end }}{{ if .List }}yes{{ end }}', 'noyes'],
    ['{{ if .Fields.missing }}yes{{ else }}no{{ end }}', 'no'],
    ['{{ range $k, $v := .Tags }}{{ $k }}={{ $v }};{{ end }}', 'dc=eu;host=a;'],
    ['{{ range .Tags }}{{ . }};{{ end }}', 'eu;a;'],
    ['{{ range $i, $e := .List }}{{ $i }}:{{ $e }} {{ end }}', '0:1 1:2 2:3 '],
    ['{{ range .Empty }}x{{ else }}none{{ end }}', 'none'],
    ['{{ range .List }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}', '1'],
    ['{{ with .Tags.host }}{{ . }}{{ else }}none{{ end }}|{{ with .Tags.nope }}{{ . }}{{ else }}none{{ end }}', 'a|none'],
    ['{{ if $v := .Tags.host }}{{ $v }}{{ end }}', 'a'],
    // pipelines and functions
    ['{{ .Name | printf "%s!" }}', 'cpu!'],
    ['{{ "x" | printf "%s-%s" "a" }}', 'a-x'],
    ['{{ printf "%.2f %d %v %s" (index .Fields "value") (index .Fields "count") .Level .Duration }}', '1234567.00 3 CRITICAL 9.75s'],
    ['{{ len "héllo" }} {{ len .Tags }} {{ len .List }}', '6 2 3'],
    ['{{ index .List 1 }} {{ index "abc" 0 }}', '2 97'],
    ['{{ slice "abcdef" 1 3 }} {{ slice .List 1 }}', 'bc [2 3]'],
    ['{{ print 1 2 "a" 3 }}|{{ println "a" 1 }}|', '1 2a3|a 1\n|'],
    ['{{ print .Fields.missing }}', '<nil>'],
    ['{{ html "<a href=\'x\'>&\\"" }}', '&lt;a href=&#39;x&#39;&gt;&amp;&#34;'],
    ['{{ html .Fields.missing }}', '&lt;no value&gt;'],
    ['{{ js "it\'s <b>=\\"\\\\" }}', 'it\\\'s \\u003Cb\\u003E\\u003D\\"\\\\'],
    ['{{ urlquery "a b&c=d/é" }}', 'a+b%26c%3Dd%2F%C3%A9'],
    ['{{ eq .Level "CRITICAL" }} {{ eq .Level "A" "CRITICAL" }} {{ ne 1 2 }}', 'true true true'],
    ['{{ eq (index .Fields "missing") 1 }} {{ eq .Fields.missing .Fields.missing }}', 'false true'],
    ['{{ lt 1 2 }} {{ le 2 2 }} {{ gt 1.5 2.5 }} {{ ge "b" "a" }}', 'true true false true'],
    ['{{ eq .Duration 9750000000 }}', 'true'],
    ['{{ and 1 0 }} {{ and 1 2 }} {{ or 0 "" "x" }} {{ or 0 "" }}| {{ not 0 }}', '0 2 x | true'],
    ['{{ and .Empty .Fields.nope.deeper }}', '[]'],
    ['{{ .Name | and 1 }}', 'cpu'],
    ['{{ (index .Fields "text") }} {{ (.ServerInfo).Hostname }}', 'x y host1'],
    ['{{.Name}}{{.}}', 'cpu' + '{cpu nil map[dc:eu host:a] map[count:3 ok:true text:x y value:1.234567e+06] CRITICAL 2024-03-01 10:00:10.25 +0000 UTC 9.75s {host1 c s} [1 2 3] [] <nil>}'],
    ['{{ printf\n  "%s-%d"\n  .Name\n  3 }}', 'cpu-3'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('applies trim markers and drops comments', () => {
    expect(render('a  {{- 1 -}}  b')).toBe('a1b');
    expect(render('a \n{{- 1 }} {{- 2 -}}\n b')).toBe('a12b');
    expect(render('{{-3}}')).toBe('-3');
    expect(render('a{{/* c */}}b')).toBe('ab');
    expect(render('a {{- /* c\nd */ -}} b')).toBe('ab');
    expect(render('x{{ 1 }}\n')).toBe('x1\n');
  });

  it('keeps text without actions as is', () => {
    expect(render('no actions: } { "<&>"')).toBe('no actions: } { "<&>"');
  });

  it('calls functions passed in, before the builtins', () => {
    const t = parseTemplate('{{ shout .Name }} {{ len "x" }}', { html: false, funcs: { shout: (s) => `${String(s)}!`, len: () => 'custom' } });
    expect(t.execute(data)).toBe('cpu! custom');
  });
});

describe('text/template errors', () => {
  const parseError = (source: string): TemplateError => {
    try {
      parseTemplate(source, { html: false, name: 'id' });
    } catch (error) {
      if (error instanceof TemplateError) return error;
      throw error;
    }
    throw new Error(`expected ${source} to fail`);
  };

  it.each([
    ['{{ .A', 'unclosed action'],
    ['{{ foo }}', 'function "foo" not defined'],
    ['{{ $x }}', 'undefined variable "$x"'],
    ['{{ $x = 1 }}', 'undefined variable "$x"'],
    ['{{ if }}x{{ end }}', 'missing value for if'],
    ['{{ end }}', 'unexpected {{end}}'],
    ['{{ if 1 }}x', 'needs an {{end}}'],
    ['{{ 1 | 2 }}', 'non executable command in pipeline stage 2'],
    ['{{ break }}', '{{break}} outside {{range}}'],
    ['{{ define "x" }}{{ end }}', 'not supported by vigil'],
    ['{{ "abc }}', 'unterminated quoted string'],
    ['{{/* c */ }}', 'comment ends before closing delimiter'],
    ['{{ 3x }}', 'bad number syntax'],
    ['{{ (1 }}', 'unclosed left paren'],
    ['{{ 1) }}', 'unexpected right paren'],
    ['{{ range $a, $b, $c := . }}{{ end }}', 'too many declarations'],
    ['{{ 1.x }}', 'bad number syntax'],
    ['{{ "a".B }}', 'unexpected . after term'],
    ['{{ with $x := 1 }}{{ end }}{{ $x }}', 'undefined variable "$x"'],
    ['{{ .Name | 1 }}', 'non executable command in pipeline stage 2'],
    ['{{ .Name -}}{{ - }}', 'illegal number syntax'],
    ['{{ 99999999999999999999 }}', 'overflows int'],
    ['{{ 1i }}', 'complex constants are not supported'],
  ])('%j fails to parse with %j', (source, message) => {
    const error = parseError(source);
    expect(error.message).toContain(message);
    expect(error.phase).toBe('parse');
  });

  it('reports the position of the error', () => {
    const error = parseError('line one\n  {{ nope }}');
    expect(error.message).toBe('template: id:2:6: function "nope" not defined');
    expect([error.line, error.column]).toEqual([2, 6]);
  });

  it.each([
    ['{{ .Missing }}', "can't evaluate field Missing in type struct"],
    ['{{ index .Tags 1 }}', 'error calling index: value has type int64; should be string'],
    ['{{ index .List 5 }}', 'error calling index: index out of range: 5'],
    ['{{ nil }}', 'nil is not a command'],
    ['{{ .Name 1 }}', 'Name has arguments but cannot be invoked as function'],
    ['{{ len 3 }}', 'error calling len: len of type int64'],
    ['{{ printf 3 }}', 'error calling printf: wrong type for value; expected string; got int64'],
    ['{{ eq 1 1.0 }}', 'error calling eq: incompatible types for comparison'],
    ['{{ lt true false }}', 'error calling lt: invalid type for comparison'],
    ['{{ .Nothing.Field }}', 'nil pointer evaluating interface {}.Field'],
    ['{{ .Time.Nope }}', "can't evaluate field Nope in type time.Time"],
    ['{{ range 5 }}{{ end }}', "range can't iterate over 5"],
    ['{{ not 1 2 }}', 'wrong number of args for not: want 1 got 2'],
    ['{{ .Time.Format 1 }}', 'error calling Format: wrong type for value; expected string'],
    ['{{ .Time.Format }}', 'wrong number of args for Format: want 1 got 0'],
    ['{{ 1 | .Name }}', 'Name has arguments but cannot be invoked as function'],
  ])('%j fails to execute with %j', (source, message) => {
    let failure: unknown;
    try {
      render(source);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(TemplateError);
    expect((failure as TemplateError).message).toContain(message);
  });
});
