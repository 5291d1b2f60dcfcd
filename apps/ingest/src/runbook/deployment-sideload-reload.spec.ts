import type { Redis } from '@vigil/redis';
import { DeploymentSideloadReload } from './deployment-sideload-reload';

describe('DeploymentSideloadReload', () => {
  it('refuses with 503 while ingest has no Redis connection', async () => {
    expect(await new DeploymentSideloadReload(() => undefined, 'vigil.alerts').reload()).toEqual({
      status: 503,
      message: 'ingest has no Redis connection yet: the evaluators were not asked to reload their sideload sources; try again once ingest is ready',
    });
  });

  it('refuses with 503 naming Redis and its error when Redis does not raise the generation or take the message', async () => {
    const refusing = [
      { incr: () => Promise.reject(new Error('connection is closed')), publish: () => Promise.resolve(1) },
      { incr: () => Promise.resolve(1), publish: () => Promise.reject(new Error('connection is closed')) },
    ] as unknown as Redis[];
    for (const redis of refusing) {
      expect(await new DeploymentSideloadReload(() => redis, 'vigil.alerts').reload()).toEqual({
        status: 503,
        message: 'the sideload reload could not be sent to the evaluators through Redis (connection is closed)',
      });
    }
  });

  it('raises the generation, publishes one request with it on the deployment channel and succeeds, however many evaluators heard it', async () => {
    const sent: [string, string][] = [];
    const counters = new Map<string, number>([['vigil.sideload-reload-generation:team.alerts', 4]]);
    const redis = {
      incr: async (key: string) => (counters.set(key, (counters.get(key) ?? 0) + 1), counters.get(key)),
      publish: async (channel: string, message: string) => (sent.push([channel, message]), 0),
    } as unknown as Redis;
    expect(await new DeploymentSideloadReload(() => redis, 'team.alerts', () => 'req-7').reload()).toBeUndefined();
    expect(sent).toEqual([['vigil.sideload-reload:team.alerts', '{"id":"req-7","generation":5}']]);
    expect(counters.get('vigil.sideload-reload-generation:team.alerts')).toBe(5);
  });
});
