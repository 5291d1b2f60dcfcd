import { formatValueV, sprint, sprintln } from './fmt-value';
import { GoDuration, GoTime } from './go-time';
import { GoMap } from './go-value';
import { sprintf } from './printf';

// Expected texts are Go's fmt output for the equivalent Go values (int64, float64, string...).
describe('formatValueV (fmt %v)', () => {
  it.each<[unknown, string]>([
    [new GoMap([['b', '1'], ['a', 'x']], ''), 'map[a:x b:1]'],
    [new Map<string, unknown>([['x', 1e6], ['n', 3n]]), 'map[n:3 x:1e+06]'],
    [[1n, 2.5, 'x', true, null], '[1 2.5 x true <nil>]'],
    [{ Hostname: 'h', ClusterID: 'c', ServerID: 's' }, '{h c s}'],
    [new GoDuration(60_000_000_000n), '1m0s'],
    [new GoTime(0n), '1970-01-01 00:00:00 +0000 UTC'],
    [null, '<nil>'],
    [new Map(), 'map[]'],
  ])('%s', (value, expected) => {
    expect(formatValueV(value)).toBe(expected);
  });
});

describe('sprint / sprintln', () => {
  it('adds spaces only between two non-string operands', () => {
    expect(sprint(['a', 1n, 2n, 'b', 3.5, true])).toBe('a1 2b3.5 true');
    expect(sprint([])).toBe('');
  });

  it('sprintln always separates and ends with a newline', () => {
    expect(sprintln(['a', 1n, 2n, 'b'])).toBe('a 1 2 b\n');
  });
});

describe('sprintf', () => {
  it.each<[string, unknown[], string]>([
    ['%d', [5n], '5'],
    ['%5d|%-5d|%05d', [42n, 42n, -42n], '   42|42   |-0042'],
    ['%x %X %#x %o %b', [255n, 255n, 255n, 255n, 255n], 'ff FF 0xff 377 11111111'],
    ['%+d % d %.3d %.0d|', [5n, 5n, 7n, 0n], '+5  5 007 |'],
    ['%x', [-255n], '-ff'],
    ['%.2f', [3.14159], '3.14'],
    ['%0.2f', [2.5], '2.50'],
    ['%8.3f|%-8.2f|', [3.14159, 3.14159], '   3.142|3.14    |'],
    ['%08.3f', [-3.14159], '-003.142'],
    ['%08.3f', [3.14159], '0003.142'],
    ['%+.1f % .1f', [2.0, 2.0], '+2.0  2.0'],
    ['%f', [1e21], '1000000000000000000000.000000'],
    ['%e %E', [1234.5678, 1234.5678], '1.234568e+03 1.234568E+03'],
    ['%g %g %g', [1234567.0, 0.5, 100000.0], '1.234567e+06 0.5 100000'],
    ['%.3g', [1234.5678], '1.23e+03'],
    ['%v %v', [2.0, 1e-5], '2 1e-05'],
    ['%6.2f|%06.2f|%f|%+f', [Infinity, -Infinity, NaN, NaN], '  +Inf|  -Inf|NaN|+NaN'],
    ['%s|%10s|%-4s|%.2s', ['hi', 'hi', 'hi', 'héllo'], 'hi|        hi|hi  |hé'],
    ['%q', ['a"b\n\u0001é'], '"a\\"b\\n\\x01é"'],
    ['%x %X', ['hi', 'é'], '6869 C3A9'],
    ['%t %v', [true, false], 'true false'],
    ['%c%c %q', [72n, 105n, 65n], "Hi 'A'"],
    ['%5.1f%%', [99.5], ' 99.5%'],
    ['%d', ['x'], '%!d(string=x)'],
    ['%s', [5n], '%!s(int64=5)'],
    ['%d', [1.5], '%!d(float64=1.5)'],
    ['%t', [1n], '%!t(int64=1)'],
    ['%d', [null], '%!d(<nil>)'],
    ['%v|%5v', [null, null], '<nil>|<nil>'],
    ['%d %s', [1n], '1 %!s(MISSING)'],
    ['a', [1n, 'x'], 'a%!(EXTRA int64=1, string=x)'],
    ['%', [], '%!(NOVERB)'],
    ['%s %d %v', [new GoDuration(60_000_000_000n), new GoDuration(60_000_000_000n), new GoDuration(1_500n)], '1m0s 60000000000 1.5µs'],
    ['%s', [new GoTime(0n)], '1970-01-01 00:00:00 +0000 UTC'],
    ['%T %T %T %T %T', [1n, 1.5, 's', true, null], 'int64 float64 string bool <nil>'],
    ['%v', [new GoMap([['b', '2'], ['a', '1']], '')], 'map[a:1 b:2]'],
    ['%5d', [[1n, 2n]], '[    1     2]'],
    ['%*d|%-*d|', [4n, 7n, 3n, 7n], '   7|7  |'],
  ])('sprintf(%j)', (format, args, expected) => {
    expect(sprintf(format, args)).toBe(expected);
  });
});
