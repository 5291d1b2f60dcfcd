import type { UdfSignature } from '@vigil/tick-lang';
import { decodeUdfSignaturesRecord, encodeUdfSignaturesRecord, mergedUdfSignatures, UdfSignaturesRecordError } from './udf-signatures-record';

const MOVING_AVERAGE: UdfSignature = { wants: 'stream', provides: 'stream', options: { field: ['string'], size: ['int'], as: ['string'] } };
const T_TEST: UdfSignature = { wants: 'batch', provides: 'stream', options: { field: ['string'], alpha: ['float'] } };

describe('UDF signatures records', () => {
  it('reads back what an evaluator wrote', () => {
    const record = { atMs: 5_000, functions: { movingAverage: MOVING_AVERAGE, tTest: T_TEST } };
    expect(decodeUdfSignaturesRecord(encodeUdfSignaturesRecord(record))).toEqual(record);
  });

  it('refuses a record that is not one, naming what is wrong', () => {
    expect(() => decodeUdfSignaturesRecord('{')).toThrow(new UdfSignaturesRecordError('not JSON'));
    expect(() => decodeUdfSignaturesRecord('{"atMs":1,"functions":{"f":{"wants":"points","provides":"stream","options":{}}}}')).toThrow('UDF signatures record: functions.f: wants and provides must be "stream" or "batch"');
    expect(() => decodeUdfSignaturesRecord('{"atMs":1,"functions":{"f":{"wants":"stream","provides":"stream","options":{"size":["long"]}}}}')).toThrow('functions.f.options.size must list value types');
    expect(() => decodeUdfSignaturesRecord('{"atMs":-1,"functions":{}}')).toThrow('atMs must be a number of 0 or more');
  });

  it("merges the fresh evaluators' functions; a stale or unreadable record drops out; the newest signature of a name counts", () => {
    const changed: UdfSignature = { ...MOVING_AVERAGE, options: { ...MOVING_AVERAGE.options, weighted: ['bool'] } };
    const records = [
      encodeUdfSignaturesRecord({ atMs: 95_000, functions: { movingAverage: changed } }),
      encodeUdfSignaturesRecord({ atMs: 90_000, functions: { movingAverage: MOVING_AVERAGE } }),
      encodeUdfSignaturesRecord({ atMs: 91_000, functions: { tTest: T_TEST } }),
      encodeUdfSignaturesRecord({ atMs: 10_000, functions: { stale: T_TEST } }),
      'not a record',
    ];
    const merged = mergedUdfSignatures(records, 100_000, 30_000);
    expect(Object.keys(merged).sort()).toEqual(['movingAverage', 'tTest']);
    expect(merged['movingAverage']).toEqual(changed);
    expect(merged['tTest']).toEqual(T_TEST);
    expect(mergedUdfSignatures([], 100_000, 30_000)).toEqual({});
  });
});
