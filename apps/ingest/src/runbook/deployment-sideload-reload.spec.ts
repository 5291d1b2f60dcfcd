import type { Redis } from '@vigil/redis';
import { DeploymentSideloadReload } from './deployment-sideload-reload';

describe('DeploymentSideloadReload', () => {
  it('refuses with 503 while ingest has no Redis connection', async () => {
    expect(await new DeploymentSideloadReload(() => undefined, 'vigil.alerts').reload()).toEqual({
      status: 503,
      message: 'ingest has no Redis connection yet: the evaluators were not asked to reload their sideload sources; try again once ingest is ready',
    });
  });

  it('refuses with 503 naming Redis and its error when Redis does not take the message', async () => {
    const refusing = { publish: () => Promise.reject(new Error('connection is closed')) } as unknown as Redis;
    expect(await new DeploymentSideloadReload(() => refusing, 'vigil.alerts').reload()).toEqual({
      status: 503,
      message: 'the sideload reload could not be sent to the evaluators through Redis (connection is closed)',
    });
  });

  it('publishes one request on the deployment channel and succeeds, however many evaluators heard it', async () => {
    const sent: [string, string][] = [];
    const redis = { publish: async (channel: string, message: string) => (sent.push([channel, message]), 0) } as unknown as Redis;
    expect(await new DeploymentSideloadReload(() => redis, 'team.alerts', () => 'req-7').reload()).toBeUndefined();
    expect(sent).toEqual([['vigil.sideload-reload:team.alerts', '{"id":"req-7"}']]);
  });
});
