import { encodeAlertEvent, type AlertEvent } from '@vigil/core';
import { EVENT_HEADERS, EventRecordError, eventRecordOf, readEventRecord } from './event-record';

const event: AlertEvent = {
  id: 'status_provedor_p1pa',
  message: 'status_provedor_p1pa is CRITICAL',
  details: 'details <b>',
  time: 1_684_713_070_038_000_000n,
  duration: 0n,
  level: 'CRITICAL',
  previousLevel: 'INFO',
  recoverable: false,
  series: [{ name: 'performance_influx', tags: { nome_provedor: 'pa', nome_recurso: 'p1' }, columns: ['time', 'consecutive_error'], values: [[1_684_713_070_038_000_000n, 2n]] }],
  task: 'provider_health',
  node: 'alert3',
  topic: '',
  category: '',
  handlers: [{ kind: 'post', args: ['http://localhost:9000/alerts'], options: [{ name: 'header', args: ['a', 'b'] }] }],
};

describe('event records', () => {
  it('carry the Kapacitor JSON as value, keyed by alert id, and vigil facts in headers', () => {
    const record = eventRecordOf(event, 'abc');
    expect(record.key).toBe('status_provedor_p1pa');
    expect(record.value).toBe(encodeAlertEvent(event));
    expect(record.headers).toEqual({
      [EVENT_HEADERS.eventId]: 'abc',
      [EVENT_HEADERS.task]: 'provider_health',
      [EVENT_HEADERS.node]: 'alert3',
      [EVENT_HEADERS.handlers]: JSON.stringify(event.handlers),
    });
    expect(eventRecordOf({ ...event, topic: 't', category: 'c' }, 'abc').headers).toMatchObject({ [EVENT_HEADERS.topic]: 't', [EVENT_HEADERS.category]: 'c' });
  });

  it('read back as what was written', () => {
    const record = eventRecordOf({ ...event, topic: 't' }, 'abc');
    const received = readEventRecord(record.value, record.headers);
    expect(received).toMatchObject({ eventId: 'abc', task: 'provider_health', node: 'alert3', topic: 't', category: '', handlers: event.handlers, json: record.value });
    expect(received.alert.id).toBe(event.id);
    expect(received.alert.time).toBe(event.time);
    expect(received.replayId).toBeUndefined();
    expect(readEventRecord(record.value, { ...record.headers, [EVENT_HEADERS.replayId]: 'rp1' }).replayId).toBe('rp1');
  });

  it('refuse records that break the contract', () => {
    const record = eventRecordOf(event, 'abc');
    expect(() => readEventRecord(record.value, { ...record.headers, [EVENT_HEADERS.eventId]: undefined })).toThrow(EventRecordError);
    expect(() => readEventRecord('{}', record.headers)).toThrow(/not Kapacitor alert JSON/);
    expect(() => readEventRecord(record.value, { ...record.headers, [EVENT_HEADERS.handlers]: '[{"kind":1}]' })).toThrow(/not a handler instruction/);
  });

  it('cannot be made from an event whose data holds NaN, as in Kapacitor', () => {
    const bad: AlertEvent = { ...event, series: [{ name: 'x', tags: {}, columns: ['time', 'v'], values: [[1n, Number.NaN]] }] };
    expect(() => eventRecordOf(bad, 'abc')).toThrow();
  });
});
