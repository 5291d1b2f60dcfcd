import { ConfigError, type ConfigIssue } from '../config-error';
import { urlVar } from '../env-fields';
import { parseEnv } from '../parse-env';
import { redisTopologyOf } from './redis-security';
import { redisSecurityEnv } from './transport-env';

const ENV = { REDIS_URL: urlVar(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'), ...redisSecurityEnv() };

function topologyOf(env: Record<string, string>) {
  const parsed = parseEnv('test', ENV, env);
  const issues: ConfigIssue[] = [];
  const topology = redisTopologyOf(parsed, issues);
  return { topology, issues: issues.map((issue) => `${issue.variable}: ${issue.reason}`) };
}

describe('redisTopologyOf', () => {
  it('is one server at REDIS_URL by default', () => {
    expect(topologyOf({})).toEqual({ topology: { mode: 'single' }, issues: [] });
  });

  it('seeds a cluster from REDIS_CLUSTER_NODES, or from the URL without them', () => {
    expect(topologyOf({ REDIS_MODE: 'cluster', REDIS_CLUSTER_NODES: 'a:7000, b:7001' }).topology).toEqual({
      mode: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
      ],
    });
    expect(topologyOf({ REDIS_MODE: 'cluster', REDIS_URL: 'rediss://redis.example:6380' }).topology).toEqual({ mode: 'cluster', nodes: [{ host: 'redis.example', port: 6380 }] });
  });

  it('refuses a database other than 0 in cluster mode', () => {
    expect(topologyOf({ REDIS_MODE: 'cluster', REDIS_URL: 'redis://h:1/2' }).issues).toEqual(['REDIS_URL: names database 2, but a Redis Cluster has only database 0']);
  });

  it('needs the Sentinels and the master name in sentinel mode', () => {
    const { topology, issues } = topologyOf({ REDIS_MODE: 'sentinel', REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_MASTER: 'mymaster' });
    expect(issues).toEqual([]);
    expect(topology).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      master: 'mymaster',
      sentinelPassword: undefined,
    });
    expect(topologyOf({ REDIS_MODE: 'sentinel' }).issues.map((issue) => issue.split(':')[0])).toEqual(['REDIS_SENTINELS', 'REDIS_SENTINEL_MASTER']);
  });

  it('names variables that the chosen mode would ignore', () => {
    expect(topologyOf({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINEL_MASTER: 'm' }).issues.map((issue) => issue.split(':')[0])).toEqual(['REDIS_CLUSTER_NODES', 'REDIS_SENTINEL_MASTER']);
  });

  it('rejects an unknown mode and a malformed node list', () => {
    expect(() => topologyOf({ REDIS_MODE: 'replica', REDIS_CLUSTER_NODES: 'a' })).toThrow(ConfigError);
  });
});
