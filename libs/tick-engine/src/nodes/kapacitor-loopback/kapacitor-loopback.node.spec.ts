import { run } from '../../testing/script-harness.test';

describe('kapacitorLoopback node', () => {
  it('writes points back to its database and retention policy', () => {
    const recorder = run(`stream|from()|kapacitorLoopback().database('loop').retentionPolicy('autogen').measurement('derived')`, `m,host=a v=1 1`);
    expect(recorder.points.map(({ sink, point }) => [sink.kind, point.database, point.retentionPolicy, point.name, point.tags])).toEqual([
      ['kapacitorLoopback', 'loop', 'autogen', 'derived', { host: 'a' }],
    ]);
  });
});
