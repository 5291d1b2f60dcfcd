import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { type AlertData, AlertJsonError, decodeAlertEvent, encodeAlertEvent } from './alert-json';
import { type FieldValue, Unsigned } from './point';

const ns = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;

// The two payloads Kapacitor 1.6.6 posted in the seed PoC (seeds/000_3f6ea547a73fdb0a.txt),
// pretty-printed there exactly as below.
const SEED_CRITICAL_PRETTY = String.raw`{
    "id": "status_provedor_p1pa",
    "message": "status_provedor_p1pa is CRITICAL",
    "details": "The past 2 requests for \"nome_recurso\": p1 and \"nome_provedor\": pa were considered to change to this level alert.",
    "time": "2023-05-21T23:51:10.038Z",
    "duration": 0,
    "level": "CRITICAL",
    "data": {
        "series": [
            {
                "name": "performance_influx",
                "tags": {
                    "nome_provedor": "pa",
                    "nome_recurso": "p1"
                },
                "columns": [
                    "time",
                    "consecutive_error",
                    "latencia",
                    "sucesso"
                ],
                "values": [
                    [
                        "2023-05-21T23:51:10.038Z",
                        2,
                        251,
                        0
                    ]
                ]
            }
        ]
    },
    "previousLevel": "INFO",
    "recoverable": false
}`;

const SEED_INFO_PRETTY = String.raw`{
    "id": "status_provedor_p1pa",
    "message": "status_provedor_p1pa is INFO",
    "details": "The past -1 requests for \"nome_recurso\": p1 and \"nome_provedor\": pa were considered to change to this level alert.",
    "time": "2023-05-21T23:51:12.352Z",
    "duration": 2314000000,
    "level": "INFO",
    "data": {
        "series": [
            {
                "name": "performance_influx",
                "tags": {
                    "nome_provedor": "pa",
                    "nome_recurso": "p1"
                },
                "columns": [
                    "time",
                    "consecutive_error",
                    "latencia",
                    "sucesso"
                ],
                "values": [
                    [
                        "2023-05-21T23:51:12.352Z",
                        -1,
                        251,
                        1
                    ]
                ]
            }
        ]
    },
    "previousLevel": "CRITICAL",
    "recoverable": false
}`;

// The bytes Go's encoder writes for them: alert.Data's key order, no whitespace, models.Row's
// omitempty fields, tags sorted, times as RFC 3339 nano strings, integers and Go floats.
const SEED_CRITICAL_COMPACT = String.raw`{"id":"status_provedor_p1pa","message":"status_provedor_p1pa is CRITICAL","details":"The past 2 requests for \"nome_recurso\": p1 and \"nome_provedor\": pa were considered to change to this level alert.","time":"2023-05-21T23:51:10.038Z","duration":0,"level":"CRITICAL","data":{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:10.038Z",2,251,0]]}]},"previousLevel":"INFO","recoverable":false}`;

const SEED_INFO_COMPACT = String.raw`{"id":"status_provedor_p1pa","message":"status_provedor_p1pa is INFO","details":"The past -1 requests for \"nome_recurso\": p1 and \"nome_provedor\": pa were considered to change to this level alert.","time":"2023-05-21T23:51:12.352Z","duration":2314000000,"level":"INFO","data":{"series":[{"name":"performance_influx","tags":{"nome_provedor":"pa","nome_recurso":"p1"},"columns":["time","consecutive_error","latencia","sucesso"],"values":[["2023-05-21T23:51:12.352Z",-1,251,1]]}]},"previousLevel":"CRITICAL","recoverable":false}`;

function seedEvent(iso: string, level: 'CRITICAL' | 'INFO', previousLevel: 'INFO' | 'CRITICAL', duration: bigint, consecutiveError: bigint, sucesso: number): AlertData {
  const time = ns(iso);
  return {
    id: 'status_provedor_p1pa',
    message: `status_provedor_p1pa is ${level}`,
    details: `The past ${consecutiveError} requests for "nome_recurso": p1 and "nome_provedor": pa were considered to change to this level alert.`,
    time,
    duration,
    level,
    previousLevel,
    recoverable: false,
    series: [
      {
        name: 'performance_influx',
        // Insertion order differs from the output on purpose: tags are sorted by the encoder.
        tags: { nome_recurso: 'p1', nome_provedor: 'pa' },
        columns: ['time', 'consecutive_error', 'latencia', 'sucesso'],
        // latencia and sucesso are floats in the PoC's line protocol; 251.0 prints as 251.
        values: [[time, consecutiveError, 251, sucesso]],
      },
    ],
  };
}

