import { failure, run } from '../lambda-test-kit.test';

describe('humanBytes()', () => {
  it.each([
    ['humanBytes(9)', '9 B'],
    ['humanBytes(1000)', '1.0 kB'],
    ['humanBytes(82854982)', '83 MB'],
    ['humanBytes(999999)', '1000 kB'],
    ['humanBytes(1500000000.0)', '1.5 GB'],
    // 12.5 is an exact tie: Go's %.0f rounds it to even.
    ['humanBytes(12500)', '12 kB'],
    ['humanBytes(13500)', '14 kB'],
    // Go's uint64(-1) wraps to 2^64 - 1.
    ['humanBytes(-1)', '18 EB'],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('wants a number', () => {
    expect(failure("humanBytes('1')")).toMatch(/cannot call function "humanBytes"/);
  });
});

describe('regexReplace()', () => {
  it.each([
    [String.raw`regexReplace(/a(x*)b/, '-ab-axxb-', 'T')`, '-T-T-'],
    [String.raw`regexReplace(/a(x*)b/, '-ab-axxb-', '$1')`, '--xx-'],
    // $1W names the group "1W", which does not exist, so it expands to nothing.
    [String.raw`regexReplace(/a(x*)b/, '-ab-axxb-', '$1W')`, '---'],
    ["regexReplace(/a(x*)b/, '-ab-axxb-', '${1}W')", '-W-xxW-'],
    [String.raw`regexReplace(/(?P<first>\w+) (?P<last>\w+)/, 'Ada Lovelace', '$last, $first')`, 'Lovelace, Ada'],
    [String.raw`regexReplace(/a/, 'banana', '$$')`, 'b$n$n$'],
    // Go does not replace an empty match right after a match: -a-c-, not -a--c-.
    [String.raw`regexReplace(/b*/, 'abc', '-')`, '-a-c-'],
    [String.raw`regexReplace(/x*/, 'héllo', '.')`, '.h.é.l.l.o.'],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('wants a regex first', () => {
    expect(failure("regexReplace('a', 'b', 'c')")).toMatch(/cannot call function "regexReplace"/);
  });
});
