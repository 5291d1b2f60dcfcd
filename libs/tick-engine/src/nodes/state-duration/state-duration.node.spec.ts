import { run } from '../../testing/script-harness.test';

describe('stateDuration node', () => {
  it('measures the time in the state in seconds, 0 on entry, -1 when out', () => {
    const points = run(`stream|from()|stateDuration(lambda: "v" > 0)|httpOut('out')`, `m v=1 0\nm v=1 5\nm v=0 7\nm v=1 9\nm v=1 9.5`).outPoints();
    expect(points.map((p) => p.fields['state_duration'])).toEqual([0, 5, -1, 0, 0.5]);
  });

  it('uses the unit and the as name', () => {
    const points = run(`stream|from()|stateDuration(lambda: "v" > 0).unit(1m).as('d')|httpOut('out')`, `m v=1 0\nm v=1 30`).outPoints();
    expect(points.map((p) => p.fields['d'])).toEqual([0, 0.5]);
  });

  it('drops points on a lambda error without touching the streak', () => {
    const points = run(`stream|from()|stateDuration(lambda: "v" > 0)|httpOut('out')`, `m v=1 0\nm x=1 3\nm v=1 4`).outPoints();
    expect(points.map((p) => p.fields['state_duration'])).toEqual([0, 4]);
  });
});