const critical = seedEvent('2023-05-21T23:51:10.038Z', 'CRITICAL', 'INFO', 0n, 2n, 0);
const info = seedEvent('2023-05-21T23:51:12.352Z', 'INFO', 'CRITICAL', 2_314_000_000n, -1n, 1);

describe('encodeAlertEvent', () => {
  it('reproduces the seed CRITICAL payload byte for byte', () => {
    expect(encodeAlertEvent(critical)).toBe(SEED_CRITICAL_COMPACT);
    expect(JSON.parse(encodeAlertEvent(critical))).toEqual(JSON.parse(SEED_CRITICAL_PRETTY));
  });

  it('reproduces the seed INFO recovery payload byte for byte', () => {
    expect(encodeAlertEvent(info)).toBe(SEED_INFO_COMPACT);
    expect(JSON.parse(encodeAlertEvent(info))).toEqual(JSON.parse(SEED_INFO_PRETTY));
  });

  it.skipIf(!existsSync('/work/shared/seeds/000_3f6ea547a73fdb0a.txt'))('uses the payloads exactly as the seed quotes them', () => {
    const seed = readFileSync('/work/shared/seeds/000_3f6ea547a73fdb0a.txt', 'utf8');
    expect(seed).toContain(SEED_CRITICAL_PRETTY);
    expect(seed).toContain(SEED_INFO_PRETTY);
  });

  it('omits empty name, tags, columns and values like models.Row', () => {
    const event: AlertData = { ...critical, series: [{ name: '', tags: {}, columns: [], values: [] }] };
    expect(encodeAlertEvent(event)).toContain('"data":{"series":[{}]}');
    expect(encodeAlertEvent({ ...critical, series: [] })).toContain('"data":{"series":null}');
  });

  it('escapes strings, sorts tags byte-wise and formats values the Go way', () => {
    const time = ns('2024-03-01T10:00:00Z') + 1_500n;
    const values: FieldValue[] = [1e21, 1e-7, 0.1, -0.5, new Unsigned(18446744073709551615n), true, 'a"<b>&\u2028', -9223372036854775808n];
    const event: AlertData = {
      ...critical,
      id: 'x<y>&z',
      message: 'line\nbreak\ttab\u0001',
      details: '',
      time,
      series: [{ name: 'm', tags: { b: '1', B: '2', a: '3' }, columns: ['time', 'f1', 'f2', 'f3', 'f4', 'u', 'b', 's', 'i'], values: [[time, ...values]] }],
    };
    expect(encodeAlertEvent(event)).toBe(
      String.raw`{"id":"x\u003cy\u003e\u0026z","message":"line\nbreak\ttab\u0001","details":"","time":"2024-03-01T10:00:00.0000015Z","duration":0,"level":"CRITICAL",` +
        String.raw`"data":{"series":[{"name":"m","tags":{"B":"2","a":"3","b":"1"},"columns":["time","f1","f2","f3","f4","u","b","s","i"],` +
        String.raw`"values":[["2024-03-01T10:00:00.0000015Z",1e+21,1e-7,0.1,-0.5,18446744073709551615,true,"a\"\u003cb\u003e\u0026\u2028",-9223372036854775808]]}]},` +
        String.raw`"previousLevel":"INFO","recoverable":false}`,
    );
  });

  it('refuses NaN and infinite fields, which Go cannot encode', () => {
    const event: AlertData = { ...critical, series: [{ name: 'm', tags: {}, columns: ['time', 'v'], values: [[critical.time, NaN]] }] };
    expect(() => encodeAlertEvent(event)).toThrow('json: unsupported value: NaN');
  });
});

