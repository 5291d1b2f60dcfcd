import { createLogger } from '@vigil/observability';
import { decodeTopicHandlerRecord } from '@vigil/topic-contract';
import { TopicHandlerTopicStore } from './topic-handler-topic-store';

function store(): { handlers: TopicHandlerTopicStore; written: { key: string; value: string | null }[] } {
  const written: { key: string; value: string | null }[] = [];
  const handlers = new TopicHandlerTopicStore((key, value) => {
    written.push({ key, value });
    return Promise.resolve(BigInt(written.length));
  }, createLogger({ service: 'test', level: 'silent' }));
  return { handlers, written };
}

const POST = { topic: 'ops', id: 'to_broker', kind: 'post', options: { url: 'http://127.0.0.1:9000/alerts', headers: { 'X-Team': 'ops' } }, match: '' };

describe('TopicHandlerTopicStore', () => {
  it("writes a definition with the vigil handler call its kind and options make, keyed by topic and id", async () => {
    const { handlers, written } = store();
    await handlers.create(POST);
    expect(written.map((record) => record.key)).toEqual(['ops/to_broker']);
    expect(decodeTopicHandlerRecord('ops/to_broker', written[0]?.value ?? '').handler).toEqual({ kind: 'post', args: ['http://127.0.0.1:9000/alerts'], options: [{ name: 'header', args: ['X-Team', 'ops'] }] });
    expect(handlers.of('ops').map((handler) => handler.spec)).toEqual([POST]);
    expect(handlers.topics()).toEqual(['ops']);
  });

  it("refuses what Kapacitor refuses, an unknown kind or option, and a match that cannot compile, writing nothing", async () => {
    const { handlers, written } = store();
    await handlers.create(POST);
    await expect(handlers.create(POST)).rejects.toThrow('cannot register handler, handler with ID "to_broker" already exists');
    await expect(handlers.create({ ...POST, id: 'bad id' })).rejects.toThrow("handler ID must contain only letters, numbers, '-', '.' and '_'.");
    await expect(handlers.create({ ...POST, id: 'x', kind: 'hipchat' })).rejects.toThrow(/unsupported action kind "hipchat"/);
    await expect(handlers.create({ ...POST, id: 'x', options: { url: 'http://a', nope: 1 } })).rejects.toThrow('post has no option "nope"');
    await expect(handlers.create({ ...POST, id: 'x', match: 'level() > BOGUS' })).rejects.toThrow('invalid match expression: unknown identifier "BOGUS"');
    await expect(handlers.create({ ...POST, id: 'x', match: 'changed() ==' })).rejects.toThrow(/^invalid match expression: /);
    expect(written).toHaveLength(1);
  });

  it('keeps a match that compiles in the record, as the API took it, for the notifiers to evaluate', async () => {
    const { handlers, written } = store();
    const match = 'changed() == TRUE AND "host" == \'a\'';
    await handlers.create({ ...POST, match });
    expect(decodeTopicHandlerRecord('ops/to_broker', written[0]?.value ?? '').match).toBe(match);
    expect(handlers.get('ops', 'to_broker')?.spec.match).toBe(match);
  });

  it('renames with a new record and a tombstone for the old id, and deletes with a tombstone', async () => {
    const { handlers, written } = store();
    await handlers.create(POST);
    await handlers.replace(POST, { ...POST, id: 'renamed' });
    expect(written.slice(1).map(({ key, value }) => [key, value === null])).toEqual([['ops/renamed', false], ['ops/to_broker', true]]);
    await handlers.delete('ops', 'renamed');
    await handlers.delete('ops', 'never-defined');
    expect(written.slice(3)).toEqual([{ key: 'ops/renamed', value: null }]);
    expect(handlers.records()).toEqual([]);
  });
});
