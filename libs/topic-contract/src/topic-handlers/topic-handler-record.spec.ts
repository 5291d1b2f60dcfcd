import { decodeTopicHandlerRecord, encodeTopicHandlerRecord, topicHandlerKeyOf } from './topic-handler-record';

const RECORD = {
  topic: 'cpu',
  id: 'ops-post',
  kind: 'post',
  options: { url: 'http://127.0.0.1:9000/alerts', headers: { 'X-Team': 'ops' } },
  match: '',
  handler: { kind: 'post', args: ['http://127.0.0.1:9000/alerts'], options: [{ name: 'header', args: ['X-Team', 'ops'] }] },
};

describe('topic handler record', () => {
  it('is keyed by topic and id and reads back what it wrote', () => {
    expect(topicHandlerKeyOf('cpu', 'ops-post')).toBe('cpu/ops-post');
    expect(decodeTopicHandlerRecord('cpu/ops-post', encodeTopicHandlerRecord(RECORD))).toEqual(RECORD);
  });

  it('refuses a record whose key, handler call or options are not what the writer makes', () => {
    expect(() => decodeTopicHandlerRecord('cpu/other', encodeTopicHandlerRecord(RECORD))).toThrow('topic handler record "cpu/other": its topic and id are not its key');
    expect(() => decodeTopicHandlerRecord('cpu/ops-post', encodeTopicHandlerRecord({ ...RECORD, handler: { kind: 'post', args: [{}] } as never }))).toThrow('"handler" must be {kind, args, options}');
    expect(() => decodeTopicHandlerRecord('cpu/ops-post', encodeTopicHandlerRecord({ ...RECORD, handler: { ...RECORD.handler, options: [{ name: 1 }] } as never }))).toThrow('each "handler" option must be {name, args}');
    expect(() => decodeTopicHandlerRecord('cpu/ops-post', encodeTopicHandlerRecord({ ...RECORD, options: [] as never }))).toThrow('"options" must be an object');
  });
});
