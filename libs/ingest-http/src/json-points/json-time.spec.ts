import { parseJsonTime } from './json-time';

describe('parseJsonTime', () => {
  it('reads integer nanoseconds and RFC 3339 with up to nine fractional digits', () => {
    expect(parseJsonTime(42)).toBe(42n);
    expect(parseJsonTime('1795291200000000042')).toBe(1795291200000000042n);
    expect(parseJsonTime('1970-01-01T00:00:01.5Z')).toBe(1_500_000_000n);
    expect(parseJsonTime('1970-01-01T01:00:00.000000001+01:00')).toBe(1n);
  });

  it('refuses anything else', () => {
    for (const value of [1.5, 'yesterday', '1970-01-01', null, undefined, {}]) expect(parseJsonTime(value)).toBeUndefined();
  });
});
