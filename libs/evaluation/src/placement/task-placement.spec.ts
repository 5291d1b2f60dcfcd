import { compileTickScript } from '@vigil/tick-lang';
import { parsePartitionKeys, SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { PROVIDER_HEALTH_BY_PROVIDER_TICK, PROVIDER_HEALTH_TICK } from '@vigil/core';
import { SEED_KEYS } from '../testing/fixtures.test';
import { placeTask, repartitionKeyFor } from './task-placement';

const DBRP = 'dbrp "telegraf"."autogen"\n';

function place(script: string, spec = 'performance_influx=nome_recurso,nome_provedor;*=host') {
  return placeTask(compileTickScript(script.startsWith('dbrp') ? script : DBRP + script).pipeline, parsePartitionKeys(spec));
}

describe('placeTask', () => {
  it('runs the seed task where its points land: its groups are the partition key', () => {
    expect(placeTask(compileTickScript(PROVIDER_HEALTH_TICK).pipeline, SEED_KEYS)).toEqual({ kind: 'local' });
  });

  it('repartitions a task grouped by fewer tags than the key, keyed by its group tags', () => {
    const placement = placeTask(compileTickScript(PROVIDER_HEALTH_BY_PROVIDER_TICK).pipeline, SEED_KEYS);
    expect(placement).toMatchObject({ kind: 'repartition', keyTags: ['nome_provedor'], exclude: [] });
    if (placement.kind !== 'repartition') throw new Error('expected repartition');
    expect(placement.reason).toMatch(/from1 groups by nome_provedor/);
  });

  it('accepts groupings that are a superset of the key', () => {
    expect(place(`stream|from().measurement('cpu').groupBy('host', 'cpu')|window().period(1m)|count('v')`)).toEqual({ kind: 'local' });
  });

  it('repartitions a stateful task without groupBy to a single key', () => {
    expect(place(`stream|from().measurement('cpu')|window().period(1m)|count('v')`)).toMatchObject({ kind: 'repartition', keyTags: [] });
  });

  it('ignores groupings whose scope keeps no state', () => {
    expect(place(`stream|from().measurement('cpu')|where(lambda: "v" > 1)|groupBy('host')|stateCount(lambda: "v" > 2)`)).toEqual({ kind: 'local' });
    expect(place(`stream|from().measurement('cpu')|log()`)).toEqual({ kind: 'local' });
  });

  it('counts a stateful lambda function as state', () => {
    expect(place(`stream|from().measurement('cpu')|where(lambda: sigma("v") > 3)|groupBy('host')|log()`)).toMatchObject({ kind: 'repartition', keyTags: [] });
  });

  it('takes the tags common to every stateful grouping as the repartition key', () => {
    const script = `stream|from().measurement('cpu').groupBy('dc', 'rack')|stateCount(lambda: "v" > 1)|groupBy('dc')|window().period(1m)|count('v')`;
    expect(place(script)).toMatchObject({ kind: 'repartition', keyTags: ['dc'] });
  });

  it('keeps * groupings local unless they exclude a key tag', () => {
    expect(place(`stream|from().measurement('cpu')|groupBy(*)|stateCount(lambda: "v" > 1)`)).toEqual({ kind: 'local' });
    expect(place(`stream|from().measurement('cpu')|groupBy(*).exclude('host')|stateCount(lambda: "v" > 1)`)).toMatchObject({
      kind: 'repartition',
      keyTags: '*',
      exclude: ['host'],
    });
  });

  it('with series keys, keeps only whole-series groupings local', () => {
    const pipeline = (script: string) => compileTickScript(DBRP + script).pipeline;
    expect(placeTask(pipeline(`stream|from().measurement('cpu').groupBy(*)|stateCount(lambda: "v" > 1)`), SERIES_PARTITION_KEYS)).toEqual({ kind: 'local' });
    expect(placeTask(pipeline(`stream|from().groupBy(*)|stateCount(lambda: "v" > 1)`), SERIES_PARTITION_KEYS)).toMatchObject({ kind: 'repartition' });
    expect(placeTask(pipeline(`stream|from().groupBy(*).groupByMeasurement()|stateCount(lambda: "v" > 1)`), SERIES_PARTITION_KEYS)).toEqual({ kind: 'local' });
  });

  it('for a from() of any measurement, needs one key tag list for all measurements', () => {
    expect(place(`stream|from().groupBy('host')|stateCount(lambda: "v" > 1)`, 'cpu=host;*=host')).toEqual({ kind: 'local' });
    expect(place(`stream|from().groupBy('host')|stateCount(lambda: "v" > 1)`, 'cpu=host,cpu;*=host')).toMatchObject({ kind: 'repartition', keyTags: ['host'] });
  });

  it('counts the stats node of a deadman as state of the grouping it observes', () => {
    expect(place(`stream|from().measurement('cpu').groupBy('dc')|deadman(1.0, 1m)`)).toMatchObject({ kind: 'repartition', keyTags: ['dc'] });
    expect(place(`stream|from().measurement('cpu').groupBy('host')|deadman(1.0, 1m)`)).toEqual({ kind: 'local' });
  });

  it('counts a groupBy that receives batches as state of its new groups (it holds merged batches)', () => {
    const windowed = `stream|from().measurement('cpu').groupBy('host')|window().period(1m).every(1m)`;
    expect(place(`${windowed}|groupBy('dc')|log()`)).toMatchObject({ kind: 'repartition', keyTags: [] });
    expect(place(`${windowed}|groupBy('host', 'dc')|log()`)).toEqual({ kind: 'local' });
    expect(place(`stream|from().measurement('cpu')|groupBy('dc')|log()`)).toEqual({ kind: 'local' });
  });
});

describe('placeTask: nodes with several parents', () => {
  const join = (on = '') => `var c = stream|from().measurement('cpu').groupBy('host')
    var m = stream|from().measurement('mem').groupBy('host', 'dev')
    c|join(m).as('c', 'm')${on}|alert().crit(lambda: "m.used" > "c.v")`;

  it('keeps a join of two measurements local when both are keyed by the same tags among its groups', () => {
    const same = `var c = stream|from().measurement('cpu').groupBy('host')
      var m = stream|from().measurement('mem').groupBy('host')
      c|join(m).as('c', 'm')|log()`;
    expect(place(same, 'cpu=host;mem=host')).toEqual({ kind: 'local' });
    expect(place(same, '*=host')).toEqual({ kind: 'local' });
  });

  it('repartitions both parents by the tags the join groups share when their keys differ', () => {
    const same = `var c = stream|from().measurement('cpu').groupBy('host')
      var m = stream|from().measurement('mem').groupBy('host')
      c|join(m).as('c', 'm')|log()`;
    expect(place(same, 'cpu=host;mem=host,dev')).toMatchObject({ kind: 'repartition', keyTags: ['host'] });
    // Each parent alone is local here; only the join needs both on one partition.
    const both = `var c = stream|from().measurement('cpu').groupBy('host', 'dc')
      var m = stream|from().measurement('mem').groupBy('host', 'dc')
      c|join(m).as('c', 'm')|log()`;
    const placement = place(both, 'cpu=host;mem=dc');
    expect(placement).toMatchObject({ kind: 'repartition', keyTags: ['dc', 'host'] });
    if (placement.kind !== 'repartition') throw new Error('expected repartition');
    expect(placement.reason).toBe('join4 brings together cpu, mem grouped by host, dc, which their partition keys do not put on one partition');
    expect(placeTask(compileTickScript(DBRP + same).pipeline, SERIES_PARTITION_KEYS)).toMatchObject({ kind: 'repartition', keyTags: ['host'] });
  });

  it('runs a join on .on() tags and a union on one partition: their state spans groups', () => {
    expect(place(join(".on('host')"), '*=host')).toMatchObject({ kind: 'repartition', keyTags: [] });
    const union = `var a = stream|from().measurement('logins').groupBy('user')
      var b = stream|from().measurement('logouts').groupBy('user')
      a|union(b)|window().period(1m).every(1m)|count('user')`;
    expect(place(union, '*=user')).toMatchObject({ kind: 'repartition', keyTags: [] });
    expect(place(union, '*=')).toEqual({ kind: 'local' });
  });
});

describe('repartitionKeyFor', () => {
  it('takes a delete of a group-by tag as a regrouping: the groups that differed by it merge', () => {
    const byHostAndCpu = `stream|from().measurement('cpu').groupBy('host', 'cpu')`;
    expect(place(`${byHostAndCpu}|delete().tag('cpu')|window().period(1m)|sum('v')`, '*=host,cpu')).toMatchObject({ kind: 'repartition', keyTags: ['host'] });
    expect(place(`${byHostAndCpu}|delete().tag('region').field('x')|window().period(1m)|sum('v')`, '*=host,cpu')).toEqual({ kind: 'local' });
    expect(place(`stream|from().measurement('cpu').groupBy(*)|delete().tag('cpu')|window().period(1m)|sum('v')`, '*=host,cpu')).toMatchObject({ kind: 'repartition' });
  });

  it('counts combine as state of its groups', () => {
    const combine = `|combine(lambda: TRUE, lambda: TRUE).as('a', 'b')`;
    expect(place(`stream|from().measurement('cpu').groupBy('host')${combine}`)).toEqual({ kind: 'local' });
    expect(place(`stream|from().measurement('cpu')${combine}`)).toMatchObject({ kind: 'repartition', keyTags: [] });
  });

  it('keys by the listed tags, or by all tags but the excluded ones', () => {
    expect(repartitionKeyFor({ tags: { dc: 'x', host: 'a' } }, { kind: 'repartition', keyTags: ['dc'], exclude: [], reason: '' })).toBe('dc=x');
    expect(repartitionKeyFor({ tags: { dc: 'x', host: 'a', cpu: '1' } }, { kind: 'repartition', keyTags: '*', exclude: ['host'], reason: '' })).toBe('cpu=1,dc=x');
    expect(repartitionKeyFor({ tags: { dc: 'x' } }, { kind: 'repartition', keyTags: [], exclude: [], reason: '' })).toBe('');
  });
});
