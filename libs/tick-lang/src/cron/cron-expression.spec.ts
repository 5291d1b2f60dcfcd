import { describe, expect, it } from 'vitest';
import { parseCron } from './cron-expression';

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
const iso = (time: bigint | undefined) => (time === undefined ? 'none' : new Date(Number(time / 1_000_000n)).toISOString());

describe('parseCron (gorhill/cronexpr fields, UTC)', () => {
  it('finds the next matching second strictly after a time', () => {
    expect(iso(parseCron('*/5 * * * *').next(ns('2024-03-01T10:02:00Z')))).toBe('2024-03-01T10:05:00.000Z');
    expect(iso(parseCron('*/5 * * * *').next(ns('2024-03-01T10:05:00Z')))).toBe('2024-03-01T10:10:00.000Z');
    expect(iso(parseCron('30 */10 * * * * *').next(ns('2024-03-01T10:05:00.5Z')))).toBe('2024-03-01T10:10:30.000Z');
    expect(iso(parseCron('0 9 * * MON-FRI').next(ns('2024-03-01T10:00:00Z')))).toBe('2024-03-04T09:00:00.000Z');
    expect(iso(parseCron('@monthly').next(ns('2024-01-31T00:00:00Z')))).toBe('2024-02-01T00:00:00.000Z');
    expect(iso(parseCron('0 0 29 FEB *').next(ns('2024-03-01T00:00:00Z')))).toBe('2028-02-29T00:00:00.000Z');
    expect(iso(parseCron('0 0 * * * * 2023').next(ns('2024-03-01T00:00:00Z')))).toBe('none');
  });

  it('runs a day matching either restricted day field, and reads 7 as Sunday', () => {
    const cron = parseCron('0 0 13 * 5');
    expect(iso(cron.next(ns('2024-09-01T00:00:00Z')))).toBe('2024-09-06T00:00:00.000Z');
    expect(iso(parseCron('0 0 * * 7').next(ns('2024-03-01T00:00:00Z')))).toBe('2024-03-03T00:00:00.000Z');
  });

  it('refuses what it does not understand, naming the field', () => {
    expect(() => parseCron('* * *')).toThrow('has 3 fields, expected 5, 6 or 7');
    expect(() => parseCron('0 0 L * *')).toThrow('the L, W and # modifiers are not supported by vigil');
    expect(() => parseCron('0 25 * * *')).toThrow('cron hour field "25": values must be within 0-23');
  });
});
