import { randomUUID } from 'node:crypto';
import type { SideloadReload, SideloadReloadRefusal } from '@vigil/kapacitor-api';
import { sendSideloadReload, type Redis } from '@vigil/redis';

/**
 * `POST /kapacitor/v1/sideload/reload` in the distributed mode: ingest runs no task, so it asks
 * every evaluator of the deployment over Redis publish/subscribe (`followSideloadReload` in each)
 * and answers 204 once Redis raised the deployment's reload generation and took the message,
 * without waiting for the evaluators: each reads its tasks' directories as it hears it and logs a
 * directory that fails. An evaluator whose subscriber was reconnecting misses the message and
 * catches up from the generation (`followSideloadReload`); one that is down reads the files when
 * it builds its tasks. 503 naming Redis when it cannot raise the generation or take the message.
 */
export class DeploymentSideloadReload implements SideloadReload {
  constructor(
    private readonly redis: () => Redis | undefined,
    private readonly alertsTopic: string,
    private readonly newId: () => string = randomUUID,
  ) {}

  async reload(): Promise<SideloadReloadRefusal | undefined> {
    const redis = this.redis();
    if (redis === undefined) return { status: 503, message: 'ingest has no Redis connection yet: the evaluators were not asked to reload their sideload sources; try again once ingest is ready' };
    try {
      await sendSideloadReload(redis, this.alertsTopic, this.newId());
    } catch (error) {
      return { status: 503, message: `the sideload reload could not be sent to the evaluators through Redis (${(error as Error).message})` };
    }
    return undefined;
  }
}
