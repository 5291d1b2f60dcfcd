import { TaskPattern } from './task-pattern';

const IDS = ['cpu', 'cpu_alert', 'cpu-high', 'mem', 'mem_alert', 'other', 'a*b', 'x/y'];
const matching = (pattern: string): string[] => IDS.filter((id) => TaskPattern.parse(pattern).matches(id));

describe('TaskPattern (Go path.Match, as Kapacitor lists with it)', () => {
  it.each([
    ['', IDS],
    ['cpu', ['cpu']],
    ['cpu*', ['cpu', 'cpu_alert', 'cpu-high']],
    ['*_alert', ['cpu_alert', 'mem_alert']],
    ['*', IDS.filter((id) => id !== 'x/y')],
    ['?e?', ['mem']],
    ['[cm]*', ['cpu', 'cpu_alert', 'cpu-high', 'mem', 'mem_alert']],
    // The class takes the x of x/y, but the star cannot take the /.
    ['[^cm]*', ['other', 'a*b']],
    ['[a-d]*', ['cpu', 'cpu_alert', 'cpu-high', 'a*b']],
    ['cpu[_\\-]*', ['cpu_alert', 'cpu-high']],
    ['a\\*b', ['a*b']],
    ['x?y', []],
    ['x[/]y', ['x/y']],
    ['*/*', ['x/y']],
    ['other', ['other']],
    ['othe', []],
  ])('%j matches %j', (pattern, ids) => {
    expect(matching(pattern)).toEqual(ids);
  });

  it.each(['[', '[]', 'cpu[', 'cpu\\', '[a-]', '[-a]', '[a', '*[', '[z-a', '[]a]'])('malformed %j matches nothing', (pattern) => {
    expect(TaskPattern.parse(pattern).wellFormed).toBe(false);
    expect(matching(pattern)).toEqual([]);
  });

  it('backtracks over several stars', () => {
    expect(TaskPattern.parse('*a*a*b').matches('xaxaaab')).toBe(true);
    expect(TaskPattern.parse('*a*a*b').matches('xaxb')).toBe(false);
    expect(TaskPattern.parse('[z-a]').matches('m')).toBe(false);
  });

  // These took 25 s and 59 s with a matcher that tried every length for every star.
  it('answers patterns with many stars without backtracking through them', () => {
    expect(TaskPattern.parse('************Z').matches('a'.repeat(24))).toBe(false);
    expect(TaskPattern.parse('************Z').matches(`${'a'.repeat(23)}Z`)).toBe(true);
    expect(TaskPattern.parse('*a*a*a*a*a*a*a*a*b').matches('a'.repeat(60))).toBe(false);
    expect(TaskPattern.parse('*a*a*a*a*a*a*a*a*b').matches(`${'a'.repeat(59)}b`)).toBe(true);
    expect(TaskPattern.parse('*a*a*a*a*a*a*a*a*b').matches(`${'a'.repeat(30)}/${'a'.repeat(28)}b`)).toBe(false);
    expect(TaskPattern.parse(`${'*'.repeat(40)}/*`).matches(`${'a'.repeat(200)}/b`)).toBe(true);
  });
});
