import { formatGoDuration, formatInfluxqlDuration } from './duration-format';
import { GoDuration, GoTime } from './go-time';
import { formatGoTimeString, formatRFC3339Nano } from './time-format';

const at = (iso: string, extraNs = 0n): bigint => BigInt(Date.parse(iso)) * 1_000_000n + extraNs;

// Expected strings are what Go's time package prints for the same instants and durations.
describe('formatRFC3339Nano', () => {
  it.each([
    [at('2023-05-21T23:51:10.038Z'), '2023-05-21T23:51:10.038Z'],
    [at('2024-03-01T10:00:00Z'), '2024-03-01T10:00:00Z'],
    [at('2024-03-01T10:00:10Z', 250_000_000n), '2024-03-01T10:00:10.25Z'],
    [at('2024-03-01T10:00:10Z', 1n), '2024-03-01T10:00:10.000000001Z'],
    [at('2024-03-01T10:00:10Z', 123_456_780n), '2024-03-01T10:00:10.12345678Z'],
    [0n, '1970-01-01T00:00:00Z'],
    [-1n, '1969-12-31T23:59:59.999999999Z'],
    [at('2000-02-29T23:59:59Z'), '2000-02-29T23:59:59Z'],
    [-9223372036854775808n, '1677-09-21T00:12:43.145224192Z'],
    [9223372036854775807n, '2262-04-11T23:47:16.854775807Z'],
  ])('%s -> %s', (ns, expected) => {
    expect(formatRFC3339Nano(ns)).toBe(expected);
  });
});

describe('formatGoTimeString (time.Time.String in UTC)', () => {
  it.each([
    [at('2024-03-01T10:00:10Z', 250_000_000n), '2024-03-01 10:00:10.25 +0000 UTC'],
    [at('2023-05-21T23:51:10.038Z'), '2023-05-21 23:51:10.038 +0000 UTC'],
    [0n, '1970-01-01 00:00:00 +0000 UTC'],
  ])('%s -> %s', (ns, expected) => {
    expect(formatGoTimeString(ns)).toBe(expected);
  });
});

describe('formatGoDuration (time.Duration.String)', () => {
  it.each([
    [0n, '0s'],
    [9_750_000_000n, '9.75s'],
    [60_000_000_000n, '1m0s'],
    [3_600_000_000_000n, '1h0m0s'],
    [500_000_000n, '500ms'],
    [1_500n, '1.5µs'],
    [-2_000_000_000n, '-2s'],
    [1n, '1ns'],
    [999n, '999ns'],
    [1_000n, '1µs'],
    [1_234_567n, '1.234567ms'],
    [2_314_000_000n, '2.314s'],
    [61_000_000_000n, '1m1s'],
    [5_405_500_000_000n, '1h30m5.5s'],
    [90_000_000_000_000n, '25h0m0s'],
    [-9223372036854775808n, '-2562047h47m16.854775808s'],
  ])('%s -> %s', (ns, expected) => {
    expect(formatGoDuration(ns)).toBe(expected);
  });
});

describe('formatInfluxqlDuration (influxql.FormatDuration)', () => {
  it.each([
    [0n, '0s'],
    [300_000_000_000n, '5m'],
    [10_000_000_000n, '10s'],
    [3_600_000_000_000n, '1h'],
    [86_400_000_000_000n, '1d'],
    [604_800_000_000_000n, '1w'],
    [1_209_600_000_000_000n, '2w'],
    [90_000_000_000n, '90s'],
    [1_500_000_000n, '1500ms'],
    [3_000n, '3u'],
    [7n, '7ns'],
    [-300_000_000_000n, '-5m'],
  ])('%s -> %s', (ns, expected) => {
    expect(formatInfluxqlDuration(ns)).toBe(expected);
  });
});

describe('GoTime methods', () => {
  const t = new GoTime(at('2024-03-01T14:05:09Z', 250_000_000n));

  it.each([
    ['2006-01-02 15:04:05', '2024-03-01 14:05:09'],
    ['2006-01-02T15:04:05.000Z07:00', '2024-03-01T14:05:09.250Z'],
    ['2006-01-02T15:04:05.999999999Z07:00', '2024-03-01T14:05:09.25Z'],
    ['Mon Jan _2 15:04:05 MST 2006', 'Fri Mar  1 14:05:09 UTC 2024'],
    ['Monday, January 2, 2006 3:04PM', 'Friday, March 1, 2024 2:05PM'],
    ['02/01/06 03:04:05 pm -0700', '01/03/24 02:05:09 pm +0000'],
    ['002 __2 -07:00', '061  61 +00:00'],
    ['15h04,000', '14h05,250'],
    ['_2006', '_2024'],
    ['.9', '.2'],
    ['05.00000000001', '09.00000000003'],
  ])('Format(%j) -> %j', (layout, expected) => {
    expect(t.Format(layout)).toBe(expected);
  });

  it('reports Unix seconds rounded down, also before the epoch', () => {
    expect(t.Unix()).toBe(1709301909n);
    expect(new GoTime(-1n).Unix()).toBe(-1n);
    expect(new GoTime(-1n).UnixMilli()).toBe(-1n);
    expect(t.UnixNano()).toBe(t.ns);
  });

  it('prints like Go with String and toString', () => {
    expect(t.String()).toBe('2024-03-01 14:05:09.25 +0000 UTC');
    expect(`${t}`).toBe('2024-03-01 14:05:09.25 +0000 UTC');
  });
});

describe('GoDuration methods', () => {
  it('converts like Go', () => {
    const d = new GoDuration(90_500_000_000n);
    expect(d.Seconds()).toBe(90.5);
    expect(d.Minutes()).toBeCloseTo(1.5083333333333333, 15);
    expect(d.Hours()).toBeCloseTo(0.025138888888888888, 15);
    expect(d.Milliseconds()).toBe(90_500n);
    expect(d.String()).toBe('1m30.5s');
  });
});
