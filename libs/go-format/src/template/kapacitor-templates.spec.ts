import { GoDuration, GoTime } from '../go-time';
import { GoMap } from '../go-value';
import { kapacitorDetailsFuncs } from './kapacitor-funcs';
import { parseTemplate } from './parse-template';

/**
 * Kapacitor's alert templates on the seed's provider-health data, built the way the alert node
 * builds it (alert.go: idInfo, messageInfo, detailsInfo; embedded structs flatten in JSON).
 */
const CRITICAL_NS = BigInt(Date.parse('2023-05-21T23:51:10.038Z')) * 1_000_000n;

function detailsData(consecutiveError: bigint, level: string, message: string) {
  return {
    Name: 'performance_influx',
    TaskName: 'status_provedor',
    Group: 'nome_provedor=pa,nome_recurso=p1',
    Tags: new GoMap([['nome_recurso', 'p1'], ['nome_provedor', 'pa']], ''),
    ServerInfo: { Hostname: 'kapacitor', ClusterID: 'c-1', ServerID: 's-1' },
    ID: 'status_provedor_p1pa',
    Fields: new Map<string, unknown>([['consecutive_error', consecutiveError], ['latencia', 251], ['sucesso', 0]]),
    Level: level,
    Time: new GoTime(CRITICAL_NS),
    Duration: new GoDuration(0n),
    Message: message,
  };
}

const idTemplate = parseTemplate('status_provedor_{{ index .Tags "nome_recurso" }}{{ index .Tags "nome_provedor" }}', { html: false, name: 'id' });
const messageTemplate = parseTemplate('{{ .ID }} is {{ .Level }}', { html: false, name: 'message' });
const seedDetails = parseTemplate(
  'The past {{ index .Fields "consecutive_error" }} requests for "nome_recurso": {{ index .Tags "nome_recurso" }} and "nome_provedor": {{ index .Tags "nome_provedor" }} were considered to change to this level alert.',
  { html: true, funcs: kapacitorDetailsFuncs, name: 'details' },
);
const defaultDetails = parseTemplate('{{ json . }}', { html: true, funcs: kapacitorDetailsFuncs, name: 'details' });

describe('Kapacitor alert templates', () => {
  it('renders the seed id, message and details', () => {
    const data = detailsData(2n, 'CRITICAL', '');
    expect(idTemplate.execute(data)).toBe('status_provedor_p1pa');
    expect(messageTemplate.execute(data)).toBe('status_provedor_p1pa is CRITICAL');
    expect(seedDetails.execute(data)).toBe(
      'The past 2 requests for "nome_recurso": p1 and "nome_provedor": pa were considered to change to this level alert.',
    );
    expect(seedDetails.execute(detailsData(-1n, 'INFO', ''))).toBe(
      'The past -1 requests for "nome_recurso": p1 and "nome_provedor": pa were considered to change to this level alert.',
    );
  });

  it('renders the default details as html-escaped json.Encoder output', () => {
    const data = detailsData(2n, 'CRITICAL', 'status_provedor_p1pa is <CRITICAL>');
    const q = '&#34;';
    // Hand-derived from Go's rules: detailsInfo fields in declaration order, map keys sorted,
    // `<`/`>` as \u003c/\u003e, every `"` escaped by html/template, and Encode's newline.
    const expected =
      `{${q}Name${q}:${q}performance_influx${q},${q}TaskName${q}:${q}status_provedor${q},` +
      `${q}Group${q}:${q}nome_provedor=pa,nome_recurso=p1${q},` +
      `${q}Tags${q}:{${q}nome_provedor${q}:${q}pa${q},${q}nome_recurso${q}:${q}p1${q}},` +
      `${q}ServerInfo${q}:{${q}Hostname${q}:${q}kapacitor${q},${q}ClusterID${q}:${q}c-1${q},${q}ServerID${q}:${q}s-1${q}},` +
      `${q}ID${q}:${q}status_provedor_p1pa${q},` +
      `${q}Fields${q}:{${q}consecutive_error${q}:2,${q}latencia${q}:251,${q}sucesso${q}:0},` +
      `${q}Level${q}:${q}CRITICAL${q},${q}Time${q}:${q}2023-05-21T23:51:10.038Z${q},${q}Duration${q}:0,` +
      `${q}Message${q}:${q}status_provedor_p1pa is \\u003cCRITICAL\\u003e${q}}\n`;
    expect(defaultDetails.execute(data)).toBe(expected);
  });

  it('prints missing fields as <no value> in the message but as nothing in the details', () => {
    const data = detailsData(2n, 'CRITICAL', '');
    const text = parseTemplate('{{ index .Fields "nope" }}|{{ index .Tags "nope" }}', { html: false }).execute(data);
    const html = parseTemplate('{{ index .Fields "nope" }}|{{ index .Tags "nope" }}', { html: true }).execute(data);
    expect([text, html]).toEqual(['<no value>|', '|']);
  });

  it('renders the same output when executed repeatedly', () => {
    const data = detailsData(2n, 'CRITICAL', 'm');
    const first = defaultDetails.execute(data);
    for (let i = 0; i < 100; i++) expect(defaultDetails.execute(data)).toBe(first);
  });
});
