import { tapLogger } from '@vigil/kapacitor-api';
import { createLogger } from '@vigil/observability';
import type { Redis } from '@vigil/redis';
import { DeploymentLogLevel } from './deployment-log-level';

describe('DeploymentLogLevel', () => {
  const logger = createLogger({ service: 'deployment-log-level-spec', level: 'warn' });

  it('changes nothing and says why when ingest has no Redis connection yet', async () => {
    const level = new DeploymentLogLevel(tapLogger(logger), logger, () => undefined, 'vigil.alerts');
    await expect(level.setLevel('debug')).rejects.toThrow('ingest has no Redis connection yet: the log level was not changed; try again once ingest is ready');
    expect(level.level).toBe('warn');
  });

  it('changes nothing when Redis refuses the message, naming Redis and its error', async () => {
    const refusing = { publish: () => Promise.reject(new Error('connection is closed')) } as unknown as Redis;
    const level = new DeploymentLogLevel(tapLogger(logger), logger, () => refusing, 'vigil.alerts');
    await expect(level.setLevel('debug')).rejects.toThrow('the log level could not be sent to the deployment through Redis (connection is closed): nothing was changed');
    expect(logger.level).toBe('warn');
  });

  it('sets its own level once Redis took the message for the deployment channel', async () => {
    const sent: [string, string][] = [];
    const redis = { publish: async (channel: string, message: string) => sent.push([channel, message]) } as unknown as Redis;
    const own = createLogger({ service: 'deployment-log-level-spec', level: 'warn' });
    const level = new DeploymentLogLevel(tapLogger(own), own, () => redis, 'team.alerts');
    await level.setLevel('ERROR');
    expect(sent).toEqual([['vigil.log-level:team.alerts', '{"level":"error"}']]);
    expect(level.level).toBe('error');
  });
});
