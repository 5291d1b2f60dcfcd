import { describe, expect, it } from 'vitest';
import { checkTickScript, compileTickScript } from '../index';

const QUERY = `batch
  |query('SELECT mean("usage") FROM "telegraf"."autogen"."cpu" WHERE "host" = \\'a\\'')
    .period(5m).every(1m).align().offset(10s)
    .groupBy(time(1m, -5s), 'host', *).groupByMeasurement().fill('none').cluster('east')
  |alert().crit(lambda: "mean" > 80.0)`;

describe('batch tasks', () => {
  it('start from batch (node 0, as Kapacitor numbers them) and keep the query properties in order', () => {
    const { pipeline } = compileTickScript(QUERY);
    expect(pipeline.nodes.map((node) => node.name)).toEqual(['batch0', 'query1', 'alert2']);
    const query = pipeline.nodes[1];
    expect(query?.properties.map((call) => call.name)).toEqual(['period', 'every', 'align', 'offset', 'groupBy', 'groupByMeasurement', 'fill', 'cluster']);
    expect(query?.properties[4]?.args).toEqual([
      { type: 'timeDimension', length: 60_000_000_000n, offset: -5_000_000_000n },
      { type: 'string', value: 'host' },
      { type: 'star' },
    ]);
  });

  it('reports each problem at its line:column', () => {
    const problems = (script: string) => checkTickScript(script).map((error) => `${error.line}:${error.column} ${error.message}`);
    expect(problems("batch\n  |query('SELECT x FROM m').every(1m).cron('0 * * * *')")).toEqual([
      "2:39 must not set both 'every' and 'cron' properties",
    ]);
    expect(problems("batch|query('SHOW DATABASES').every(1m)")).toEqual(['1:7 failed to parse InfluxQL query: query is not a select statement: found SHOW']);
    expect(problems("batch|query('SELECT x FROM m').cron('61 * * * *')")).toEqual(['1:32 cron minute field "61": values must be within 0-59']);
    expect(problems("batch|query('SELECT x FROM m').every(1m).groupBy(time(1m), 10s)")).toEqual(['1:42 groupBy cannot have more than one time dimension']);
    expect(problems("batch|query('SELECT x FROM m').every(1m).fill('zero')")).toEqual([
      "1:47 query.fill: argument value must be one of null, none, previous, linear, got 'zero'",
    ]);
    expect(problems("batch|query('SELECT x FROM m').every(1m).groupBy(time('1m'))")).toEqual(["1:55 time(): arguments must be durations, got string '1m'"]);
  });

  it('knows stream from batch: each task has only its own source', () => {
    expect(checkTickScript("stream|from()\nbatch|query('SELECT x FROM m').every(1m)").map((error) => error.message)).toEqual([
      'undefined variable batch: this is a stream task, which starts from stream',
    ]);
    expect(checkTickScript("batch|from()").map((error) => error.message)).toEqual(['from() can only follow stream: write stream|from()']);
    expect(checkTickScript("stream|from()|query('SELECT x FROM m')").map((error) => error.message)).toEqual(['query cannot follow from (from1)']);
    expect(checkTickScript('batch').map((error) => error.message)).toEqual(["the script builds no pipeline: a batch task starts with batch|query('SELECT ...')"]);
    expect(compileTickScript("stream|from()", { type: 'stream' }).pipeline.nodes[0]?.type).toBe('stream');
  });

  it("declares promQL as vigil's extension", () => {
    const { pipeline } = compileTickScript("batch|promQL('up == 0').period(5m).every(1m).step(1m)|alert().crit(lambda: TRUE)");
    expect(pipeline.nodes.map((node) => node.name)).toEqual(['batch0', 'promql1', 'alert2']);
  });
});