describe('decodeAlertEvent', () => {
  it('reads the seed payloads back, integers as bigint and times as nanoseconds', () => {
    const decoded = decodeAlertEvent(SEED_CRITICAL_PRETTY);
    expect(decoded).toEqual({ ...critical, series: [{ ...critical.series[0], values: [[critical.time, 2n, 251n, 0n]] }] });
    expect(decodeAlertEvent(SEED_INFO_COMPACT).duration).toBe(2_314_000_000n);
  });

  it('round-trips to the same bytes', () => {
    expect(encodeAlertEvent(decodeAlertEvent(SEED_CRITICAL_COMPACT))).toBe(SEED_CRITICAL_COMPACT);
    expect(encodeAlertEvent(decodeAlertEvent(SEED_INFO_PRETTY))).toBe(SEED_INFO_COMPACT);
  });

  it('is lossy for whole floats, exactly like the JSON', () => {
    const event: AlertData = { ...critical, series: [{ name: 'm', tags: {}, columns: ['time', 'v', 'w'], values: [[critical.time, 2.0, 2.5]] }] };
    expect(decodeAlertEvent(encodeAlertEvent(event)).series[0]?.values[0]).toEqual([critical.time, 2n, 2.5]);
  });

  it('accepts other RFC 3339 offsets and missing optional row fields', () => {
    const json = SEED_CRITICAL_COMPACT.replace('"time":"2023-05-21T23:51:10.038Z"', '"time":"2023-05-21T20:51:10.038-03:00"').replace(/"data":\{.*\},"previousLevel"/, '"data":{"series":[{}]},"previousLevel"');
    const decoded = decodeAlertEvent(json);
    expect(decoded.time).toBe(critical.time);
    expect(decoded.series).toEqual([{ name: '', tags: {}, columns: [], values: [] }]);
  });

  it.each([
    ['not json', 'invalid alert JSON'],
    ['[]', 'the event is not an object'],
    [SEED_CRITICAL_COMPACT.replace('"level":"CRITICAL"', '"level":"BAD"'), 'level is not a level'],
    [SEED_CRITICAL_COMPACT.replace('"duration":0', '"duration":0.5'), 'duration is not an integer'],
    [SEED_CRITICAL_COMPACT.replace('"time":"2023-05-21T23:51:10.038Z"', '"time":"yesterday"'), 'time is not an RFC 3339 time'],
    [SEED_CRITICAL_COMPACT.replace(',"recoverable":false', ''), 'recoverable is not a boolean'],
    [SEED_CRITICAL_COMPACT.replace('2,251,0', '2,null,0'), 'data.series[0].values[0][2] is not a field value'],
  ])('rejects %#', (json, message) => {
    expect(() => decodeAlertEvent(json)).toThrow(AlertJsonError);
    expect(() => decodeAlertEvent(json)).toThrow(message);
  });

  it('round-trips arbitrary events through their bytes', () => {
    const fieldValue = fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ unit: 'grapheme' }),
      fc.boolean(),
    );
    const event = fc.record({
      id: fc.string({ unit: 'grapheme' }),
      message: fc.string({ unit: 'grapheme' }),
      details: fc.string(),
      time: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
      duration: fc.bigInt({ min: 0n, max: 2n ** 62n }),
      level: fc.constantFrom(...(['OK', 'INFO', 'WARNING', 'CRITICAL'] as const)),
      previousLevel: fc.constantFrom(...(['OK', 'INFO', 'WARNING', 'CRITICAL'] as const)),
      recoverable: fc.boolean(),
      fields: fc.array(fieldValue, { maxLength: 4 }),
      tags: fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
    });
    fc.assert(
      fc.property(event, ({ fields, tags, ...rest }) => {
        const data: AlertData = {
          ...rest,
          series: [{ name: 'm', tags, columns: ['time', ...fields.map((_, i) => `f${i}`)], values: [[rest.time, ...fields]] }],
        };
        const bytes = encodeAlertEvent(data);
        expect(encodeAlertEvent(decodeAlertEvent(bytes))).toBe(bytes);
      }),
      { numRuns: 500 },
    );
  });
});
