import { decodeTemplateRecord, encodeTemplateRecord, TemplateRecordError } from './template-record';

const TEMPLATE = { id: 'cpu_tpl', script: "var crit lambda\nstream\n    |from()\n        .measurement('cpu')\n", created: '2024-05-01T10:00:00Z', modified: '2024-05-02T10:00:00Z' };

describe('template record', () => {
  it('reads back what it wrote', () => {
    expect(decodeTemplateRecord('cpu_tpl', encodeTemplateRecord(TEMPLATE))).toEqual(TEMPLATE);
  });

  it('refuses a record of another key, format or shape, naming the key', () => {
    expect(() => decodeTemplateRecord('other', encodeTemplateRecord(TEMPLATE))).toThrow(new TemplateRecordError('other', 'its id is not its key'));
    expect(() => decodeTemplateRecord('cpu_tpl', JSON.stringify({ format: 'vigil.template.v9', id: 'cpu_tpl' }))).toThrow('template record "cpu_tpl": unknown format "vigil.template.v9"');
    expect(() => decodeTemplateRecord('cpu_tpl', '{')).toThrow(/template record "cpu_tpl": not JSON/);
    expect(() => decodeTemplateRecord('cpu_tpl', JSON.stringify({ format: 'vigil.template.v1', id: 'cpu_tpl', script: 1 }))).toThrow('"script", "created" and "modified" must be strings');
  });
});
