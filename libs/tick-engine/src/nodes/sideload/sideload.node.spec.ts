import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../testing/script-harness.test';
import { parseFlatYaml } from './flat-yaml';
import { convertToDefault } from './sideload-convert';

function directory(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sideload-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('sideload node', () => {
  it('takes each key from the first ordered file that has it, replacing the point\'s own, else the default', () => {
    const dir = directory({ 'h/x.yml': 'f: 2\nok: yes\n', 'all.json': '{"f": 9, "g": "7.5", "t": null}' });
    const script = `stream|from()|sideload().source('file://${dir}').order('h/{{.host}}.yml', 'all.json').field('f', 0).field('g', 1.0).field('ok', FALSE).tag('t', 'none')|httpOut('out')`;
    const points = run(script, 'm,host=x f=100 1\nm,host=y v=1 2').outPoints();
    expect(points.map((p) => [p.tags, p.fields])).toEqual([
      [{ host: 'x', t: 'none' }, { f: 2n, g: 7.5, ok: true }],
      [{ host: 'y', t: 'none' }, { v: 1, f: 9n, g: 7.5, ok: false }],
    ]);
  });

  it('renders a missing tag as <no value> in an order path, and moves a point whose group-by tag it sets', () => {
    const dir = directory({ '<no value>.json': '{"dc": "found"}' });
    const recorder = run(`stream|from().groupBy('dc')|sideload().source('file://${dir}').order('{{.host}}.json').tag('dc', 'none')|httpOut('out')`, 'm,dc=old v=1 1');
    expect(recorder.out().map((message) => message.group)).toEqual(['dc=found']);
  });

  it('sets the fields and tags of the points of a batch', () => {
    const dir = directory({ 'a.json': '{"t": 5}' });
    const points = run(`stream|from()|window().period(2s).every(2s).align()|sideload().source('file://${dir}').order('a.json').tag('t', 'x')|httpOut('out')`, 'm v=1 0\nm v=2 1\nm v=3 2').outPoints();
    expect(points.map((p) => p.tags)).toEqual([{ t: '5' }, { t: '5' }]);
  });

  it('logs a value that does not convert and uses the default', () => {
    const dir = directory({ 'a.json': '{"n": 2.5, "s": {"x": 1}}' });
    const recorder = run(`stream|from()|sideload().source('file://${dir}').order('a.json').field('n', 0).field('s', 'd')|httpOut('out')`, 'm v=1 1');
    expect(recorder.outPoints()[0]?.fields).toEqual({ v: 1, n: 0n, s: 'd' });
    const messages = recorder.logs.map((entry) => entry.message).join('\n');
    expect(messages).toContain('cannot convert value of type float64 to type int64');
    expect(messages).toContain('cannot convert value of type map[string]interface {} to type string');
  });

  it('fails the task at definition for a file Kapacitor cannot read or vigil does not', () => {
    expect(() => run(`stream|from()|sideload().source('file://${directory({ '.hidden.json': '{}' })}').field('f', 0)|httpOut('out')`, '')).toThrow(/invalid relative path/);
    expect(() => run(`stream|from()|sideload().source('file://${directory({ 'a.yml': 'a:\n  b: 1\n' })}').field('f', 0)|httpOut('out')`, '')).toThrow(/line 2: an indented line/);
    expect(() => run(`stream|from()|sideload().source('file:///nonexistent-vigil-dir').field('f', 0)|httpOut('out')`, '')).toThrow(/failed to update sideload cache/);
  });
});

describe('flat YAML', () => {
  it("reads YAML 1.1's scalars as ghodss/yaml hands them to JSON", () => {
    const values = parseFlatYaml("a: 1\nb: 'it''s' # note\nc: \"x\\ty\"\nd: off\ne: ~\nf: 1.5e3\ng: plain text\n");
    expect([...values]).toEqual([['a', 1], ['b', "it's"], ['c', 'x\ty'], ['d', false], ['e', null], ['f', 1500], ['g', 'plain text']]);
  });
});

describe('convertToDefault', () => {
  it("converts as sideload.go's convertType", () => {
    expect(convertToDefault(3, 0n)).toEqual({ value: 3n });
    expect(convertToDefault('12', 0n)).toEqual({ value: 12n });
    expect(convertToDefault(0.1, 'd')).toEqual({ value: '0.1' });
    expect(convertToDefault(1e21, 'd')).toEqual({ value: '1000000000000000000000' });
    expect(convertToDefault(true, 'd')).toEqual({ value: 'true' });
    expect(convertToDefault('T', false)).toEqual({ value: true });
    expect(convertToDefault(1, true)).toEqual({ error: 'cannot convert value of type float64 to type bool' });
  });
});
