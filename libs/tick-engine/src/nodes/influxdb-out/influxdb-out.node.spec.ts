import { run } from '../../testing/script-harness.test';

describe('influxDBOut node', () => {
  it('writes points to its database, renamed, with extra tags, at its precision', () => {
    const recorder = run(
      `stream|from()|influxDBOut().database('out').retentionPolicy('week').measurement('copy').tag('source', 'vigil').precision('s')`,
      `m,host=a v=1 1.7`,
    );
    expect(recorder.points).toEqual([
      {
        sink: { node: 'influxdb_out2', kind: 'influxDBOut', database: 'out', retentionPolicy: 'week', measurement: 'copy' },
        point: { database: 'out', retentionPolicy: 'week', name: 'copy', tags: { host: 'a', source: 'vigil' }, fields: { v: 1 }, time: 1_000_000_000n },
      },
    ]);
  });

  it('writes each point of a batch under the batch name', () => {
    const recorder = run(`stream|from()|window().period(10s).every(10s).align()|influxDBOut().database('out')`, `m v=1 1\nm v=2 2\nm v=3 12`);
    expect(recorder.points.map(({ point }) => [point.name, point.fields['v']])).toEqual([
      ['m', 1],
      ['m', 2],
    ]);
  });
});
