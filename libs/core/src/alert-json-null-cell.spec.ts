import { encodeAlertEvent, type AlertData } from './alert-json';

describe('encodeAlertEvent with a batch whose points differ in fields', () => {
  it('writes a missing cell as null, as Go encodes a nil interface', () => {
    const event: AlertData = {
      id: 'cpu:nil',
      message: 'cpu:nil is WARNING',
      details: '',
      time: 2_000_000_000n,
      duration: 0n,
      level: 'WARNING',
      previousLevel: 'OK',
      recoverable: true,
      series: [
        {
          name: 'cpu',
          tags: {},
          columns: ['time', 'idle', 'user'],
          values: [
            [1_000_000_000n, 5.5, null],
            [2_000_000_000n, null, 7n],
          ],
        },
      ],
    };
    expect(encodeAlertEvent(event)).toContain('"values":[["1970-01-01T00:00:01Z",5.5,null],["1970-01-01T00:00:02Z",null,7]]');
  });
});
